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

// Not new URL('../..', import.meta.url): Vite rewrites that pattern into an asset URL in jsdom tests.
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface RunningBackend {
  /** Origin, e.g. http://127.0.0.1:41234 */
  url: string;
  /** Foyer's own inbound SMTP port, when started with `inboundSmtp`. */
  inboundSmtpPort?: number;
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
  /** Outgoing mail goes to this server (`--smtp-url`), e.g. a test SMTP sink. */
  smtpUrl?: string;
  /** Also listen for incoming mail on a free port (`--inbound-smtp-port 0`). */
  inboundSmtp?: boolean;
}

const INBOUND_LINE = /inbound SMTP listening on [^\s]+:(\d+)/;

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
  if (options.smtpUrl) args.push('--smtp-url', options.smtpUrl);
  if (options.inboundSmtp) args.push('--inbound-smtp-port', '0');
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

  // The forum's listening line comes first; the inbound SMTP line (when asked for) follows it.
  const started = await new Promise<{ url: string; inboundSmtpPort?: number }>((resolve, reject) => {
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
    let url = '';
    const done = (inboundSmtpPort?: number) => {
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve(inboundSmtpPort === undefined ? { url } : { url, inboundSmtpPort });
    };
    child.once('exit', onExit);
    createInterface({ input: child.stdout }).on('line', (line) => {
      output.push(line);
      const address = parseListeningLine(line);
      if (address && !url) {
        url = address.url;
        if (!options.inboundSmtp) done();
        return;
      }
      const inbound = INBOUND_LINE.exec(line);
      if (inbound && url) done(Number(inbound[1]));
    });
  });
  return {
    ...started,
    dataDir,
    output,
    stop,
    ...(options.launchToken ? { launchToken: options.launchToken } : {}),
  };
}
