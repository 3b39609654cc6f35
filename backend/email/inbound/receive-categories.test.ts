// Email to a category's incoming address through the real receiver (behaviour.md §1.2 C3, §2.3,
// §3.3 step 13, §6 D 53–55), with Discourse's fixture emails and the expectations of its
// receiver spec ("new topic in a category"): strangers, allowed groups, category permissions,
// validations, several destinations, and the conversation continuing by reply key.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Category, User } from '../../db/schema';
import { drainSoon, configureMail } from '../outbound/test-support';
import { testCategory } from '../../testing/category-fixtures';
import { findUserByEmail } from '../../users/users-repository';
import { startTestForum, type TestForum } from '../../testing/forum-fixture';
import { replyEmail, waitUntil } from '../../testing/reply-emails';
import { startSmtpSink, type SmtpSink, replyToAddress } from '../../testing/smtp-sink';
import nodemailer from 'nodemailer';
import { startSmtpListener } from '../transports/smtp-listener';
import { isAcceptedRecipient } from './destinations';
import { fixtureWith, queuedSystemEmails, receive } from './test-support';

let forum: TestForum;
let category: Category;

beforeEach(async () => {
  forum = await startTestForum();
  for (const [k, v] of Object.entries({
    reply_by_email_enabled: 'true',
    reply_by_email_address: 'reply+%{reply_key}@bar.com',
    email_in: 'true',
    manual_polling_enabled: 'true',
  }))
    await forum.setting(k, v);
  // As upstream's fixture category: two addresses, strangers refused.
  category = await testCategory(forum, { name: 'Feedback', email_in: 'category@bar.com|category@foo.com' });
});
afterEach(async () => {
  await forum.destroy();
});

const db = () => forum.ctx.db;
const byEmail = (email: string) => findUserByEmail(db(), email);
const topicOf = (id: number | undefined) =>
  db()
    .selectFrom('topics')
    .selectAll()
    .where('id', '=', id ?? 0)
    .executeTakeFirst();
const allowStrangers = () =>
  db().updateTable('categories').set({ email_in_allow_strangers: 1 }).where('id', '=', category.id).execute();
const topicCount = async () => (await db().selectFrom('topics').select('id').execute()).length;

describe('strangers (D 53)', () => {
  it('refuses an unknown sender while the category does not take strangers, staging no one', async () => {
    const { outcome, record } = await receive(forum, 'new_user');
    expect(outcome).toMatchObject({ status: 'rejected', errorCode: 'email_strangers_not_allowed' });
    expect(record?.rejection_message).toMatch(/only accepts email from its members/);
    expect(await byEmail('discourse@bar.com')).toBeUndefined();
    expect(await queuedSystemEmails(forum)).toEqual([
      expect.objectContaining({
        emailType: 'email_reject_email_strangers_not_allowed',
        to: 'discourse@bar.com',
      }),
    ]);
  });

  it('lets a stranger start a public topic once the category takes strangers', async () => {
    await allowStrangers();
    const { outcome, post } = await receive(forum, 'new_user');
    expect(outcome.status).toBe('processed');
    const staged = await byEmail('discourse@bar.com');
    expect(staged).toMatchObject({ staged: 1, active: 0, name: 'Foo Bar' });
    const topic = await topicOf(outcome.topicId);
    expect(topic).toMatchObject({
      archetype: 'regular',
      category_id: category.id,
      title: 'This is a topic from a complete stranger',
      user_id: staged?.id,
    });
    expect(post).toMatchObject({
      raw: 'Hey, this is a topic from a complete stranger ;)',
      via_email: 1,
      post_number: 1,
    });
    // The topic is public: anyone may read it.
    const shown = await forum.as(null).get(`/t/${outcome.topicId}.json`);
    expect(shown.status).toBe(200);
    expect(shown.json.post_stream.posts[0].username).toBe(staged?.username);
  });

  it('posts as an existing staged person rather than staging again', async () => {
    await allowStrangers();
    const staged = await forum.stagedUser('discourse@bar.com');
    const { outcome } = await receive(forum, 'new_user');
    expect((await topicOf(outcome.topicId))?.user_id).toBe(staged.id);
    expect(await db().selectFrom('users').select('id').where('staged', '=', 1).execute()).toHaveLength(1);
  });

  it('refuses a staged sender too while strangers are refused', async () => {
    await forum.stagedUser('discourse@bar.com');
    const { outcome } = await receive(forum, 'new_user');
    expect(outcome).toMatchObject({ status: 'rejected', errorCode: 'email_strangers_not_allowed' });
  });
});

