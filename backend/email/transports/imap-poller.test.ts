// The IMAP poller against a real Dovecot: mail already waiting is taken on connect, new mail
// arrives through IDLE, handled mail is flagged and never handed over twice (not even by a new
// poller), the person's own mail is left alone, and a server that goes away is reconnected to.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReceiveOutcome } from '../contracts';
import { startDovecot, type TestDovecot } from '../../testing/dovecot';
import { startTestForum, type TestForum } from '../../testing/forum-fixture';
import {
  enableReplyByEmail,
  pmWithReplyKey,
  replyEmail,
  waitUntil,
  type ReplyTarget,
} from '../../testing/reply-emails';
import { findUserByUsername } from '../../users/users-repository';
import {
  PROCESSED_KEYWORD,
  SKIPPED_KEYWORD,
  parseImapUrl,
  startImapPoller,
  type ImapPoller,
} from './imap-poller';

let forum: TestForum;
let dovecot: TestDovecot;
let pm: ReplyTarget;

interface Seen {
  uid: number;
  outcome: ReceiveOutcome;
}

function poll(): { poller: ImapPoller; seen: Seen[]; errors: unknown[] } {
  const seen: Seen[] = [];
  const errors: unknown[] = [];
  const poller = startImapPoller(forum.ctx, {
    url: dovecot.url,
    onMessage: (m) => seen.push(m),
    onError: (e) => errors.push(e),
  });
  return { poller, seen, errors };
}

function reply(body: string) {
  return replyEmail({ from: 'Guest <guest@example.org>', to: pm.recipient.replyTo, body });
}

async function postWith(text: string) {
  return forum.ctx.db
    .selectFrom('posts')
    .select(['id', 'raw', 'via_email'])
    .where('topic_id', '=', pm.topicId)
    .where('raw', 'like', `%${text}%`)
    .executeTakeFirst();
}

beforeAll(async () => {
  dovecot = await startDovecot();
  forum = await startTestForum();
  await enableReplyByEmail(forum.ctx);
  const admin = (await findUserByUsername(forum.ctx.db, 'admin'))!;
  pm = await pmWithReplyKey(forum.ctx, admin, { email: 'guest@example.org' });
}, 60_000);

afterAll(async () => {
  await forum?.destroy();
  await dovecot?.stop();
});

describe('IMAP URL', () => {
  it('reads user, password, host, port and mailbox, and defaults the port by scheme', () => {
    expect(parseImapUrl('imap://me%40home:p%3Ass@127.0.0.1:1143/Foyer%2FIn')).toEqual({
      host: '127.0.0.1',
      port: 1143,
      secure: false,
      user: 'me@home',
      pass: 'p:ss',
      mailbox: 'Foyer/In',
    });
    expect(parseImapUrl('imaps://a:b@mail.example.org')).toMatchObject({
      port: 993,
      secure: true,
      mailbox: 'INBOX',
    });
    expect(() => parseImapUrl('pop3://a:b@x')).toThrow(/imap:\/\/ or imaps:\/\//);
    expect(() => parseImapUrl('imap://x:143/INBOX')).toThrow(/user name and a password/);
  });
});

describe('IMAP poller with Dovecot', () => {
  it('takes waiting mail on connect, gets new mail by IDLE, flags it, and never hands it over twice', async () => {
    const first = reply('First reply, waiting before Foyer connects.');
    const firstUid = await dovecot.deliver(first.raw);
    const personal = await dovecot.deliver(
      replyEmail({ from: 'mum@example.net', to: 'me@example.net', body: 'Dinner on Sunday?' }).raw,
    );

    const one = poll();
    await waitUntil(() => one.seen.find((s) => s.uid === firstUid), 'the waiting reply to be handled');
    expect(one.seen[0]?.outcome.status).toBe('processed');
    expect((await postWith('First reply'))?.via_email).toBe(1);

    // Now the poller idles: a new delivery must arrive by IDLE push, within seconds.
    const t0 = Date.now();
    const second = reply('Second reply, delivered while Foyer idles.');
    const secondUid = await dovecot.deliver(second.raw);
    await waitUntil(
      () => one.seen.find((s) => s.uid === secondUid),
      'the IDLE-pushed reply to be handled',
      5_000,
    );
    const idleMs = Date.now() - t0;
    expect(idleMs).toBeLessThan(5_000);
    expect(await postWith('Second reply')).toBeDefined();

    const inbox = await dovecot.inbox();
    for (const uid of [firstUid, secondUid])
      expect(inbox.find((m) => m.uid === uid)?.flags).toEqual(
        expect.arrayContaining(['\\Seen', PROCESSED_KEYWORD]),
      );
    // The person's own mail is not Foyer's: never handed over, still unread.
    const own = inbox.find((m) => m.uid === personal)?.flags ?? [];
    expect(own).not.toContain('\\Seen');
    expect(own).toContain(SKIPPED_KEYWORD);
    expect(one.seen.map((s) => s.uid)).not.toContain(personal);
    await one.poller.close();

    // While Foyer is down the person reads a reply on their phone: it is still taken later.
    const readElsewhere = await dovecot.deliver(reply('A reply read on the phone first.').raw, ['\\Seen']);
    // A new poller (a restart) hands over only what is new.
    const two = poll();
    const third = reply('Third reply, after the restart.');
    const thirdUid = await dovecot.deliver(third.raw);
    await waitUntil(
      () => two.seen.find((s) => s.uid === thirdUid),
      'the reply after the restart to be handled',
    );
    expect(two.seen.map((s) => s.uid)).toEqual([readElsewhere, thirdUid]);
    expect(await postWith('read on the phone first')).toBeDefined();
    await two.poller.close();
    expect(one.errors).toEqual([]);
    expect(two.errors).toEqual([]);

    const rows = await forum.ctx.db
      .selectFrom('incoming_emails')
      .select(['message_id', 'source'])
      .where('source', '=', 'imap')
      .execute();
    expect(rows).toHaveLength(4);
  }, 30_000);

  it('reconnects after the server goes away and comes back', async () => {
    const p = poll();
    const before = reply('Before the outage.');
    const beforeUid = await dovecot.deliver(before.raw);
    await waitUntil(() => p.seen.find((s) => s.uid === beforeUid), 'the reply before the outage');

    await dovecot.down();
    await waitUntil(() => p.errors.length > 0, 'the poller to notice the outage');
    await dovecot.up();

    const after = reply('After the outage.');
    const afterUid = await dovecot.deliver(after.raw);
    // Backoff starts at 1 s and doubles: a short outage is bridged within a few seconds.
    await waitUntil(() => p.seen.find((s) => s.uid === afterUid), 'the reply after the outage', 15_000);
    expect(await postWith('After the outage')).toBeDefined();
    await p.poller.close();
  }, 40_000);
});
