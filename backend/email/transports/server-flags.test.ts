// The server's email flags as a person uses them: wrong values are usage errors (exit 2) that
// say what to write instead, FOYER_* variables work like the flags, and the transports start
// after the HTTP server, deliver, and stop cleanly on SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { startDovecot, type TestDovecot } from '../../testing/dovecot';
import { openContext } from '../../main';
import {
  createAdmin,
  enableReplyByEmail,
  pmWithReplyKey,
  replyEmail,
  waitUntil,
} from '../../testing/reply-emails';
import { repoRoot, startServerProcess } from '../../testing/spawn-server';

const dirs: string[] = [];
let dovecot: TestDovecot | undefined;
function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'foyer-flags-'));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  await dovecot?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Runs the server to its exit (a usage error exits before it listens). */
function runServer(args: string[], env: NodeJS.ProcessEnv = {}) {
  return new Promise<{ status: number | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'backend/cli/server.ts', ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', (status) => {
      clearTimeout(timer);
      resolve({ status, stderr });
    });
  });
}

describe('server email flags', () => {
  it('rejects bad values with exit 2 and a message that says what to write', async () => {
    const base = ['--data', dataDir(), '--port', '0'];
    const cases: Array<[string[], NodeJS.ProcessEnv, RegExp]> = [
      [['--smtp-url', 'http://mail.example.com'], {}, /--smtp-url must start with smtp:\/\/ or smtps:\/\//],
      [['--inbound-smtp-port', '99999'], {}, /--inbound-smtp-port must be a port number/],
      [['--public-url', 'forum.example.com'], {}, /--public-url must be a URL/],
      // The environment variable is read like the flag; a password never appears in errors.
      [[], { FOYER_IMAP_URL: 'pop3://me:s3cret@mail.example.com' }, /--imap-url: .*imap:\/\/ or imaps:\/\//],
    ];
    // In parallel: each run is a cold start of the server.
    const runs = await Promise.all(cases.map(([flags, env]) => runServer([...base, ...flags], env)));
    cases.forEach(([flags, , message], i) => {
      const r = runs[i]!;
      expect(r.status, flags.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/usage: npm run server/);
      expect(r.stderr).not.toContain('s3cret');
    });
  }, 60_000);

  it('reads replies from IMAP and listens for SMTP from FOYER_* variables, and stops both on SIGTERM', async () => {
    dovecot = await startDovecot();
    const data = dataDir();
    const { ctx, database } = await openContext(data);
    await enableReplyByEmail(ctx);
    const pm = await pmWithReplyKey(ctx, await createAdmin(ctx), { email: 'guest@example.org' });
    await database.close();
    const { raw } = replyEmail({
      from: 'guest@example.org',
      to: pm.recipient.replyTo,
      body: 'Read from IMAP.',
    });
    await dovecot.deliver(raw);

    const server = await startServerProcess(['--data', data, '--port', '0'], {
      FOYER_INBOUND_SMTP_PORT: '0',
      FOYER_IMAP_URL: dovecot.url,
    });
    await waitUntil(
      () => /Foyer inbound SMTP listening on 127\.0\.0\.1:\d+/.test(server.output()),
      'the inbound SMTP line',
    );
    expect(server.output()).toContain(`Foyer reading mail from imap://127.0.0.1:${dovecot.port}/INBOX`);
    await waitUntil(() => {
      const db = new Database(join(data, 'foyer.sqlite'), { readonly: true });
      try {
        return db.prepare(`SELECT 1 FROM posts WHERE via_email = 1 AND raw LIKE '%Read from IMAP.%'`).get();
      } finally {
        db.close();
      }
    }, 'the reply in the mailbox to become a post');

    const code = new Promise<number | null>((resolve) => server.child.once('exit', (c) => resolve(c)));
    server.child.kill('SIGTERM');
    expect(await code).toBe(0);
    expect(server.output()).toContain('Received SIGTERM: shutting down.');
    expect(server.output()).not.toMatch(/^IMAP /m);
  }, 60_000);
});
