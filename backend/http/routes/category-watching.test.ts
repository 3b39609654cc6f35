// Watching categories (behaviour.md §1.3, §5.5, §6 G 78–79): a person's level per category set
// through POST /category/{id}/notifications and PUT /u/{username}.json, staff changing a staged
// person's levels only with allow_changing_staged_user_tracking, and a new topic reaching the
// watchers — a staged watcher by email, through a real SMTP server, with a reply address that
// takes their answer back into the topic when they may post in the category.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Category, User } from '../../db/schema';
import { receiveEmail } from '../../email/inbound/receive-email';
import { drainSoon, startMailForum } from '../../email/outbound/test-support';
import { testCategory } from '../../testing/category-fixtures';
import { assertMatchesSpec } from '../../testing/discourse-spec';
import type { TestForum } from '../../testing/forum-fixture';
import { answerByEmail, replyEmail } from '../../testing/reply-emails';
import { startSmtpSink, type SmtpSink, replyToAddress } from '../../testing/smtp-sink';

let smtp: SmtpSink;
let forum: TestForum;
let alice: User;
let bob: User;
let feedback: Category;

beforeEach(async () => {
  smtp = await startSmtpSink();
  forum = await startMailForum(smtp);
  await forum.setting('manual_polling_enabled', 'true');
  alice = await forum.user({ username: 'alice', name: 'Alice' });
  bob = await forum.user({ username: 'bob' });
  feedback = await testCategory(forum, { name: 'Feedback' });
});
afterEach(async () => {
  await forum.destroy();
  await smtp.stop();
});

const levelsOf = async (user: User) =>
  forum.ctx.db
    .selectFrom('category_users')
    .select(['category_id', 'notification_level'])
    .where('user_id', '=', user.id)
    .orderBy('category_id')
    .execute();

async function newTopic(title = 'The search box is hard to find') {
  const res = await forum.as(alice).post('/posts.json', {
    title,
    raw: 'I looked for the search box for a whole minute before I found it.',
    category: feedback.id,
  });
  expect(res.status).toBe(200);
  return res.json as { id: number; topic_id: number };
}

/** Every job due within the next hour (topic emails wait email_time_window_mins). */
const drainTopicEmails = () => forum.jobs.drain(new Date(Date.now() + 3_600_000));

describe("one's own level in a category", () => {
  it('sets it with POST /category/{id}/notifications and shows it in the category lists', async () => {
    const res = await forum.as(bob).post(`/category/${feedback.id}/notifications`, { notification_level: 3 });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ success: 'OK', indirectly_muted_category_ids: [] });
    expect(await levelsOf(bob)).toEqual([{ category_id: feedback.id, notification_level: 3 }]);
    const list = await forum.as(bob).get('/categories.json');
    const row = list.json.category_list.categories.find((c: { id: number }) => c.id === feedback.id);
    expect(row.notification_level).toBe(3);
    const shown = await forum.as(bob).get(`/c/${feedback.id}/show.json`);
    expect(shown.json.category.notification_level).toBe(3);

    const bad = await forum.as(bob).post(`/category/${feedback.id}/notifications`, { notification_level: 9 });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0]).toMatch(/0 \(muted\).*4 \(watching first post\)/);
    expect(
      (await forum.as(null).post(`/category/${feedback.id}/notifications`, { notification_level: 3 })).status,
    ).toBe(403);
    const team = await forum.group('team');
    const secret = await testCategory(forum, { name: 'Secret', permissions: { [team.name]: 1 } });
    expect(
      (await forum.as(bob).post(`/category/${secret.id}/notifications`, { notification_level: 3 })).status,
    ).toBe(404);
  });

  it('replaces the set at each level with PUT /u/{username}.json and shows it to the person and staff only', async () => {
    const ideas = await testCategory(forum, { name: 'Ideas' });
    const res = await forum.as(bob).put('/u/bob.json', {
      name: 'Bob B',
      watched_category_ids: [feedback.id],
      tracked_category_ids: [ideas.id],
      watched_first_post_category_ids: [],
    });
    expect(res.status).toBe(200);
    await assertMatchesSpec('updateUser', res.json);
    expect(res.json.user).toMatchObject({
      name: 'Bob B',
      watched_category_ids: [feedback.id],
      tracked_category_ids: [ideas.id],
    });
    // A later call moves Feedback to watching first post and clears the watched set.
    await forum
      .as(bob)
      .put('/u/bob.json', { watched_category_ids: [], watched_first_post_category_ids: [feedback.id] });
    expect(await levelsOf(bob)).toEqual([
      { category_id: feedback.id, notification_level: 4 },
      { category_id: ideas.id, notification_level: 2 },
    ]);
    const own = await forum.as(bob).get('/u/bob.json');
    await assertMatchesSpec('getUser', own.json);
    expect(own.json.user).toMatchObject({
      watched_first_post_category_ids: [feedback.id],
      watched_category_ids: [],
    });
    const other = await forum.as(alice).get('/u/bob.json');
    expect(other.json.user.watched_first_post_category_ids).toEqual([]);
    expect((await forum.as(alice).put('/u/bob.json', { watched_category_ids: [feedback.id] })).status).toBe(
      403,
    );
    const unknown = await forum.as(bob).put('/u/bob.json', { watched_category_ids: [999] });
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors[0]).toMatch(/category 999/);
  });
});

