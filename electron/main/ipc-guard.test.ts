import { describe, expect, it } from 'vitest';
import { guardInvocation } from './ipc-guard';

const app = 'http://127.0.0.1:41234';
const page = `${app}/`;

describe('guardInvocation', () => {
  it('passes parsed arguments through for the app frame', () => {
    expect(guardInvocation('foyer:open-external', page, ['https://example.com/'], app)).toEqual({
      ok: true,
      args: ['https://example.com/'],
    });
    expect(guardInvocation('foyer:set-preference', page, ['theme', 'dark'], app)).toEqual({
      ok: true,
      args: ['theme', 'dark'],
    });
  });

  it('refuses frames that are not the app, whatever the arguments', () => {
    const result = guardInvocation('foyer:backend', 'https://evil.test/', [], app);
    expect(result.ok).toBe(false);
    expect(guardInvocation('foyer:backend', undefined, [], app).ok).toBe(false);
    expect(guardInvocation('foyer:backend', page, [], null).ok).toBe(false);
  });

  it('refuses arguments that do not match the channel schema, naming the problem', () => {
    const wrongType = guardInvocation('foyer:set-preference', page, ['undoSendSeconds', 'five'], app);
    expect(!wrongType.ok && wrongType.reason).toMatch(/invalid value for undoSendSeconds: .*number/);
    const unknownKey = guardInvocation('foyer:set-preference', page, ['fontSize', 12], app);
    expect(!unknownKey.ok && unknownKey.reason).toContain('unknown preference "fontSize"');
    expect(guardInvocation('foyer:set-preference', page, ['undoSendSeconds', 600], app).ok).toBe(false);
    expect(guardInvocation('foyer:set-preference', page, ['__proto__', {}], app).ok).toBe(false);
    expect(guardInvocation('foyer:open-external', page, [42], app).ok).toBe(false);
    expect(guardInvocation('foyer:open-external', page, [], app).ok).toBe(false);
    expect(guardInvocation('foyer:backend', page, ['extra'], app).ok).toBe(false);
    const missing = guardInvocation('foyer:open-external', page, [], app);
    expect(!missing.ok && missing.reason).toContain('foyer:open-external: invalid arguments');
  });
});
