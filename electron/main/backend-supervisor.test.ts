// Drives the supervisor against a tiny fake backend (a real child process with a real HTTP
// listener) that follows the backend CLI contract: `--port`, one listening line, SIGTERM.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackendStartError, BackendSupervisor, type SupervisorOptions } from './backend-supervisor';

const fakeBackend = String.raw`
const http = require('node:http');
const fs = require('node:fs');
const port = Number(process.argv[process.argv.indexOf('--port') + 1]);
const mode = process.env.FAKE_MODE;
const marker = process.env.FAKE_MARKER;
if (mode === 'silent') { console.log('booting'); console.error('cannot open database'); process.exit(3); }
if (mode === 'hang') { console.log('booting'); setInterval(() => {}, 1000); return; }
if (mode === 'ignore-sigterm') process.on('SIGTERM', () => {});
else process.on('SIGTERM', () => process.exit(0));
const server = http.createServer((_req, res) => res.end('forum'));
server.listen(port, '127.0.0.1', () => {
  console.log('Foyer forum listening on http://127.0.0.1:' + server.address().port);
  if (mode === 'crash-once' && !fs.existsSync(marker)) {
    fs.writeFileSync(marker, 'crashed');
    setTimeout(() => process.exit(1), 50);
  }
});
`;

let dir: string;
let script: string;
const running: BackendSupervisor[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'foyer-supervisor-'));
  script = path.join(dir, 'fake-backend.cjs');
  writeFileSync(script, `(() => {${fakeBackend}})();`);
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((supervisor) => supervisor.stop()));
  rmSync(dir, { recursive: true, force: true });
});

function supervise(mode: string, extra: Partial<SupervisorOptions> = {}) {
  const ports: number[] = [];
  const supervisor = new BackendSupervisor({
    command: (port) => {
      ports.push(port);
      return {
        command: process.execPath,
        args: [script, '--port', String(port)],
        cwd: dir,
        env: { ...process.env, FAKE_MODE: mode, FAKE_MARKER: path.join(dir, 'crashed') },
      };
    },
    restartDelayMs: () => 20,
    ...extra,
  });
  running.push(supervisor);
  return { supervisor, ports };
}

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function get(url: string): Promise<string> {
  return (await fetch(url)).text();
}

describe('BackendSupervisor', () => {
  it('starts the backend on a free port and stops it on quit', async () => {
    const { supervisor, ports } = supervise('ok');
    const address = await supervisor.start();
    expect(ports).toEqual([0]);
    expect(address.url).toBe(`http://127.0.0.1:${address.port}`);
    expect(await get(address.url)).toBe('forum');
    await supervisor.stop();
    expect(supervisor.current()).toBeNull();
    await expect(get(address.url)).rejects.toThrow();
  });

  it('restarts a crashed backend on the same port so the open window keeps working', async () => {
    const { supervisor, ports } = supervise('crash-once');
    const seen: string[] = [];
    supervisor.onReady((address) => seen.push(address.url));
    const first = await supervisor.start();
    await expect.poll(() => seen.length, { timeout: 5_000 }).toBe(2);
    expect(existsSync(path.join(dir, 'crashed'))).toBe(true);
    expect(ports).toEqual([0, first.port]);
    expect(seen).toEqual([first.url, first.url]);
    expect(await get((await supervisor.ready()).url)).toBe('forum');
  });

  it('starts on the port of the last launch, so the window keeps its origin and local drafts', async () => {
    const port = await freePort();
    const { supervisor, ports } = supervise('ok', { preferredPort: port });
    const address = await supervisor.start();
    expect(ports).toEqual([port]);
    expect(address.port).toBe(port);
  });

  it('lets the OS choose when the remembered port is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const { supervisor, ports } = supervise('ok', { preferredPort: port });
      const address = await supervisor.start();
      expect(ports).toEqual([port, 0]);
      expect(address.port).not.toBe(port);
      expect(await get(address.url)).toBe('forum');
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('gives up after repeated failed first starts and reports the backend output', async () => {
    const { supervisor, ports } = supervise('silent', { maxInitialAttempts: 3 });
    const error = await supervisor.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendStartError);
    expect(String(error)).toContain('failed to start 3 times');
    expect(String(error)).toContain('cannot open database');
    expect(ports).toEqual([0, 0, 0]);
  });

  it('kills a backend that never reports listening', async () => {
    const { supervisor } = supervise('hang', { startTimeoutMs: 300, maxInitialAttempts: 1 });
    await expect(supervisor.start()).rejects.toThrow(/did not report "listening" within 300 ms/);
  });

  it('escalates to SIGKILL when the backend ignores SIGTERM', async () => {
    const { supervisor } = supervise('ignore-sigterm', { stopTimeoutMs: 200 });
    const address = await supervisor.start();
    const started = Date.now();
    await supervisor.stop();
    expect(Date.now() - started).toBeLessThan(3_000);
    await expect(get(address.url)).rejects.toThrow();
  });
});