describe("staff and a staged person's levels (G 78)", () => {
  it('refuses them while allow_changing_staged_user_tracking is off, and applies them once it is on', async () => {
    const staged = await forum.stagedUser('sam@customer.example');
    const off = await forum
      .as('admin')
      .put(`/u/${staged.username}.json`, { name: 'Sam', watched_category_ids: [feedback.id] });
    // Discourse skips them silently; Foyer says so, and changes nothing (not even the name).
    expect(off.status).toBe(403);
    expect(off.json.errors[0]).toMatch(/allow_changing_staged_user_tracking/);
    expect(await levelsOf(staged)).toEqual([]);
    const profile = await forum.as('admin').get(`/u/${staged.username}.json`);
    expect(profile.json.user).toMatchObject({ name: 'sam', can_change_tracking_preferences: false });
    await forum.setting('allow_changing_staged_user_tracking', 'true');
    const on = await forum
      .as('admin')
      .put(`/u/${staged.username}.json`, { watched_category_ids: [feedback.id] });
    expect(on.status).toBe(200);
    expect(on.json.user).toMatchObject({
      can_change_tracking_preferences: true,
      watched_category_ids: [feedback.id],
    });
    expect(await levelsOf(staged)).toEqual([{ category_id: feedback.id, notification_level: 3 }]);
  });
});

