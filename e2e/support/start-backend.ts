// A real Foyer backend per test: fresh temporary data folder, a free port, stopped and
// deleted afterwards. Started exactly as `npm run server` does, through tsx. No Playwright
// import here, so vitest tests of the renderer's stores can start a real forum as well.
import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseListeningLine } from '../../electron/main/listening-line';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface RunningBackend {
  /** Origin, e.g. http://127.0.0.1:41234 */
  url: string;
  dataDir: string;
  /** Everything the backend printed so far (for failure messages). */
  output: string[];
  /** The X-Foyer-Launch-Token it demands, when started with one. */
  launchToken?: string;
  stop(): Promise<void>;
}

export interface BackendOptions {
  /** Require this X-Foyer-Launch-Token on every request, as the desktop app does. */
  launchToken?: string;
  startTimeoutMs?: number;
  /** API-only tests need no client: skip the renderer build check. */
  skipRendererBuild?: boolean;
}

let rendererChecked = false;

/** The backend serves renderer/dist; build it once per run if it is missing or stale. */
function ensureRendererBuilt(): void {
  if (rendererChecked) return;
  const result = spawnSync(process.execPath, ['build/scripts/ensure-renderer-build.mjs'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`Renderer build failed:\n${result.stdout}${result.stderr}`);
  rendererChecked = true;
}

export async function startBackend(options: BackendOptions = {}): Promise<RunningBackend> {
  if (!options.skipRendererBuild) ensureRendererBuilt();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'foyer-e2e-'));
  const args = [
    '--import',
    'tsx',
    'backend/cli/server.ts',
    '--data',
    dataDir,
    '--port',
    '0',
    '--host',
    '127.0.0.1',
  ];
  if (options.launchToken) args.push('--launch-token', options.launchToken);
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('FOYER_')) delete env[name];
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn(process.execPath, args, {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => output.push(line));

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const closed = new Promise((resolve) => child.once('close', resolve));
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await closed;
      clearTimeout(killer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => fail('it printed no listening line in time'),
      options.startTimeoutMs ?? 30_000,
    );
    const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
      fail(`it exited (${signal ?? `code ${code}`})`);
    function fail(why: string): void {
      clearTimeout(timer);
      child.off('exit', onExit);
      void stop();
      reject(new Error(`The backend did not start: ${why}.\n${output.join('\n')}`));
    }
    child.once('exit', onExit);
    createInterface({ input: child.stdout }).on('line', (line) => {
      output.push(line);
      const address = parseListeningLine(line);
      if (address) {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve(address.url);
      }
    });
  });
  return { url, dataDir, output, stop, ...(options.launchToken ? { launchToken: options.launchToken } : {}) };
}
