// Group SMTP (behaviour.md §4.2, §6 E 67, F 68–70): replies in a group's messages leave
// through the group's own SMTP server — here a real SMTP sink that requires the mailbox's
// login — as one email from the group mailbox, while the forum's own transport (another sink)
// carries the ordinary notification emails.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Group, User } from '../../db/schema';
import { receiveEmail } from '../inbound/receive-email';
import { optOutOfEmail } from './opt-outs';
import { replyEmail } from '../../testing/reply-emails';
import { startSmtpSink, type SinkMessage, type SmtpSink } from '../../testing/smtp-sink';
import type { TestForum } from '../../testing/forum-fixture';
import {
  configureMail,
  drainSoon,
  emailLogs,
  NOTIFICATION_EMAIL,
  reply,
  startMailForum,
  userByEmail,
} from './test-support';

const MAILBOX = { user: 'support@shop.test', pass: 'mailbox-secret' };

let site: SmtpSink;
let groupServer: SmtpSink;
let forum: TestForum;
let support: Group;
let agent: User;
let teammate: User;

beforeEach(async () => {
  site = await startSmtpSink();
  groupServer = await startSmtpSink({ auth: MAILBOX });
  forum = await startMailForum(site);
  await configureMail(forum, site);
  await forum.setting('email_in', 'true');
  await forum.setting('enable_smtp', 'true');
  agent = await forum.user({ username: 'mia', name: 'Mia Agent', trustLevel: 4 });
  teammate = await forum.user({ username: 'ned', name: 'Ned' });
  support = await forum.group('support', { members: [agent, teammate] });
  support = await forum.ctx.db
    .updateTable('groups')
    .set({
      incoming_email: 'help@shop.test',
      smtp_enabled: 1,
      smtp_server: '127.0.0.1',
      smtp_port: groupServer.port,
      smtp_ssl_mode: 0,
      email_username: MAILBOX.user,
      email_password: MAILBOX.pass,
    })
    .where('id', '=', support.id)
    .returningAll()
    .executeTakeFirstOrThrow();
});
afterEach(async () => {
  await forum.destroy();
  await site.stop();
  await groupServer.stop();
});

/** The customer writes to the group's incoming address (with whoever they Cc). */
async function customerWrites(opts: { cc?: string; subject?: string } = {}) {
  const email = replyEmail({
    from: 'Una Customer <una@client.test>',
    to: 'help@shop.test',
    ...(opts.cc ? { cc: opts.cc } : {}),
    subject: opts.subject ?? 'My order never arrived',
    body: 'Hello, order 1234 never arrived. Can you help?',
  });
  const outcome = await receiveEmail(forum.ctx, email.raw, { source: 'handle_mail' });
  expect(outcome.status).toBe('processed');
  await drainSoon(forum);
  return { topicId: outcome.topicId!, postId: outcome.postId!, messageId: email.messageId };
}

const addresses = (m: SinkMessage, field: 'to' | 'cc'): string[] =>
  (m.parsed[field] ?? []).flatMap((a) => ('address' in a && a.address ? [a.address] : []));

