// The same email can reach Foyer three ways: our SMTP listener, an IMAP mailbox and a mail
// server piping it into POST /admin/email/handle_mail (architecture.md: "All three feed one
// receiver"). However it arrives, and however often, it is recorded once and posted once.
import type { DNSResolver } from 'mailauth';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import type { ReceiveOutcome } from '../contracts';
import { startImapPoller, type ImapPoller } from './imap-poller';
import { startSmtpListener, type SmtpListener } from './smtp-listener';

const offlineDns: DNSResolver = async (domain) => {
  throw Object.assign(new Error(`ENOTFOUND ${domain}`), { code: 'ENOTFOUND' });
};

let forum: TestForum;
let dovecot: TestDovecot;
let listener: SmtpListener;
let poller: ImapPoller;
let pm: ReplyTarget;
const imapSeen: Array<{ uid: number; outcome: ReceiveOutcome }> = [];

beforeAll(async () => {
  dovecot = await startDovecot();
  forum = await startTestForum();
  await enableReplyByEmail(forum.ctx);
  const admin = (await findUserByUsername(forum.ctx.db, 'admin'))!;
  pm = await pmWithReplyKey(forum.ctx, admin, { email: 'guest@example.org' });
  listener = await startSmtpListener(forum.ctx, { host: '127.0.0.1', port: 0, resolver: offlineDns });
  poller = startImapPoller(forum.ctx, { url: dovecot.url, onMessage: (m) => imapSeen.push(m) });
}, 60_000);

afterAll(async () => {
  await poller?.close();
  await listener?.close();
  await forum?.destroy();
  await dovecot?.stop();
});

function viaSmtp(raw: string) {
  return nodemailer
    .createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true })
    .sendMail({ envelope: { from: 'guest@example.org', to: [pm.recipient.replyTo] }, raw });
}

async function viaImap(raw: string): Promise<ReceiveOutcome> {
  const uid = await dovecot.deliver(raw);
  return (await waitUntil(() => imapSeen.find((s) => s.uid === uid), `IMAP message ${uid} to be handled`))
    .outcome;
}

async function viaHandleMail(raw: string) {
  const res = await forum
    .as('admin')
    .post('/admin/email/handle_mail', { email_encoded: Buffer.from(raw).toString('base64') });
  // Discourse answers handle_mail before processing (a job); run whatever it queued.
  await forum.jobs.drain();
  return res;
}

async function recorded(messageId: string, body: string) {
  const rows = await forum.ctx.db
    .selectFrom('incoming_emails')
    .selectAll()
    .where('message_id', 'like', `%${messageId.slice(1, -1)}%`)
    .execute();
  const posts = await forum.ctx.db
    .selectFrom('posts')
    .select(['id', 'raw'])
    .where('topic_id', '=', pm.topicId)
    .where('via_email', '=', 1)
    .where('raw', 'like', `%${body}%`)
    .execute();
  return { rows, posts };
}

describe('one receiver behind three transports', () => {
  it('records and posts an email once when it comes by SMTP, then IMAP, then handle_mail', async () => {
    const { raw, messageId } = replyEmail({
      from: 'Guest <guest@example.org>',
      to: pm.recipient.replyTo,
      body: 'One reply, three roads.',
    });
    expect((await viaSmtp(raw)).response).toMatch(/^250 /);
    expect((await viaImap(raw)).status).toBe('duplicate');
    const piped = await viaHandleMail(raw);
    expect(piped.status).toBe(200);

    const { rows, posts } = await recorded(messageId, 'One reply, three roads.');
    expect(rows).toHaveLength(1);
    expect(rows[0]?.status).toBe('processed');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.raw).toContain('One reply, three roads.');
  });

  it('records and posts an email once when all three deliver it at the same time', async () => {
    const { raw, messageId } = replyEmail({
      from: 'Guest <guest@example.org>',
      to: pm.recipient.replyTo,
      body: 'A reply racing itself.',
    });
    const [smtp, imap, piped] = await Promise.all([viaSmtp(raw), viaImap(raw), viaHandleMail(raw)]);
    expect(smtp.response).toMatch(/^250 /);
    expect(['processed', 'duplicate']).toContain(imap.status);
    expect(piped.status).toBe(200);

    // handle_mail may queue its work: wait until the one record is processed.
    const { rows, posts } = await waitUntil(async () => {
      const r = await recorded(messageId, 'A reply racing itself.');
      return r.rows[0]?.status === 'processed' && r.posts.length > 0 ? r : undefined;
    }, 'the racing reply to be processed');
    expect(rows).toHaveLength(1);
    expect(posts).toHaveLength(1);
  });
});
