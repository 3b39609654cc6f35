// The done-means scenario of staged sign-up, end to end with real mail: a person who was only
// an email address receives three PMs (through a real SMTP sink), answers by email through
// Foyer's own SMTP listener with a friend in Cc, then signs up, activates from the emailed
// link, and finds all three conversations with their whole history — their own emailed
// replies included — and the invited-by credit on both sides ("differs" 4).
import type { DNSResolver } from 'mailauth';
import nodemailer from 'nodemailer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../db/schema';
import { drainSoon, startMailForum } from '../email/outbound/test-support';
import { startSmtpListener, type SmtpListener } from '../email/transports/smtp-listener';
import { browser, linkIn, pathOf, type Browser } from '../testing/browser';
import { assertMatchesSpec } from '../testing/discourse-spec';
import type { TestForum } from '../testing/forum-fixture';
import { replyEmail } from '../testing/reply-emails';
import { startSmtpSink, type SinkMessage, type SmtpSink } from '../testing/smtp-sink';

/** Offline DNS: no SPF, DKIM or DMARC records anywhere. */
const noDns: DNSResolver = async (domain) => {
  throw Object.assign(new Error(`queryTxt ENOTFOUND ${domain}`), { code: 'ENOTFOUND' });
};

let smtp: SmtpSink;
let forum: TestForum;
let listener: SmtpListener;
beforeEach(async () => {
  smtp = await startSmtpSink();
  forum = await startMailForum(smtp);
  listener = await startSmtpListener(forum.ctx, { host: '127.0.0.1', port: 0, resolver: noDns });
});
afterEach(async () => {
  await listener.close();
  await forum.destroy();
  await smtp.stop();
});

const PASSWORD = 'a-long-enough-password';

async function pm(from: User, to: string, title: string, raw: string): Promise<number> {
  const res = await forum
    .as(from)
    .post('/posts.json', { title, raw, archetype: 'private_message', target_recipients: to });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json.topic_id;
}

/** The notification email `to` got about a topic, once the queue has run. */
async function mailAbout(to: string, title: string): Promise<SinkMessage> {
  await drainSoon(forum);
  return smtp.waitFor((m) => m.rcptTo.includes(to) && (m.parsed.subject ?? '').includes(title));
}

/** Answers an email from a mail client, over SMTP to Foyer's listener. */
async function answer(mail: SinkMessage, from: string, body: string, cc?: string): Promise<void> {
  const to = mail.parsed.replyTo?.[0]?.address ?? '';
  expect(to).toMatch(/^reply\+[0-9a-f]{32}@foyer\.test$/);
  const { raw } = replyEmail({
    from,
    to,
    ...(cc ? { cc } : {}),
    subject: `Re: ${mail.parsed.subject ?? ''}`,
    ...(mail.parsed.messageId ? { inReplyTo: mail.parsed.messageId } : {}),
    body,
  });
  const sent = await nodemailer
    .createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true })
    .sendMail({ envelope: { from: from.replace(/^.*<|>$/g, ''), to: [to] }, raw });
  expect(sent.response).toMatch(/^250 /);
}

/** Signs up in a browser and follows the activation link from the email. */
async function signUpAndActivate(email: string, username: string, name: string): Promise<Browser> {
  const person = browser(forum);
  const res = await person.post('/users.json', { email, username, name, password: PASSWORD });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  await assertMatchesSpec('createUser', res.json);
  const mail = await mailAbout(email, 'Confirm your new account');
  const activated = await person.put(`${pathOf(linkIn(mail.parsed.text, '/u/activate-account/'))}.json`);
  expect(activated.status).toBe(200);
  expect(person.cookie).toBeDefined();
  return person;
}