describe('known senders (D 54)', () => {
  let existing: User;
  beforeEach(async () => {
    existing = await forum.user({ username: 'existing', email: 'existing@bar.com', trustLevel: 2 });
  });

  it('lets a member of email_in_allowed_groups start a topic', async () => {
    const { outcome, post } = await receive(forum, 'existing_user');
    expect(outcome.status).toBe('processed');
    expect(await topicOf(outcome.topicId)).toMatchObject({
      title: 'This is a topic from an existing user',
      user_id: existing.id,
      category_id: category.id,
    });
    expect(post?.raw).toBe('Hey, this is a topic from an existing user ;)');
  });

  it('refuses someone outside email_in_allowed_groups with insufficient trust', async () => {
    await db().updateTable('users').set({ trust_level: 3 }).where('id', '=', existing.id).execute();
    await forum.setting('email_in_allowed_groups', '14');
    const { outcome } = await receive(forum, 'existing_user');
    expect(outcome).toMatchObject({ status: 'rejected', errorCode: 'email_insufficient_trust' });
    expect(await topicCount()).toBe(0);
  });

  it('refuses a person who may only reply in the category (invalid access), then takes a stranger', async () => {
    const group = await forum.group('posters', { members: [existing] });
    await forum.as('admin').put(`/categories/${category.id}.json`, { permissions: { [group.name]: 2 } });
    const refused = await receive(forum, 'existing_user');
    expect(refused.outcome).toMatchObject({ status: 'rejected', errorCode: 'email_invalid_access' });
    await allowStrangers();
    const stranger = await receive(forum, 'new_user');
    expect(stranger.outcome.status).toBe('processed');
    expect(await topicCount()).toBe(1);
  });

  it("checks a real person's subject and body as the app would", async () => {
    const shortSubject = await receive(
      forum,
      fixtureWith('existing_user', { 'Subject: This is a topic from an existing user': 'Subject: Hi' }),
    );
    expect(shortSubject.outcome).toMatchObject({ status: 'rejected', errorCode: 'email_invalid_post' });
    expect(shortSubject.record?.rejection_message).toMatch(/at least 15 characters/);
    const shortBody = await receive(
      forum,
      fixtureWith('existing_user', {
        'Hey, this is a topic from an existing user ;)': 'Hey!',
        '<32@foo.bar.mail>': '<320@foo.bar.mail>',
      }),
    );
    expect(shortBody.outcome).toMatchObject({ status: 'rejected', errorCode: 'email_too_short' });
  });

  it('knows a person by a secondary address', async () => {
    const other = await forum.user({ username: 'other', email: 'other@bar.com', trustLevel: 2 });
    await db().deleteFrom('user_emails').where('user_id', '=', existing.id).execute();
    await db()
      .insertInto('user_emails')
      .values({
        user_id: other.id,
        email: 'existing@bar.com',
        normalized_email: 'existing@bar.com',
        primary: 0,
        created_at: new Date().toISOString(),
      })
      .execute();
    const { outcome } = await receive(forum, 'existing_user');
    expect((await topicOf(outcome.topicId))?.user_id).toBe(other.id);
  });

  it('lets high-trust senders in and keeps low ones out of a category that takes strangers', async () => {
    await allowStrangers();
    await forum.setting('email_in_allowed_groups', '14');
    await forum.user({ username: 'tl4', email: 'tl4@bar.com', trustLevel: 4 });
    await forum.user({ username: 'tl3', email: 'tl3@bar.com', trustLevel: 3 });
    expect((await receive(forum, 'tl4_user')).outcome.status).toBe('processed');
    expect((await receive(forum, 'tl3_user')).outcome).toMatchObject({
      errorCode: 'email_insufficient_trust',
    });
  });
});

describe('addresses', () => {
  it('matches category addresses without case, pipe or comma separated, only while email_in is on', async () => {
    await db()
      .updateTable('categories')
      .set({ email_in: 'Ideas@Bar.com, other@bar.com' })
      .where('id', '=', category.id)
      .execute();
    expect(await isAcceptedRecipient(forum.ctx, 'IDEAS@bar.com')).toBe(true);
    expect(await isAcceptedRecipient(forum.ctx, '<other@BAR.com>')).toBe(true);
    expect(await isAcceptedRecipient(forum.ctx, 'ideas@bar.co')).toBe(false);
    expect(await isAcceptedRecipient(forum.ctx, 'deas@bar.com')).toBe(false);
    await forum.setting('email_in', 'false');
    expect(await isAcceptedRecipient(forum.ctx, 'ideas@bar.com')).toBe(false);
  });

  it('rejects mail to a category as a bad destination when email_in is off', async () => {
    await allowStrangers();
    await forum.setting('email_in', 'false');
    const { outcome } = await receive(forum, 'new_user');
    expect(outcome).toMatchObject({ status: 'rejected', errorCode: 'email_bad_destination' });
  });

  it('lets a group destination succeed when the category refuses, with no rejection sent (D 55)', async () => {
    const group = await forum.group('team');
    await db()
      .updateTable('groups')
      .set({ incoming_email: 'team@bar.com' })
      .where('id', '=', group.id)
      .execute();
    const raw = fixtureWith('new_user', { 'To: category@foo.com': 'To: category@foo.com\nCc: team@bar.com' });
    const { outcome } = await receive(forum, raw);
    expect(outcome.status).toBe('processed');
    const topic = await topicOf(outcome.topicId);
    expect(topic?.archetype).toBe('private_message');
    expect(await queuedSystemEmails(forum)).toEqual([]);
    // The category address on the email never becomes a person (C 41).
    expect(await byEmail('category@foo.com')).toBeUndefined();
  });
});

