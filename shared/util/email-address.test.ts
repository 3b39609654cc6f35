import { describe, expect, it } from 'vitest';
import { isValidEmail, normalizeEmail } from './email-address';

describe('email addresses', () => {
  it('normalizes case and surrounding spaces (behaviour.md §6 G 74)', () => {
    expect(normalizeEmail(' S@X.org ')).toBe('s@x.org');
  });
  it('accepts ordinary and plus addresses, refuses broken ones', () => {
    for (const ok of ['a@x.org', 'first.last+tag@mail.example.co.uk', "o'neil@x.io"])
      expect(isValidEmail(ok)).toBe(true);
    for (const bad of [
      '',
      'nodomain@',
      '@x.org',
      'a@x',
      'a b@x.org',
      'a@@x.org',
      'x'.repeat(65) + '@x.org',
      `a@${'x'.repeat(250)}.org`,
    ]) {
      expect(isValidEmail(bad)).toBe(false);
    }
  });
});