describe('a reply in a group message whose group sends by SMTP (F 68, F 69)', () => {
  it('sends one email from the group mailbox to the customer, Cc the others, and no notification email to them', async () => {
    const first = await customerWrites({ cc: 'Colin <colin@client.test>' });
    const una = await userByEmail(forum, 'una@client.test');
    const colin = await userByEmail(forum, 'colin@client.test');
    site.messages.length = 0;

    const res = await reply(forum, agent, first.topicId, 'We are sending a new parcel today.');
    expect(groupServer.messages).toHaveLength(0); // personal_email_time_window_seconds
    await drainSoon(forum);

    expect(groupServer.messages).toHaveLength(1);
    const mail = groupServer.messages[0]!;
    expect(mail.authUser).toBe(MAILBOX.user);
    expect(mail.parsed.from).toMatchObject({ name: 'Mia Agent via Foyer', address: MAILBOX.user });
    expect(addresses(mail, 'to')).toEqual(['una@client.test']);
    expect(addresses(mail, 'cc')).toEqual(['colin@client.test']);
    expect(mail.rcptTo.sort()).toEqual(['colin@client.test', 'una@client.test']);
    expect(mail.mailFrom).toBe(MAILBOX.user);
    expect(mail.parsed.replyTo ?? []).toHaveLength(0);
    for (const h of ['list-unsubscribe', 'list-unsubscribe-post', 'list-id', 'precedence', 'auto-submitted'])
      expect(mail.header(h)).toBeUndefined();
    expect(mail.header('x-foyer-loop')).toBe(forum.ctx.settings.str('site_id'));
    expect(mail.parsed.subject).toBe('Re: My order never arrived');
    // Threaded under the customer's own message, so their mail client shows one conversation.
    expect(mail.header('in-reply-to')).toBe(first.messageId);
    expect(mail.header('references')).toBe(first.messageId);
    expect(mail.parsed.messageId).toBe(`<foyer/post/${res.json.id}@127.0.0.1>`);
    expect(mail.parsed.text).toContain('We are sending a new parcel today.');
    expect(mail.parsed.text).toContain('order 1234 never arrived');
    expect(mail.parsed.text).not.toMatch(/Visit the message|unsubscribe/i);

    // No notification email to the customers; the teammate (a watching group member) still
    // gets the ordinary one, from the forum's address.
    expect(site.to('una@client.test')).toHaveLength(0);
    expect(site.to('colin@client.test')).toHaveLength(0);
    const [forNed] = site.to(`${teammate.username}@example.com`);
    expect(forNed?.parsed.from).toMatchObject({ address: NOTIFICATION_EMAIL });
    const notified = await forum.ctx.db
      .selectFrom('notifications')
      .select('user_id')
      .where('topic_id', '=', first.topicId)
      .where('post_number', '=', res.json.post_number)
      .execute();
    expect(notified.map((n) => n.user_id).sort()).toEqual([una.id, colin.id, teammate.id].sort());

    // F 69: the raw message on the email log, and an incoming record with the same Message-ID.
    const log = (await emailLogs(forum)).find((l) => l.email_type === 'group_smtp');
    expect(log).toMatchObject({
      status: 'sent',
      to_address: 'una@client.test',
      cc_addresses: 'colin@client.test',
      user_id: una.id,
      post_id: res.json.id,
      message_id: `foyer/post/${res.json.id}@127.0.0.1`,
    });
    expect(log!.raw).toContain(`Message-ID: <foyer/post/${res.json.id}@127.0.0.1>`);
    const record = await forum.ctx.db
      .selectFrom('incoming_emails')
      .selectAll()
      .where('message_id', '=', `foyer/post/${res.json.id}@127.0.0.1`)
      .executeTakeFirstOrThrow();
    expect(record).toMatchObject({ source: 'group_smtp', post_id: res.json.id, from_address: MAILBOX.user });

    // The mailbox's copy coming back in (an IMAP sync, a Bcc) is never imported again.
    const again = await receiveEmail(forum.ctx, mail.raw, { source: 'imap' });
    expect(again.status).toBe('duplicate');
    const posts = await forum.ctx.db
      .selectFrom('posts')
      .select('id')
      .where('topic_id', '=', first.topicId)
      .where('post_type', '=', 1)
      .execute();
    expect(posts).toHaveLength(2);
  });

  it("threads the customer's answer to the group mailbox back into the same conversation", async () => {
    const first = await customerWrites();
    await reply(forum, agent, first.topicId, 'Could you send us your address?');
    await drainSoon(forum);
    const ours = groupServer.messages[0]!;
    const answer = replyEmail({
      from: 'una@client.test',
      to: MAILBOX.user,
      subject: 'Re: My order never arrived',
      inReplyTo: ours.parsed.messageId!,
      body: 'Sure: 1 Main Street.',
    });
    const outcome = await receiveEmail(forum.ctx, answer.raw, { source: 'handle_mail' });
    expect(outcome).toMatchObject({ status: 'processed', topicId: first.topicId });
  });

  it('uses the group email_from_alias when set', async () => {
    await forum.ctx.db
      .updateTable('groups')
      .set({ email_from_alias: 'Shop Support' })
      .where('id', '=', support.id)
      .execute();
    const first = await customerWrites();
    await reply(forum, agent, first.topicId, 'On its way.');
    await drainSoon(forum);
    expect(groupServer.messages[0]?.parsed.from).toMatchObject({
      name: 'Shop Support',
      address: MAILBOX.user,
    });
  });

  it('sends a conversation the team starts on the web from the mailbox too, without "Re:"', async () => {
    const res = await forum.as(agent).post('/posts.json', {
      title: 'Your refund',
      raw: 'Your refund has been approved.',
      archetype: 'private_message',
      target_recipients: 'support,una@client.test',
    });
    expect(res.status).toBe(200);
    await drainSoon(forum);
    expect(groupServer.messages).toHaveLength(1);
    expect(groupServer.messages[0]!.parsed.subject).toBe('Your refund');
    expect(addresses(groupServer.messages[0]!, 'to')).toEqual(['una@client.test']);
    expect(site.to('una@client.test')).toHaveLength(0);
  });
});