describe('over SMTP', () => {
  it('accepts a category address at RCPT time and starts the topic; refuses an address of no one', async () => {
    await allowStrangers();
    // Offline DNS: every lookup fails at once (no SPF, DKIM or DMARC records anywhere).
    const resolver = async (domain: string) => {
      throw Object.assign(new Error(`queryTxt ENOTFOUND ${domain}`), { code: 'ENOTFOUND' });
    };
    const listener = await startSmtpListener(forum.ctx, { host: '127.0.0.1', port: 0, resolver });
    try {
      const client = nodemailer.createTransport({
        host: '127.0.0.1',
        port: listener.port,
        secure: false,
        ignoreTLS: true,
      });
      const { raw } = replyEmail({
        from: 'Visitor <visitor@example.org>',
        to: 'Category@Foo.com',
        subject: 'A question sent over SMTP',
        body: 'Does the category address work over SMTP too?',
      });
      const sent = await client.sendMail({
        envelope: { from: 'visitor@example.org', to: ['Category@Foo.com'] },
        raw,
      });
      expect(sent.response).toMatch(/^250 /);
      const topic = await waitUntil(
        () =>
          db()
            .selectFrom('topics')
            .selectAll()
            .where('title', '=', 'A question sent over SMTP')
            .executeTakeFirst(),
        'the topic from the SMTP mail',
      );
      expect(topic).toMatchObject({ archetype: 'regular', category_id: category.id });
      const refused = await client
        .sendMail({ envelope: { from: 'visitor@example.org', to: ['nocategory@foo.com'] }, raw })
        .then(
          () => undefined,
          (e: { responseCode?: number }) => e,
        );
      expect(refused?.responseCode).toBe(550);
    } finally {
      await listener.close();
    }
  });
});

describe('the conversation after the first email', () => {
  let smtp: SmtpSink;
  beforeEach(async () => {
    smtp = await startSmtpSink();
    await configureMail(forum, smtp);
    await forum.setting('reply_by_email_address', 'reply+%{reply_key}@bar.com');
  });
  afterEach(async () => {
    await smtp.stop();
  });

  it("emails the stranger the team's reply, and their answer to it continues the topic by reply key", async () => {
    await allowStrangers();
    const watcher = await forum.user({ username: 'watcher' });
    await forum.as(watcher).post(`/category/${category.id}/notifications`, { notification_level: 3 });
    const { outcome } = await receive(forum, 'new_user');
    const topicId = outcome.topicId ?? 0;
    // The category's watcher heard of the emailed topic.
    const notes = await db().selectFrom('notifications').select(['user_id', 'notification_type']).execute();
    expect(notes).toEqual([{ user_id: watcher.id, notification_type: 9 }]);

    const reply = await forum.as('admin').post('/posts.json', {
      topic_id: topicId,
      raw: 'Thanks for writing! Could you tell us more?',
      reply_to_post_number: 1,
    });
    expect(reply.status).toBe(200);
    await forum.jobs.drain(new Date(Date.now() + 3_600_000));
    await drainSoon(forum);
    const [mail] = smtp.to('discourse@bar.com');
    expect(mail?.parsed.subject).toBe('Re: This is a topic from a complete stranger');
    // The stranger's mail client threads it under their own message.
    expect(mail?.header('in-reply-to')).toBe('<31@foo.bar.mail>');
    const address = replyToAddress(mail);
    expect(address).toMatch(/^reply\+[0-9a-f]{32}@bar\.com$/);

    const answer = replyEmail({
      from: 'Foo Bar <discourse@bar.com>',
      to: address,
      subject: 'Re: This is a topic from a complete stranger',
      body: 'Sure: the search box is hidden behind the menu.',
      inReplyTo: mail?.parsed.messageId ?? '',
    });
    const second = await receive(forum, Buffer.from(answer.raw));
    expect(second.outcome).toMatchObject({ status: 'processed', topicId });
    expect(second.post).toMatchObject({ post_number: 3, reply_to_post_number: 2, via_email: 1 });
  });
});