describe('a staged person signs up', () => {
  it('who received three PMs and cc’d a friend sees all three with full history and their invited-by credit', async () => {
    const alice = await forum.user({ username: 'alice', name: 'Alice Adams', trustLevel: 4 });
    const bob = await forum.user({ username: 'bob', name: 'Bob Brown', trustLevel: 4 });

    // Three conversations reach sam@x.org by email; Alice wrote first.
    const venue = await pm(alice, 'sam@x.org', 'Meetup venue', 'Could you host the meetup in April?');
    const budget = await pm(bob, 'sam@x.org', 'Meetup budget', 'How much should we spend on food?');
    const speakers = await pm(alice, 'sam@x.org,bob', 'Meetup speakers', 'Who should we invite to speak?');
    await forum.as(alice).post('/posts.json', { topic_id: speakers, raw: 'I can ask Dana to give a talk.' });

    // Sam answers two of them from a mail client; the first answer brings a friend in by Cc.
    await answer(
      await mailAbout('sam@x.org', 'Meetup venue'),
      'Sam Smith <sam@x.org>',
      'Happy to host! Fred will cook, I am adding him.',
      'Fred Friend <fred@x.org>',
    );
    await answer(await mailAbout('sam@x.org', 'Meetup budget'), 'Sam Smith <sam@x.org>', 'About 200 euros.');
    const samRow = await forum.ctx.db
      .selectFrom('users')
      .innerJoin('user_emails', 'user_emails.user_id', 'users.id')
      .selectAll('users')
      .where('user_emails.normalized_email', '=', 'sam@x.org')
      .executeTakeFirstOrThrow();
    expect(samRow.staged).toBe(1);

    // Sam signs up with that address, activates, and is the same person.
    const sam = await signUpAndActivate('sam@x.org', 'sam', 'Sam Smith');
    const me = await sam.get('/session/current.json');
    expect(me.json.current_user).toMatchObject({ id: samRow.id, username: 'sam', staged: false });

    // All three conversations are in the inbox, each with its whole history.
    const inbox = await sam.get('/topics/private-messages/sam.json');
    await assertMatchesSpec('listUserPrivateMessages', inbox.json);
    expect(inbox.json.topic_list.topics.map((t: { id: number }) => t.id).sort()).toEqual(
      [venue, budget, speakers].sort(),
    );
    const thread = async (id: number) => {
      const res = await sam.get(`/t/${id}.json`);
      expect(res.status).toBe(200);
      await assertMatchesSpec('getTopic', res.json);
      return res.json.post_stream.posts.map((p: { username: string; cooked: string; post_type: number }) =>
        // 3: a small action, here "invited" for the friend brought in by Cc.
        p.post_type === 3
          ? `${p.username}: (small action)`
          : `${p.username}: ${p.cooked.replace(/<[^>]+>/g, '').trim()}`,
      );
    };
    expect(await thread(venue)).toEqual([
      'alice: Could you host the meetup in April?',
      'sam: Happy to host! Fred will cook, I am adding him.',
      'sam: (small action)',
    ]);
    expect(await thread(budget)).toEqual(['bob: How much should we spend on food?', 'sam: About 200 euros.']);
    expect(await thread(speakers)).toEqual([
      'alice: Who should we invite to speak?',
      'alice: I can ask Dana to give a talk.',
    ]);

    // Credit: Alice brought Sam in; Sam brought Fred in, which counts once Fred signs up.
    expect((await sam.get('/u/sam.json')).json.user.invited_by).toBe('alice');
    expect((await sam.get('/u/sam/invited_count.json')).json.counts.redeemed).toBe(0);
    const fred = await signUpAndActivate('fred@x.org', 'fred', 'Fred Friend');
    expect((await fred.get('/u/fred.json')).json.user.invited_by).toBe('sam');
    expect((await fred.get(`/t/${venue}.json`)).status).toBe(200);
    const credit = await sam.get('/u/sam/invited.json');
    expect(credit.json.counts).toEqual({ pending: 0, expired: 0, redeemed: 1, total: 0 });
    expect(credit.json.invites).toEqual([
      expect.objectContaining({
        invite_source: 'staged',
        user: expect.objectContaining({ username: 'fred' }),
      }),
    ]);
    const aliceList = await forum.as(alice).get('/u/alice/invited.json');
    expect(aliceList.json.invites.map((i: { user: { username: string } }) => i.user.username)).toEqual([
      'sam',
    ]);
    expect((await forum.as(bob).get('/u/bob/invited_count.json')).json.counts.redeemed).toBe(0);
  });
});
