// The inbound SMTP listener against a real SMTP client (nodemailer) on loopback: replies
// become posts, strangers' addresses are refused at RCPT, oversize mail is refused, and
// mail failing DMARC for a registered user's domain is held. DNS is injected (offline).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DNSResolver } from 'mailauth';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../db/schema';
import { openContext } from '../../main';
import { startTestForum, type TestForum } from '../../testing/forum-fixture';
import { enableReplyByEmail, pmWithReplyKey, replyEmail, type ReplyTarget } from '../../testing/reply-emails';
import { findUserByUsername } from '../../users/users-repository';
import { startSmtpListener, type SmtpListener } from './smtp-listener';

/** DNS as a test world: only the TXT records listed exist; everything else is NXDOMAIN. */
function fakeDns(txt: Record<string, string>): DNSResolver {
  return async (domain, rrtype) => {
    const record = txt[domain.toLowerCase()];
    if (rrtype === 'TXT' && record) return [[record]];
    throw Object.assign(new Error(`queryTxt ENOTFOUND ${domain}`), { code: 'ENOTFOUND' });
  };
}

let forum: TestForum;
let admin: User;
let listener: SmtpListener;
let guestPm: ReplyTarget;

function client(port = listener.port) {
  return nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
}

async function incomingCount(): Promise<number> {
  const r = await forum.ctx.db
    .selectFrom('incoming_emails')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

beforeAll(async () => {
  forum = await startTestForum();
  await enableReplyByEmail(forum.ctx);
  admin = (await findUserByUsername(forum.ctx.db, 'admin'))!;
  guestPm = await pmWithReplyKey(forum.ctx, admin, { email: 'guest@example.org' });
  listener = await startSmtpListener(forum.ctx, {
    host: '127.0.0.1',
    port: 0,
    // corp.test publishes a strict DMARC policy; example.org publishes nothing.
    resolver: fakeDns({ '_dmarc.corp.test': 'v=DMARC1; p=reject' }),
  });
});

afterAll(async () => {
  await listener?.close();
  await forum?.destroy();
});

describe('inbound SMTP listener', () => {
  it('turns a reply sent over SMTP into a post, answering 250 only once it is stored', async () => {
    const { raw, messageId } = replyEmail({
      from: 'Guest <guest@example.org>',
      to: guestPm.recipient.replyTo,
      body: 'Thanks, Tuesday works for me.',
    });
    const info = await client().sendMail({
      envelope: { from: 'guest@example.org', to: [guestPm.recipient.replyTo] },
      raw,
    });
    expect(info.response).toMatch(/^250 /);
    const row = await forum.ctx.db
      .selectFrom('incoming_emails')
      .selectAll()
      .where('message_id', 'like', `%${messageId.slice(1, -1)}%`)
      .executeTakeFirstOrThrow();
    expect(row.source).toBe('smtp');
    expect(row.status).toBe('processed');
    expect(row.topic_id).toBe(guestPm.topicId);
    const post = await forum.ctx.db
      .selectFrom('posts')
      .selectAll()
      .where('id', '=', row.post_id!)
      .executeTakeFirstOrThrow();
    expect(post.via_email).toBe(1);
    expect(post.user_id).toBe(guestPm.recipient.user.id);
    expect(post.raw).toContain('Tuesday works for me');
  });

  it('refuses an address it does not serve at RCPT time with 550, and stores nothing', async () => {
    const before = await incomingCount();
    const { raw } = replyEmail({ from: 'guest@example.org', to: 'nobody@foyer.test', body: 'Hello?' });
    const err = await client()
      .sendMail({ envelope: { from: 'guest@example.org', to: ['nobody@foyer.test'] }, raw })
      .then(
        () => undefined,
        (e: { responseCode?: number; response?: string }) => e,
      );
    expect(err?.responseCode).toBe(550);
    expect(err?.response).toMatch(/no such recipient/);
    expect(await incomingCount()).toBe(before);
  });

  it('refuses a message over the size limit with 552, and stores nothing', async () => {
    const small = await startSmtpListener(forum.ctx, {
      host: '127.0.0.1',
      port: 0,
      maxBytes: 20_000,
      resolver: fakeDns({}),
    });
    try {
      const before = await incomingCount();
      const { raw } = replyEmail({
        from: 'guest@example.org',
        to: guestPm.recipient.replyTo,
        body: Array.from({ length: 700 }, () => 'y'.repeat(70)).join('\n'),
      });
      const err = await client(small.port)
        .sendMail({ envelope: { from: 'guest@example.org', to: [guestPm.recipient.replyTo] }, raw })
        .then(
          () => undefined,
          (e: { responseCode?: number }) => e,
        );
      expect(err?.responseCode).toBe(552);
      expect(await incomingCount()).toBe(before);
    } finally {
      await small.close();
    }
  });

  it('answers 451 (try again later) when the message cannot be stored, so the sender keeps it', async () => {
    // A forum whose database has gone away: the recipient still checks out, storing fails.
    const gone = await openContext(mkdtempSync(join(tmpdir(), 'foyer-gone-')));
    await enableReplyByEmail(gone.ctx);
    await gone.database.close();
    const broken = await startSmtpListener(gone.ctx, {
      host: '127.0.0.1',
      port: 0,
      resolver: fakeDns({}),
      onError: () => undefined,
    });
    try {
      const { raw } = replyEmail({ from: 'guest@example.org', to: guestPm.recipient.replyTo, body: 'Lost?' });
      const err = await client(broken.port)
        .sendMail({ envelope: { from: 'guest@example.org', to: [guestPm.recipient.replyTo] }, raw })
        .then(
          () => undefined,
          (e: { responseCode?: number }) => e,
        );
      expect(err?.responseCode).toBe(451);
    } finally {
      await broken.close();
      rmSync(gone.ctx.dataDir, { recursive: true, force: true });
    }
  });

  it('holds mail that fails DMARC for a registered user’s domain instead of posting it', async () => {
    const alice = await forum.user({ username: 'alice', email: 'alice@corp.test' });
    const pm = await pmWithReplyKey(forum.ctx, admin, { email: 'alice@corp.test', username: alice.username });
    const { raw, messageId } = replyEmail({
      // No DKIM signature and no SPF record: nothing aligns, and corp.test says p=reject.
      from: 'Alice <alice@corp.test>',
      to: pm.recipient.replyTo,
      body: 'Please wire the money to this account.',
    });
    const info = await client().sendMail({
      envelope: { from: 'alice@corp.test', to: [pm.recipient.replyTo] },
      raw,
    });
    expect(info.response).toMatch(/^250 /);
    const row = await forum.ctx.db
      .selectFrom('incoming_emails')
      .selectAll()
      .where('message_id', 'like', `%${messageId.slice(1, -1)}%`)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('held');
    expect(row.post_id).toBeNull();
    expect(row.auth_results ?? '').toMatch(/dmarc=fail/);
    const posts = await forum.ctx.db
      .selectFrom('posts')
      .select('id')
      .where('topic_id', '=', pm.topicId)
      .where('via_email', '=', 1)
      .execute();
    expect(posts).toHaveLength(0);
  });
});