describe('who the group email leaves out (§4.2)', () => {
  it('does not Cc people who were on the email the post came from, and keeps their notification email off', async () => {
    const first = await customerWrites({ cc: 'colin@client.test' });
    const rob = await forum.user({ username: 'rob', email: 'rob@partner.test' });
    const inv = await forum.as(agent).post(`/t/${first.topicId}/invite.json`, { user: rob.username });
    expect(inv.status).toBe(200);
    await drainSoon(forum);
    site.messages.length = 0;
    groupServer.messages.length = 0;
    // Colin answers the team and Ccs Rob, who then has the answer already.
    const colinWrites = replyEmail({
      from: 'colin@client.test',
      to: 'help@shop.test',
      cc: 'rob@partner.test',
      subject: 'Re: My order never arrived',
      inReplyTo: first.messageId,
      body: 'I am Una’s colleague; the parcel is urgent.',
    });
    const outcome = await receiveEmail(forum.ctx, colinWrites.raw, { source: 'handle_mail' });
    expect(outcome).toMatchObject({ status: 'processed', topicId: first.topicId });
    await drainSoon(forum);
    expect(groupServer.messages).toHaveLength(1);
    const mail = groupServer.messages[0]!;
    expect(addresses(mail, 'to')).toEqual(['una@client.test']);
    expect(addresses(mail, 'cc')).toEqual([]);
    expect(site.to('rob@partner.test')).toHaveLength(0);
  });

  it('calls the email off when its To was on the incoming email (the others get their notification)', async () => {
    const first = await customerWrites({ cc: 'colin@client.test' });
    site.messages.length = 0;
    const colinWrites = replyEmail({
      from: 'colin@client.test',
      to: 'help@shop.test',
      cc: 'una@client.test',
      subject: 'Re: My order never arrived',
      inReplyTo: first.messageId,
      body: 'Una, I asked them again.',
    });
    await receiveEmail(forum.ctx, colinWrites.raw, { source: 'handle_mail' });
    await drainSoon(forum);
    expect(groupServer.messages).toHaveLength(0);
    const skipped = (await emailLogs(forum)).filter((l) => l.email_type === 'group_smtp');
    expect(skipped).toEqual([
      expect.objectContaining({
        status: 'skipped',
        skipped_reason: 'group_smtp_to_was_cc',
        to_address: 'una@client.test',
      }),
    ]);
    expect(site.to('una@client.test')).toHaveLength(0);
  });

  it('sends nothing at all for a post made from an auto-generated email (E 67)', async () => {
    await forum.setting('block_auto_generated_emails', 'false');
    const first = await customerWrites({ cc: 'colin@client.test' });
    site.messages.length = 0;
    const auto = replyEmail({
      from: 'una@client.test',
      to: 'help@shop.test',
      subject: 'Automatic reply: My order never arrived',
      inReplyTo: first.messageId,
      body: 'I am out of the office until Monday.',
    });
    const raw = auto.raw.replace('MIME-Version', 'Auto-Submitted: auto-replied\r\nMIME-Version');
    const outcome = await receiveEmail(forum.ctx, raw, { source: 'handle_mail' });
    expect(outcome.status).toBe('processed');
    await drainSoon(forum);
    expect(groupServer.messages).toHaveLength(0);
    expect(site.to('colin@client.test')).toHaveLength(0);
    const logs = (await emailLogs(forum)).filter(
      (l) => l.post_id === outcome.postId && l.email_type === 'group_smtp',
    );
    expect(logs).toEqual([
      expect.objectContaining({ status: 'skipped', skipped_reason: 'group_smtp_auto_generated' }),
    ]);
  });

  it('never emails the first post of a group message back when the group reads its mailbox over IMAP (F 70)', async () => {
    await forum.setting('enable_imap', 'true');
    await forum.ctx.db.updateTable('groups').set({ imap_enabled: 1 }).where('id', '=', support.id).execute();
    await customerWrites({ cc: 'colin@client.test' });
    const started = await forum.as(agent).post('/posts.json', {
      title: 'Your refund',
      raw: 'Your refund has been approved.',
      archetype: 'private_message',
      target_recipients: 'support,una@client.test',
    });
    await drainSoon(forum);
    expect(groupServer.messages).toHaveLength(0);
    const logs = (await emailLogs(forum)).filter(
      (l) => l.post_id === started.json.id && l.email_type === 'group_smtp',
    );
    expect(logs).toEqual([
      expect.objectContaining({ status: 'skipped', skipped_reason: 'group_smtp_first_post_imap' }),
    ]);
    // Later posts still go out.
    await reply(forum, agent, started.json.topic_id, 'The money is on its way.');
    await drainSoon(forum);
    expect(groupServer.messages).toHaveLength(1);
  });

  it('leaves out an address that opted out, and logs why', async () => {
    const first = await customerWrites({ cc: 'colin@client.test' });
    const una = await userByEmail(forum, 'una@client.test');
    await optOutOfEmail(forum.ctx.db, una.id, first.topicId);
    const res = await reply(forum, agent, first.topicId, 'Colin, we will ship to you instead.');
    await drainSoon(forum);
    expect(groupServer.messages).toHaveLength(1);
    expect(addresses(groupServer.messages[0]!, 'to')).toEqual(['colin@client.test']);
    expect(addresses(groupServer.messages[0]!, 'cc')).toEqual([]);
    const logs = (await emailLogs(forum)).filter(
      (l) => l.post_id === res.json.id && l.email_type === 'group_smtp',
    );
    expect(logs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ user_id: una.id, status: 'skipped', skipped_reason: 'email_opted_out' }),
        expect.objectContaining({ to_address: 'colin@client.test', status: 'sent' }),
      ]),
    );
  });

  it('sends ordinary notification emails when enable_smtp is off', async () => {
    await forum.setting('enable_smtp', 'false');
    const first = await customerWrites();
    await reply(forum, agent, first.topicId, 'Looking into it.');
    await drainSoon(forum);
    expect(groupServer.messages).toHaveLength(0);
    const [mail] = site.to('una@client.test');
    expect(mail?.parsed.from).toMatchObject({ name: 'Mia Agent via Foyer', address: NOTIFICATION_EMAIL });
  });
});

