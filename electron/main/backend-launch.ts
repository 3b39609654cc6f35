// Pure decisions about how the desktop app launches its bundled forum: the per-launch
// token, the data folder, the command line and the restart delay. Kept free of
// `electron` so it runs under vitest in plain Node.
import { randomBytes } from 'node:crypto';
import path from 'node:path';

/** 256 random bits as hex: the per-launch secret the backend demands on every request. */
export function createLaunchToken(): string {
  return randomBytes(32).toString('hex');
}

/**
 * The forum's SQLite folder: `<userData>/forum`, or `FOYER_DATA` when set so tests and
 * developers can point a window at a throwaway folder.
 */
export function resolveForumDataDir(userData: string, env: NodeJS.ProcessEnv): string {
  const override = env.FOYER_DATA?.trim();
  return override ? path.resolve(override) : path.join(userData, 'forum');
}

export interface BackendLaunchContext {
  packaged: boolean;
  /** Electron's own binary (process.execPath in the main process). */
  execPath: string;
  /** process.resourcesPath when packaged; the repository root in development. */
  resourcesPath: string;
  repoRoot: string;
  dataDir: string;
  token: string;
  /** 0 lets the OS choose; a restart first retries the previous port so open pages keep working. */
  port: number;
  env: NodeJS.ProcessEnv;
}

export interface BackendCommand {
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/**
 * Packaged: Electron's binary runs the bundled `backend/server.mjs` as plain Node
 * (ELECTRON_RUN_AS_NODE), so better-sqlite3 there must be built for Electron's ABI.
 * Development: the system `node` (or FOYER_NODE) runs the TypeScript source through tsx,
 * because node_modules' better-sqlite3 is built for that Node, not for Electron.
 */
export function backendCommand(ctx: BackendLaunchContext): BackendCommand {
  const common = ['--data', ctx.dataDir, '--port', String(ctx.port), '--host', '127.0.0.1'];
  // The token travels in the environment, not argv, so `ps` does not show it to other users.
  const env: NodeJS.ProcessEnv = { ...ctx.env, FOYER_LAUNCH_TOKEN: ctx.token };
  delete env.FOYER_DATA;
  delete env.FOYER_PORT;
  delete env.FOYER_HOST;
  if (ctx.packaged) {
    const backendDir = path.join(ctx.resourcesPath, 'backend');
    return {
      command: ctx.execPath,
      args: [
        path.join(backendDir, 'server.mjs'),
        ...common,
        '--renderer-dir',
        path.join(ctx.resourcesPath, 'renderer'),
      ],
      cwd: backendDir,
      env: { ...env, ELECTRON_RUN_AS_NODE: '1' },
    };
  }
  return {
    command: ctx.env.FOYER_NODE?.trim() || 'node',
    args: [
      '--import',
      'tsx',
      'backend/cli/server.ts',
      ...common,
      '--renderer-dir',
      path.join(ctx.repoRoot, 'renderer', 'dist'),
    ],
    cwd: ctx.repoRoot,
    env,
  };
}

/** Exponential backoff for crash restarts: 0.5 s, 1 s, 2 s ... capped at 30 s. */
export function restartDelayMs(consecutiveFailures: number): number {
  const exponent = Math.max(0, consecutiveFailures - 1);
  return Math.min(30_000, 500 * 2 ** Math.min(exponent, 10));
}

/** A run this long counts as healthy: the next crash starts the backoff from the beginning. */
export const healthyRunMs = 60_000;
