// The server and admin commands as a person runs them: real processes on a real data folder.
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runAdmin, startServerProcess, type RunningServer } from '../testing/spawn-server';

// Each case starts real processes (tsx compiles the CLI on every start, several times per
// case), which takes far longer than the default timeout on a busy two-core machine.
vi.setConfig({ testTimeout: 120_000 });

const dirs: string[] = [];
const servers: RunningServer[] = [];
function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'foyer-cli-'));
  dirs.push(d);
  return d;
}
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('npm run server', () => {
  it('creates and migrates the database on first start, picks a free port with --port 0 and prints where it listens', async () => {
    const data = dataDir();
    const server = await startServerProcess(['--data', data, '--port', '0']);
    servers.push(server);
    expect(server.port).toBeGreaterThan(0);
    expect(existsSync(join(data, 'foyer.sqlite'))).toBe(true);
    const res = await fetch(`${server.url}/site/basic-info.json`);
    expect(res.status).toBe(200);
  });

  it('takes every flag from FOYER_* environment variables', async () => {
    const data = dataDir();
    const server = await startServerProcess([], {
      FOYER_DATA: data,
      FOYER_PORT: '0',
      FOYER_HOST: '127.0.0.1',
    });
    servers.push(server);
    expect(existsSync(join(data, 'foyer.sqlite'))).toBe(true);
  });

  it('refuses requests without the launch token when one is set', async () => {
    const server = await startServerProcess([
      '--data',
      dataDir(),
      '--port',
      '0',
      '--launch-token',
      'a'.repeat(64),
    ]);
    servers.push(server);
    expect((await fetch(`${server.url}/site/basic-info.json`)).status).toBe(403);
    const ok = await fetch(`${server.url}/site/basic-info.json`, {
      headers: { 'X-Foyer-Launch-Token': 'a'.repeat(64) },
    });
    expect(ok.status).toBe(200);
  });
});

describe('npm run admin', () => {
  it('creates an admin and an all-users API key while the server runs, and the key works for any Api-Username', async () => {
    const data = dataDir();
    const server = await startServerProcess(['--data', data, '--port', '0']);
    servers.push(server);
    const created = runAdmin([
      'create-admin',
      '--data',
      data,
      '--username',
      'owner',
      '--email',
      'owner@example.com',
      '--password',
      'a-very-long-password',
    ]);
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);
    expect(created.stdout).toMatch(/Created admin owner/);
    const key = runAdmin(['api-key', '--data', data, '--username', 'owner']);
    expect(key.status).toBe(0);
    const lines = key.stdout.trim().split('\n');
    const apiKey = lines[lines.length - 1]!;
    expect(apiKey).toMatch(/^[0-9a-f]{64}$/);
    const pm = await fetch(`${server.url}/posts.json`, {
      method: 'POST',
      headers: { 'Api-Key': apiKey, 'Api-Username': 'owner', 'Content-Type': 'application/json' },
      body: JSON.stringify({
        title: 'Made from the CLI key',
        raw: 'Hello from a script.',
        archetype: 'private_message',
        target_recipients: 'guest@example.org',
      }),
    });
    expect(pm.status).toBe(200);
  });

  it('explains wrong input and exits non-zero', () => {
    const data = dataDir();
    const missing = runAdmin(['create-admin', '--data', data, '--username', 'owner']);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/--email is required/);
    const unknown = runAdmin(['frobnicate']);
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"/);
    const weak = runAdmin([
      'create-admin',
      '--data',
      data,
      '--username',
      'owner',
      '--email',
      'o@example.com',
      '--password',
      'short',
    ]);
    expect(weak.status).toBe(1);
    expect(weak.stderr).toMatch(/Password is too short/);
    const noUser = runAdmin(['api-key', '--data', data, '--username', 'ghost']);
    expect(noUser.status).not.toBe(0);
    expect(noUser.stderr).toMatch(/no user "ghost"/);
    const bad = runAdmin([
      'create-admin',
      '--data',
      data,
      '--username',
      'o',
      '--email',
      'nope',
      '--password',
      'a-very-long-password',
    ]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/not a valid email/);
  });
});
