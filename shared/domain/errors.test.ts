import { describe, expect, it } from 'vitest';
import { DomainError, errorBody, errorCatalog, errorCodes } from './errors';

describe('the error catalog', () => {
  // The families are joined by spreading, where a code in two of them would silently win once.
  it('holds every code once, each with its own entry', () => {
    expect(new Set(errorCodes).size).toBe(errorCodes.length);
    expect(Object.keys(errorCatalog).sort()).toEqual([...errorCodes].sort());
  });

  it('gives every failure a 4xx status (or Discourse’s 200 for a failed login) and a message', () => {
    for (const [code, spec] of Object.entries(errorCatalog)) {
      expect(spec.status === 200 || (spec.status >= 400 && spec.status < 500), code).toBe(true);
      expect(spec.message({}).length, code).toBeGreaterThan(0);
    }
  });

  it('answers a failure in Discourse’s shape, with what to fix', () => {
    const err = new DomainError('pm_invalid_email', { email: 'bob@' });
    expect(errorBody(err)).toEqual({
      errors: ['"bob@" is not a valid email address; correct it or remove it from the recipients.'],
      error_type: 'invalid_parameters',
    });
  });
});
