import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  backendCommand,
  createLaunchToken,
  resolveForumDataDir,
  restartDelayMs,
  type BackendLaunchContext,
} from './backend-launch';

const context: BackendLaunchContext = {
  packaged: false,
  execPath: '/opt/Foyer/foyer',
  resourcesPath: '/opt/Foyer/resources',
  repoRoot: '/src/foyer',
  dataDir: '/home/ada/.config/Foyer/forum',
  token: 'a'.repeat(64),
  port: 0,
  env: { PATH: '/usr/bin', FOYER_PORT: '9999', FOYER_DATA: '/elsewhere' },
};

describe('createLaunchToken', () => {
  it('is 256 random bits in hex, different every launch', () => {
    const a = createLaunchToken();
    const b = createLaunchToken();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toBe(b);
  });
});

describe('resolveForumDataDir', () => {
  it('keeps the forum in a "forum" folder inside Electron userData', () => {
    expect(resolveForumDataDir('/home/ada/.config/Foyer', {})).toBe(
      path.join('/home/ada/.config/Foyer', 'forum'),
    );
  });

  it('honours FOYER_DATA so tests can use a throwaway folder', () => {
    expect(resolveForumDataDir('/home/ada/.config/Foyer', { FOYER_DATA: '/tmp/x' })).toBe(
      path.resolve('/tmp/x'),
    );
    expect(resolveForumDataDir('/u', { FOYER_DATA: '  ' })).toBe(path.join('/u', 'forum'));
  });
});

describe('backendCommand', () => {
  it('runs the TypeScript source with the system node in a checkout', () => {
    const command = backendCommand(context);
    expect(command.command).toBe('node');
    expect(command.cwd).toBe('/src/foyer');
    expect(command.args).toEqual([
      '--import',
      'tsx',
      'backend/cli/server.ts',
      '--data',
      '/home/ada/.config/Foyer/forum',
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--renderer-dir',
      path.join('/src/foyer', 'renderer', 'dist'),
    ]);
  });

  it('passes the token in the environment, never on the command line', () => {
    const command = backendCommand(context);
    expect(command.env.FOYER_LAUNCH_TOKEN).toBe(context.token);
    expect(command.args.join(' ')).not.toContain(context.token);
  });

  it('drops inherited FOYER_* settings that would override the flags', () => {
    const { env } = backendCommand(context);
    expect(env.FOYER_PORT).toBeUndefined();
    expect(env.FOYER_DATA).toBeUndefined();
    expect(env.PATH).toBe('/usr/bin');
  });

  it('runs the bundled backend with Electron as Node when packaged', () => {
    const command = backendCommand({ ...context, packaged: true, port: 41234 });
    expect(command.command).toBe('/opt/Foyer/foyer');
    expect(command.env.ELECTRON_RUN_AS_NODE).toBe('1');
    expect(command.args[0]).toBe(path.join('/opt/Foyer/resources', 'backend', 'server.mjs'));
    expect(command.args).toContain('41234');
    expect(command.args.at(-1)).toBe(path.join('/opt/Foyer/resources', 'renderer'));
  });

  it('uses FOYER_NODE when a developer needs another Node', () => {
    expect(backendCommand({ ...context, env: { FOYER_NODE: '/opt/node22/bin/node' } }).command).toBe(
      '/opt/node22/bin/node',
    );
  });
});

describe('restartDelayMs', () => {
  it('backs off exponentially and caps at 30 s', () => {
    expect([1, 2, 3, 4].map(restartDelayMs)).toEqual([500, 1000, 2000, 4000]);
    expect(restartDelayMs(50)).toBe(30_000);
  });
});
