import { describe, expect, it } from 'vitest';
import { envName, portOption, readOptions, UsageError } from './options';

describe('command-line options', () => {
  it('reads flags, falling back to FOYER_<FLAG> variables', () => {
    expect(envName('inbound-smtp-port')).toBe('FOYER_INBOUND_SMTP_PORT');
    const { values } = readOptions(['--data', '/d'], ['data', 'port'] as const, {
      FOYER_PORT: '8080',
      FOYER_DATA: '/env',
    });
    expect(values).toEqual({ data: '/d', port: '8080' });
  });
  it('explains bad flags and ports', () => {
    expect(() => readOptions(['--nope', 'x'], ['data'] as const, {})).toThrow(UsageError);
    expect(() => portOption('http', 'port', 1)).toThrow(/port number/);
    expect(portOption('0', 'port', 1)).toBe(0);
  });
});