describe('a new topic in a watched category', () => {
  it('notifies watchers as "posted", first-post watchers once, tracks or mutes as the category says', async () => {
    const carol = await forum.user({ username: 'carol' });
    const dave = await forum.user({ username: 'dave' });
    const erin = await forum.user({ username: 'erin' });
    await forum.as(bob).post(`/category/${feedback.id}/notifications`, { notification_level: 3 });
    await forum.as(carol).post(`/category/${feedback.id}/notifications`, { notification_level: 4 });
    await forum.as(dave).post(`/category/${feedback.id}/notifications`, { notification_level: 2 });
    await forum.as(erin).post(`/category/${feedback.id}/notifications`, { notification_level: 0 });
    const first = await newTopic();
    const notes = async (user: User) =>
      (
        await forum.ctx.db
          .selectFrom('notifications')
          .select(['notification_type', 'post_number'])
          .where('user_id', '=', user.id)
          .orderBy('id')
          .execute()
      ).map((n) => [n.notification_type, n.post_number]);
    expect(await notes(bob)).toEqual([[9, 1]]);
    expect(await notes(carol)).toEqual([[17, 1]]);
    expect(await notes(dave)).toEqual([]);
    const topicLevel = async (user: User) =>
      (
        await forum.ctx.db
          .selectFrom('topic_users')
          .select('notification_level')
          .where('user_id', '=', user.id)
          .where('topic_id', '=', first.topic_id)
          .executeTakeFirst()
      )?.notification_level;
    expect([
      await topicLevel(bob),
      await topicLevel(carol),
      await topicLevel(dave),
      await topicLevel(erin),
    ]).toEqual([3, undefined, 2, 0]);
    // A reply reaches the watcher again; the first-post watcher and the muted person hear nothing.
    await forum
      .as(dave)
      .post('/posts.json', { topic_id: first.topic_id, raw: 'Agreed, it took me a while too.' });
    expect(await notes(bob)).toEqual([
      [9, 1],
      [9, 2],
    ]);
    expect(await notes(carol)).toEqual([[17, 1]]);
    expect(await notes(erin)).toEqual([]);
    // Real people are emailed by email_level: bob's default "only when away" and he was never seen.
    await drainTopicEmails();
    expect(smtp.to('bob@example.com').map((m) => m.parsed.subject)).toEqual([
      '[Foyer] [Feedback] The search box is hard to find',
      'Re: [Foyer] [Feedback] The search box is hard to find',
    ]);
  });

  it('emails a staged watcher with a reply address, and their emailed answer joins the topic (G 79)', async () => {
    const staged = await forum.stagedUser('sam@customer.example');
    await forum.setting('allow_changing_staged_user_tracking', 'true');
    await forum.as('admin').put(`/u/${staged.username}.json`, { watched_category_ids: [feedback.id] });
    const first = await newTopic();
    await drainSoon(forum);
    expect(smtp.to('sam@customer.example')).toHaveLength(0); // email_time_window_mins delays it
    await drainTopicEmails();
    const [mail] = smtp.to('sam@customer.example');
    expect(mail).toBeDefined();
    expect(mail?.parsed.subject).toBe('The search box is hard to find');
    expect(mail?.parsed.text).toContain('I looked for the search box');
    expect(mail?.parsed.text).toContain('Reply to this email to respond.');
    // A staged person can stop all mail from any of our emails (one-click, RFC 8058).
    expect(mail?.header('list-unsubscribe')).toMatch(/^<http:\/\/127\.0\.0\.1\/email\/unsubscribe\//);

    const { address, outcome, posts } = await answerByEmail(forum.ctx, mail, first.topic_id, {
      from: 'Sam <sam@customer.example>',
      subject: 'Re: The search box is hard to find',
      body: 'It is under the menu on my phone, which is even harder to find.',
    });
    expect(address).toMatch(/^reply\+[0-9a-f]{32}@foyer\.test$/);
    expect(outcome).toMatchObject({ status: 'processed', topicId: first.topic_id });
    expect(posts[1]).toEqual({
      user_id: staged.id,
      raw: 'It is under the menu on my phone, which is even harder to find.',
      via_email: 1,
      reply_to_post_number: 1,
    });
    // Alice watches her topic: she hears of the emailed answer as a reply to her.
    const toAlice = await forum.ctx.db
      .selectFrom('notifications')
      .select('notification_type')
      .where('user_id', '=', alice.id)
      .execute();
    expect(toAlice).toEqual([{ notification_type: 2 }]);
  });

  it('neither notifies nor emails a staged watcher who may not see the category', async () => {
    const staged = await forum.stagedUser('sam@customer.example');
    await forum.setting('allow_changing_staged_user_tracking', 'true');
    await forum.as('admin').put(`/u/${staged.username}.json`, { watched_category_ids: [feedback.id] });
    const team = await forum.group('team', { members: [alice] });
    await forum.as('admin').put(`/categories/${feedback.id}.json`, { permissions: { [team.name]: 1 } });
    await newTopic();
    await drainTopicEmails();
    expect(smtp.to('sam@customer.example')).toHaveLength(0);
    const note = await forum.ctx.db
      .selectFrom('notifications')
      .select('id')
      .where('user_id', '=', staged.id)
      .execute();
    expect(note).toEqual([]);
  });

  it('tells no staged watcher of a post in a mailing-list mirror (§1.3)', async () => {
    const staged = await forum.stagedUser('sam@customer.example');
    await forum.setting('allow_changing_staged_user_tracking', 'true');
    await forum.as('admin').put(`/u/${staged.username}.json`, { watched_category_ids: [feedback.id] });
    await forum.as(bob).post(`/category/${feedback.id}/notifications`, { notification_level: 3 });
    await forum.as('admin').put(`/categories/${feedback.id}.json`, { mailinglist_mirror: true });
    await newTopic();
    const told = await forum.ctx.db.selectFrom('notifications').select('user_id').execute();
    expect(told).toEqual([{ user_id: bob.id }]);
  });

  it('refuses an emailed answer when the category became read-only for the staged person', async () => {
    const staged = await forum.stagedUser('sam@customer.example');
    await forum.setting('allow_changing_staged_user_tracking', 'true');
    await forum.as('admin').put(`/u/${staged.username}.json`, { watched_category_ids: [feedback.id] });
    const first = await newTopic();
    await drainTopicEmails();
    const [mail] = smtp.to('sam@customer.example');
    const address = replyToAddress(mail);
    await forum
      .as('admin')
      .put(`/categories/${feedback.id}.json`, { permissions: { everyone: 3, staff: 1 } });
    const answer = replyEmail({
      from: 'sam@customer.example',
      to: address,
      body: 'Can I still answer here?',
    });
    const outcome = await receiveEmail(forum.ctx, Buffer.from(answer.raw), { source: 'handle_mail' });
    expect(outcome).toMatchObject({ status: 'rejected', errorCode: 'email_reply_not_allowed' });
    const count = await forum.ctx.db
      .selectFrom('posts')
      .select('id')
      .where('topic_id', '=', first.topic_id)
      .execute();
    expect(count).toHaveLength(1);
  });
});
