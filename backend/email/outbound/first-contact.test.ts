// "First contact reads as a letter" (behaviour.md "differs" 5, issue 4): the first email a new
// staged participant gets, its working one-click opt-out (RFC 8058), what the sender sees,
// and staff undoing an opt-out. Mail goes through the real receiver and a real SMTP sink.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../db/schema';
import { receiveEmail } from '../inbound/receive-email';
import { assertMatchesSpec } from '../../testing/discourse-spec';
import type { TestForum } from '../../testing/forum-fixture';
import { replyEmail } from '../../testing/reply-emails';
import { startSmtpSink, type SinkMessage, type SmtpSink, replyToAddress } from '../../testing/smtp-sink';
import { drainSoon, emailLogs, reply, sendPm, startMailForum, userByEmail } from './test-support';

let smtp: SmtpSink;
let forum: TestForum;
let alice: User;
beforeEach(async () => {
  smtp = await startSmtpSink();
  forum = await startMailForum(smtp);
  alice = await forum.user({ username: 'alice', name: 'Alice', trustLevel: 4 });
});
afterEach(async () => {
  await forum.destroy();
  await smtp.stop();
});

/** The one-click URL of an email, as a path the forum serves. */
function optOutPath(mail: SinkMessage): string {
  const header = mail.header('list-unsubscribe') ?? '';
  const url = /^<(https?:\/\/[^>]+)>$/.exec(header)?.[1];
  if (!url) throw new Error(`no one-click List-Unsubscribe URL in "${header}"`);
  expect(mail.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
  return new URL(url).pathname;
}

/** What a mail provider sends for RFC 8058 §3.2: a bare form POST, no cookie, no login. */
function oneClick(path: string) {
  return forum.app.inject({
    method: 'POST',
    url: path,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'List-Unsubscribe=One-Click',
  });
}

describe('the first email to a new address', () => {
  it('is a letter once per conversation; later emails are plain replies that still carry the opt-out', async () => {
    const pm = await sendPm(forum, alice, 'guest@x.org');
    await drainSoon(forum);
    const [first] = smtp.to('guest@x.org');
    expect(first?.parsed.subject).toBe('Quarterly report');
    expect(first?.parsed.text).toContain('Alice wrote to you through Foyer.');
    await reply(forum, alice, pm.json.topic_id, 'One more thing about the report.');
    await drainSoon(forum);
    const second = smtp.to('guest@x.org')[1]!;
    expect(second.parsed.subject).toBe('Re: Quarterly report');
    expect(second.parsed.text).toContain('Reply to this email to respond.');
    expect(second.parsed.text).not.toContain('wrote to you through');
    expect(optOutPath(second)).toBe(optOutPath(first!));
    expect(second.header('list-id')).toBeUndefined();
  });

  it('uses the text an admin wrote (site text system_messages.foyer_first_contact)', async () => {
    const id = 'system_messages.foyer_first_contact';
    const res = await forum.as('admin').put(`/admin/customize/site_texts/${id}.json`, {
      site_text: {
        value: 'A note from %{sender} at %{site_title} about "%{topic_title}".\n\nStop: %{unsubscribe_url}',
      },
    });
    expect(res.status).toBe(200);
    await sendPm(forum, alice, 'guest@x.org');
    await drainSoon(forum);
    const [mail] = smtp.to('guest@x.org');
    expect(mail?.parsed.text).toContain('A note from Alice at Foyer about "Quarterly report".');
    expect(mail?.parsed.text).toContain(`Stop: http://127.0.0.1${optOutPath(mail!)}`);
    expect(mail?.parsed.text).not.toContain('wrote to you through');
  });
});

describe("the friend's one-click opt-out (issue 4)", () => {
  it('stops all further mail to the friend: POST without a cookie, the next post is not emailed, the skip is logged', async () => {
    // Alice writes to a guest; the guest answers by email and Ccs a friend.
    const pm = await sendPm(forum, alice, 'guest@x.org');
    await drainSoon(forum);
    const [toGuest] = smtp.to('guest@x.org');
    const guestReply = replyEmail({
      from: 'Gus Guest <guest@x.org>',
      to: replyToAddress(toGuest),
      cc: 'Fran Friend <friend@y.org>',
      subject: 'Re: Quarterly report',
      inReplyTo: toGuest!.parsed.messageId!,
      body: 'Thanks Alice, I am copying Fran, who wrote the numbers.',
    });
    const received = await receiveEmail(forum.ctx, guestReply.raw, { source: 'handle_mail' });
    expect(received).toMatchObject({ status: 'processed', topicId: pm.json.topic_id });
    const friend = await userByEmail(forum, 'friend@y.org');
    expect(friend.staged).toBe(1);
    await drainSoon(forum);
    expect(smtp.to('friend@y.org')).toHaveLength(0); // she was on the guest's email already

    // Alice answers both: the friend's first email is a letter with a working opt-out.
    await reply(forum, alice, pm.json.topic_id, 'Thank you both. Fran, could you check page 3?');
    await drainSoon(forum);
    const [letter] = smtp.to('friend@y.org');
    expect(letter?.parsed.from).toMatchObject({ name: 'Alice via Foyer' });
    expect(letter?.parsed.text).toContain('Alice wrote to you through Foyer.');
    const path = optOutPath(letter!);

    // A person clicking the link sees a confirmation page; the mail provider's POST opts out.
    const page = await forum.app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Stop all email from Foyer?');
    expect(page.body).toContain('<form method="post">');
    expect(await forum.ctx.db.selectFrom('email_opt_outs').selectAll().execute()).toHaveLength(0);
    const res = await oneClick(path);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('You will not receive any more email from Foyer');
    expect(await forum.ctx.db.selectFrom('email_opt_outs').selectAll().execute()).toEqual([
      expect.objectContaining({ email: 'friend@y.org', user_id: friend.id, topic_id: pm.json.topic_id }),
    ]);

    // The next post reaches the guest, not the friend; the skip says why.
    const next = await reply(forum, alice, pm.json.topic_id, 'Page 3 is fixed now.');
    await drainSoon(forum);
    expect(smtp.to('friend@y.org')).toHaveLength(1);
    expect(smtp.to('guest@x.org').at(-1)?.parsed.text).toContain('Page 3 is fixed now.');
    const logs = (await emailLogs(forum)).filter(
      (l) => l.post_id === next.json.id && l.user_id === friend.id,
    );
    expect(logs).toEqual([
      expect.objectContaining({
        status: 'skipped',
        skipped_reason: 'email_opted_out',
        to_address: 'friend@y.org',
      }),
    ]);
    const skipped = await forum.as('admin').get('/admin/email/skipped.json');
    expect(JSON.stringify(skipped.json)).toContain('opted out of all email');

    // Any other conversation with that address is silent too.
    const bob = await forum.user({ username: 'bob', trustLevel: 4 });
    const other = await sendPm(forum, bob, 'friend@y.org', { title: 'Another matter' });
    await drainSoon(forum);
    expect(smtp.to('friend@y.org')).toHaveLength(1);
    const otherLogs = (await emailLogs(forum)).filter((l) => l.post_id === other.json.id);
    expect(otherLogs).toEqual([expect.objectContaining({ skipped_reason: 'email_opted_out' })]);
  });
});

describe('what the sender and staff see', () => {
  async function friendOptedOut() {
    const pm = await sendPm(forum, alice, 'guest@x.org,friend@y.org');
    await drainSoon(forum);
    const [letter] = smtp.to('friend@y.org');
    await oneClick(optOutPath(letter!));
    return { topicId: pm.json.topic_id as number, friend: await userByEmail(forum, 'friend@y.org') };
  }

  it('shows "opted out" beside the participant in the PM, without any address', async () => {
    const { topicId, friend } = await friendOptedOut();
    const plain = await forum.as(alice).get(`/t/${topicId}.json`);
    await assertMatchesSpec('getTopic', plain.json);
    expect(plain.json.details.allowed_users).toBeUndefined();

    const res = await forum.as(alice).get(`/t/${topicId}.json?include_allowed_users=true`);
    expect(res.status).toBe(200);
    const guest = await userByEmail(forum, 'guest@x.org');
    expect(res.json.details.allowed_users).toEqual([
      expect.objectContaining({ id: alice.id, username: 'alice' }),
      expect.objectContaining({ id: guest.id, staged: true }),
      expect.objectContaining({ id: friend.id, staged: true, email_opted_out: true }),
    ]);
    expect(res.json.details.allowed_users[1].email_opted_out).toBeUndefined();
    expect(JSON.stringify(res.json)).not.toMatch(/@x\.org|@y\.org/);
    // Someone who cannot see the PM learns nothing.
    const outsider = await forum.user({ username: 'outsider' });
    expect((await forum.as(outsider).get(`/t/${topicId}.json?include_allowed_users=true`)).status).toBe(404);
  });

  it('lets staff list opt-outs and undo one at the person’s request; then mail flows again', async () => {
    const { topicId, friend } = await friendOptedOut();
    const moderator = await forum.user({ username: 'mod', moderator: true });
    expect((await forum.as(alice).get('/admin/email/opt-outs.json')).status).toBe(403);
    expect((await forum.as(alice).delete(`/admin/users/${friend.id}/email-opt-out.json`)).status).toBe(403);
    const list = await forum.as(moderator).get('/admin/email/opt-outs.json');
    expect(list.status).toBe(200);
    expect(list.json.opt_outs).toEqual([
      expect.objectContaining({
        email: 'friend@y.org',
        topic_id: topicId,
        user: expect.objectContaining({ id: friend.id, staged: true }),
      }),
    ]);

    const undo = await forum.as(moderator).delete(`/admin/users/${friend.id}/email-opt-out.json`);
    expect(undo.status).toBe(200);
    expect(undo.json).toEqual({ success: 'OK' });
    const again = await forum.as(moderator).delete(`/admin/users/${friend.id}/email-opt-out.json`);
    expect(again.status).toBe(400);
    expect(again.json.errors[0]).toMatch(/has not opted out of email/);
    const log = await forum.ctx.db
      .selectFrom('user_histories')
      .selectAll()
      .where('action', '=', 'email_opt_out_removed')
      .execute();
    expect(log).toEqual([
      expect.objectContaining({ acting_user_id: moderator.id, target_user_id: friend.id }),
    ]);

    await reply(forum, alice, topicId, 'Welcome back, Fran.');
    await drainSoon(forum);
    expect(smtp.to('friend@y.org').at(-1)?.parsed.text).toContain('Welcome back, Fran.');
  });
});
