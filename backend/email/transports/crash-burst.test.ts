// "Nothing accepted is lost" (quality.md, Reliability) with a real server process: a burst of
// 1,000 replies over several SMTP connections, `kill -9` in the middle, a restart on the same
// data folder, and the client re-sending whatever did not get a 250 (as an MTA retries a 4xx
// or a dropped connection). Afterwards every email is recorded exactly once and every
// processed one is exactly one post.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import nodemailer from 'nodemailer';
import { afterAll, describe, expect, it } from 'vitest';
import { openContext } from '../../main';
import {
  createAdmin,
  enableReplyByEmail,
  pmWithReplyKey,
  replyEmail,
  waitUntil,
  type ReplyTarget,
} from '../../testing/reply-emails';
import { startServerProcess, type RunningServer } from '../../testing/spawn-server';

const TOTAL = 1_000;
const GUESTS = 10;
const CONNECTIONS = 6;
const KILL_AFTER = 350;

const dataDir = mkdtempSync(join(tmpdir(), 'foyer-crash-burst-'));
const servers: RunningServer[] = [];

afterAll(async () => {
  for (const s of servers) await s.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function startServer(): Promise<{ server: RunningServer; smtpPort: number }> {
  const server = await startServerProcess(['--data', dataDir, '--port', '0', '--inbound-smtp-port', '0']);
  servers.push(server);
  const line = await waitUntil(
    () => /inbound SMTP listening on 127\.0\.0\.1:(\d+)/.exec(server.output()),
    'the inbound SMTP line',
    20_000,
  );
  return { server, smtpPort: Number(line[1]) };
}

function counts() {
  const db = new Database(join(dataDir, 'foyer.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const one = (sql: string) => Number((db.prepare(sql).get() as { n: number }).n);
    return {
      incoming: one('SELECT COUNT(*) AS n FROM incoming_emails'),
      distinct: one('SELECT COUNT(DISTINCT message_id) AS n FROM incoming_emails'),
      waiting: one(`SELECT COUNT(*) AS n FROM incoming_emails WHERE status = 'received'`),
      processed: one(`SELECT COUNT(*) AS n FROM incoming_emails WHERE status = 'processed'`),
      viaEmail: one('SELECT COUNT(*) AS n FROM posts WHERE via_email = 1'),
      linked: one(
        `SELECT COUNT(DISTINCT p.id) AS n FROM posts p JOIN incoming_emails i ON i.post_id = p.id WHERE p.via_email = 1`,
      ),
      ids: (db.prepare('SELECT message_id FROM incoming_emails').all() as Array<{ message_id: string }>).map(
        (r) => r.message_id,
      ),
    };
  } finally {
    db.close();
  }
}

describe('inbound SMTP under a crash', () => {
  it('records each of 1,000 replies exactly once across kill -9 and a retrying client', async () => {
    const t0 = Date.now();
    const { ctx, database } = await openContext(dataDir);
    await enableReplyByEmail(ctx);
    const admin = await createAdmin(ctx);
    const targets: ReplyTarget[] = [];
    for (let g = 0; g < GUESTS; g++)
      targets.push(await pmWithReplyKey(ctx, admin, { email: `guest${g}@example.org` }));
    await database.close();

    const emails = Array.from({ length: TOTAL }, (_, i) => {
      const t = targets[i % GUESTS]!;
      const reply = replyEmail({
        from: `Guest ${i % GUESTS} <${t.recipient.email}>`,
        to: t.recipient.replyTo,
        messageId: `<burst-${i}-${Date.now()}@example.org>`,
        body: `Reply number ${i} from ${t.recipient.email}: distinct words ${i.toString(36)} here.`,
      });
      return { ...reply, from: t.recipient.email, to: t.recipient.replyTo };
    });

    const first = await startServer();
    const send = (port: number, batch: typeof emails, onAck?: () => void) => {
      const transport = nodemailer.createTransport({
        host: '127.0.0.1',
        port,
        secure: false,
        ignoreTLS: true,
        pool: true,
        maxConnections: CONNECTIONS,
        maxMessages: Infinity,
      });
      return Promise.allSettled(
        batch.map((e) =>
          transport.sendMail({ envelope: { from: e.from, to: [e.to] }, raw: e.raw }).then((info) => {
            if (!/^250 /.test(info.response)) throw new Error(info.response);
            onAck?.();
            return info;
          }),
        ),
      ).finally(() => transport.close());
    };

    let acked = 0;
    let killed = false;
    const firstRound = await send(first.smtpPort, emails, () => {
      acked += 1;
      if (acked >= KILL_AFTER && !killed) {
        killed = true;
        // A few ms after an answer, when the server is most likely inside the next message's
        // processing transaction (its raw already stored): the half-done case to recover from.
        setTimeout(() => first.server.child.kill('SIGKILL'), 4);
        // Gone by then: nothing for afterAll to stop.
        servers.splice(servers.indexOf(first.server), 1);
      }
    });
    expect(killed).toBe(true);
    const retry = emails.filter((_, i) => firstRound[i]?.status !== 'fulfilled');
    const burstMs = Date.now() - t0;
    // The kill really interrupted the burst.
    expect(retry.length).toBeGreaterThan(0);
    expect(retry.length).toBeLessThan(TOTAL);

    const second = await startServer();
    const secondRound = await send(second.smtpPort, retry);
    const refused = secondRound.filter((r) => r.status === 'rejected');
    expect(refused.map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);

    // Mail stored before the kill but not yet processed is finished after the restart.
    const final = await waitUntil(
      () => {
        const c = counts();
        return c.incoming === TOTAL && c.waiting === 0 ? c : undefined;
      },
      'every email to be recorded and processed',
      30_000,
      200,
    );
    expect(final.distinct).toBe(TOTAL);
    const bare = (id: string) => id.replace(/^<|>$/g, '');
    expect(new Set(final.ids.map(bare))).toEqual(new Set(emails.map((e) => bare(e.messageId))));
    expect(final.processed).toBe(TOTAL);
    expect(final.viaEmail).toBe(final.processed);
    expect(final.linked).toBe(final.processed);
    const finished = /Finished (\d+) incoming email/.exec(second.server.output())?.[1] ?? '0';
    console.log(
      `crash-burst: ${acked} acked in the first round (kill -9 after ${KILL_AFTER}), ${retry.length} re-sent, ${finished} finished at restart; ` +
        `first round ${burstMs} ms, total ${Date.now() - t0} ms`,
    );
  }, 120_000);
});