describe('a busy group SMTP server', () => {
  it('is retried about an hour later, and the email is sent once', async () => {
    const first = await customerWrites();
    groupServer.refuseWith({ code: 451, message: '451 4.3.2 try again later' });
    await reply(forum, agent, first.topicId, 'We will call you.');
    const attempt = new Date(Date.now() + 60_000);
    await forum.jobs.drain(attempt);
    const job = await forum.ctx.db
      .selectFrom('jobs')
      .selectAll()
      .where('type', '=', 'group_smtp_email')
      .executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'pending', attempts: 1 });
    const waitMs = Date.parse(job.run_at) - attempt.getTime();
    expect(waitMs).toBeGreaterThanOrEqual(60 * 60_000);
    expect(waitMs).toBeLessThan(62 * 60_000);
    const [log] = (await emailLogs(forum)).filter((l) => l.email_type === 'group_smtp');
    expect(log).toMatchObject({ status: 'failed' });
    expect(log!.smtp_response).toMatch(/451/);

    groupServer.refuseWith(null);
    await forum.jobs.drain(new Date(attempt.getTime() + 30 * 60_000));
    expect(groupServer.messages).toHaveLength(0);
    await forum.jobs.drain(new Date(attempt.getTime() + 2 * 60 * 60_000));
    expect(groupServer.messages).toHaveLength(1);
    const logs = (await emailLogs(forum)).filter((l) => l.email_type === 'group_smtp');
    expect(logs).toEqual([expect.objectContaining({ status: 'sent' })]);
  });
});
