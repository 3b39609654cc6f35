// Watching tags (behaviour.md §1.3, §5.5, §6 G 78–79 for tags): a person's level per tag set
// through PUT /tag/{name}/notifications and PUT /u/{username}.json (watched_tags and friends),
// staff changing a staged person's tag levels only with allow_changing_staged_user_tracking,
// and a new tagged topic reaching the watchers — a staged watcher by email, through a real SMTP
// server, with a reply address that takes their answer back into the topic.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Category, User } from '../../db/schema';
import { drainSoon, startMailForum } from '../../email/outbound/test-support';
import { testCategory } from '../../testing/category-fixtures';
import { assertMatchesSpec } from '../../testing/discourse-spec';
import type { TestForum } from '../../testing/forum-fixture';
import { answerByEmail } from '../../testing/reply-emails';
import { startSmtpSink, type SmtpSink } from '../../testing/smtp-sink';

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
  // Staff create the tags by using them; others may then use and watch them.
  await tagged('Billing questions are collected here', ['billing', 'mobile'], 'admin');
});
afterEach(async () => {
  await forum.destroy();
  await smtp.stop();
});

async function tagged(title: string, tags: string[], by: User | string = alice) {
  const res = await forum.as(by).post('/posts.json', {
    title,
    raw: 'I was charged twice for the same month, once on each card.',
    category: feedback.id,
    tags,
  });
  expect(res.status).toBe(200);
  return res.json as { id: number; topic_id: number };
}

const tagLevelsOf = async (user: User) =>
  (
    await forum.ctx.db
      .selectFrom('tag_users')
      .innerJoin('tags', 'tags.id', 'tag_users.tag_id')
      .select(['tags.name', 'tag_users.notification_level'])
      .where('tag_users.user_id', '=', user.id)
      .orderBy('tags.name')
      .execute()
  ).map((r) => [r.name, r.notification_level]);

const notes = async (user: User) =>
  (
    await forum.ctx.db
      .selectFrom('notifications')
      .select(['notification_type', 'topic_id', 'post_number'])
      .where('user_id', '=', user.id)
      .orderBy('id')
      .execute()
  ).map((n) => [n.notification_type, n.topic_id, n.post_number]);

/** Every job due within the next hour (topic emails wait email_time_window_mins). */
const drainTopicEmails = () => forum.jobs.drain(new Date(Date.now() + 3_600_000));

describe("one's own level in a tag", () => {
  it('sets and reads it through /tag/{name}/notifications, as form or JSON, for tags one can see', async () => {
    const put = await forum
      .as(bob)
      .put('/tag/billing/notifications', { tag_notification: { notification_level: 3 } });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ notification_level: 3, watched_tags: ['billing'], muted_tags: [] });
    const form = await forum.app.inject({
      method: 'PUT',
      url: '/tag/Mobile/notifications.json',
      headers: {
        'api-key': forum.apiKey,
        'api-username': 'bob',
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: 'tag_notification%5Bnotification_level%5D=0',
    });
    expect(form.statusCode).toBe(200);
    expect(await tagLevelsOf(bob)).toEqual([
      ['billing', 3],
      ['mobile', 0],
    ]);
    const shown = await forum.as(bob).get('/tag/billing/notifications.json');
    expect(shown.json).toEqual({ tag_notification: { id: 'billing', notification_level: 3 } });
    const unset = await forum.as(alice).get('/tag/billing/notifications.json');
    expect(unset.json.tag_notification.notification_level).toBe(1);

    const bad = await forum.as(bob).put('/tag/billing/notifications', { notification_level: 7 });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0]).toMatch(/0 \(muted\)/);
    expect((await forum.as(null).put('/tag/billing/notifications', { notification_level: 3 })).status).toBe(
      403,
    );
    const missing = await forum.as(bob).put('/tag/nosuchtag/notifications', { notification_level: 3 });
    expect(missing.status).toBe(404);
  });

  it('replaces the set at each level with PUT /u/{username}.json, shown to the person and staff only', async () => {
    const res = await forum.as(bob).put('/u/bob.json', {
      watched_tags: 'billing',
      muted_tags: ['mobile'],
      watched_category_ids: [feedback.id],
    });
    expect(res.status).toBe(200);
    await assertMatchesSpec('updateUser', res.json);
    expect(res.json.user).toMatchObject({
      watched_tags: ['billing'],
      muted_tags: ['mobile'],
      tracked_tags: [],
      watching_first_post_tags: [],
      watched_category_ids: [feedback.id],
    });
    // Discourse's own client sends a comma list; a later call moves billing to first posts.
    await forum.as(bob).put('/u/bob.json', { watched_tags: '', watching_first_post_tags: 'billing,Mobile' });
    expect(await tagLevelsOf(bob)).toEqual([
      ['billing', 4],
      ['mobile', 4],
    ]);
    const own = await forum.as(bob).get('/u/bob.json');
    await assertMatchesSpec('getUser', own.json);
    expect(own.json.user.watching_first_post_tags).toEqual(['billing', 'mobile']);
    expect((await forum.as('admin').get('/u/bob.json')).json.user.watching_first_post_tags).toEqual([
      'billing',
      'mobile',
    ]);
    expect((await forum.as(alice).get('/u/bob.json')).json.user.watching_first_post_tags).toEqual([]);

    const unknown = await forum.as(bob).put('/u/bob.json', { name: 'Bobby', tracked_tags: ['no-such-tag'] });
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors[0]).toMatch(/tracked_tags names the tag "no-such-tag".*\/tags\.json/);
    // Nothing of a refused request is written, not even the name.
    expect((await forum.as(bob).get('/u/bob.json')).json.user.name).toBe('bob');
  });
});

describe("staff and a staged person's tag levels (G 78)", () => {
  it('refuses them while allow_changing_staged_user_tracking is off, applies them once on; others never', async () => {
    const staged = await forum.stagedUser('sam@customer.example');
    const off = await forum.as('admin').put(`/u/${staged.username}.json`, { watched_tags: ['billing'] });
    expect(off.status).toBe(403);
    expect(off.json.errors[0]).toMatch(/allow_changing_staged_user_tracking/);
    expect(await tagLevelsOf(staged)).toEqual([]);

    await forum.setting('allow_changing_staged_user_tracking', 'true');
    const on = await forum.as('admin').put(`/u/${staged.username}.json`, { watched_tags: ['billing'] });
    expect(on.status).toBe(200);
    await assertMatchesSpec('updateUser', on.json);
    expect(on.json.user).toMatchObject({ can_change_tracking_preferences: true, watched_tags: ['billing'] });
    expect(await tagLevelsOf(staged)).toEqual([['billing', 3]]);

    // Someone who is not staff may never change another person's levels, setting or not: a
    // staged person is not even found (no address-to-account oracle), a real one is refused.
    const other = await forum.as(bob).put(`/u/${staged.username}.json`, { muted_tags: ['billing'] });
    expect(other.status).toBe(404);
    expect(await tagLevelsOf(staged)).toEqual([['billing', 3]]);
    const real = await forum.as(bob).put('/u/alice.json', { watched_tags: ['billing'] });
    expect(real.status).toBe(403);
    expect(await tagLevelsOf(alice)).toEqual([]);
  });
});

describe('a new topic with a watched tag', () => {
  it('notifies tag watchers as "posted", first-post watchers once, and leaves muters in silence', async () => {
    const carol = await forum.user({ username: 'carol' });
    const dave = await forum.user({ username: 'dave' });
    await forum.as(bob).put('/tag/billing/notifications', { notification_level: 3 });
    await forum.as(carol).put('/tag/billing/notifications', { notification_level: 4 });
    await forum.as(dave).put('/tag/mobile/notifications', { notification_level: 0 });
    // Dave watches Feedback but mutes mobile: the category he watches explicitly wins.
    await forum.as(dave).post(`/category/${feedback.id}/notifications`, { notification_level: 3 });
    const erin = await forum.user({ username: 'erin' });
    await forum.as(erin).put('/tag/mobile/notifications', { notification_level: 0 });
    await forum.as(erin).put('/tag/billing/notifications', { notification_level: 2 });

    const first = await tagged('Charged twice on the mobile app', ['billing', 'mobile']);
    expect(await notes(bob)).toEqual([[9, first.topic_id, 1]]);
    expect(await notes(carol)).toEqual([[17, first.topic_id, 1]]);
    expect(await notes(dave)).toEqual([[9, first.topic_id, 1]]);
    expect(await notes(erin)).toEqual([]);
    const topicLevel = async (user: User) =>
      (await forum.ctx.db
        .selectFrom('topic_users')
        .select(['notification_level', 'notifications_reason_id'])
        .where('user_id', '=', user.id)
        .where('topic_id', '=', first.topic_id)
        .executeTakeFirst()) ?? null;
    expect(await topicLevel(bob)).toEqual({ notification_level: 3, notifications_reason_id: 10 });
    expect(await topicLevel(carol)).toBeNull();
    expect(await topicLevel(dave)).toEqual({ notification_level: 3, notifications_reason_id: 6 });
    // Erin tracks billing but mutes mobile: the mute wins over tracking.
    expect(await topicLevel(erin)).toEqual({ notification_level: 0, notifications_reason_id: 11 });

    // A reply reaches the watchers again; the first-post watcher and the muted person hear nothing.
    await forum.as(carol).post('/posts.json', { topic_id: first.topic_id, raw: 'Same here, twice in May.' });
    expect(await notes(bob)).toEqual([
      [9, first.topic_id, 1],
      [9, first.topic_id, 2],
    ]);
    expect(await notes(erin)).toEqual([]);
    // A topic without the tag reaches nobody.
    await forum.as(alice).post('/posts.json', {
      title: 'The search box is hard to find',
      raw: 'I looked for the search box for a whole minute before I found it.',
      category: feedback.id,
    });
    expect(await notes(bob)).toHaveLength(2);
    // The watcher is emailed as for a watched category (bob was never seen: "only when away").
    await drainTopicEmails();
    expect(smtp.to('bob@example.com').map((m) => m.parsed.subject)).toEqual([
      '[Foyer] [Feedback] Charged twice on the mobile app',
      'Re: [Foyer] [Feedback] Charged twice on the mobile app',
    ]);
  });

  it('emails a staged watcher with a reply address, and their emailed answer joins the topic (G 79)', async () => {
    const staged = await forum.stagedUser('sam@customer.example');
    await forum.setting('allow_changing_staged_user_tracking', 'true');
    await forum.as('admin').put(`/u/${staged.username}.json`, { watched_tags: 'billing' });
    const first = await tagged('Charged twice this month', ['billing']);
    await drainSoon(forum);
    expect(smtp.to('sam@customer.example')).toHaveLength(0); // email_time_window_mins delays it
    await drainTopicEmails();
    const [mail] = smtp.to('sam@customer.example');
    expect(mail).toBeDefined();
    expect(mail?.parsed.subject).toBe('Charged twice this month');
    expect(mail?.parsed.text).toContain('I was charged twice for the same month');
    expect(mail?.parsed.text).toContain('Reply to this email to respond.');

    const { address, outcome, posts } = await answerByEmail(forum.ctx, mail, first.topic_id, {
      from: 'Sam <sam@customer.example>',
      subject: 'Re: Charged twice this month',
      body: 'Same for me: two charges on the third of the month.',
    });
    expect(address).toMatch(/^reply\+[0-9a-f]{32}@foyer\.test$/);
    expect(outcome).toMatchObject({ status: 'processed', topicId: first.topic_id });
    expect(posts[1]).toEqual({
      user_id: staged.id,
      raw: 'Same for me: two charges on the third of the month.',
      via_email: 1,
      reply_to_post_number: 1,
    });
    // Alice hears of the emailed answer as a reply to her.
    expect(await notes(alice)).toEqual([[2, first.topic_id, 2]]);
  });

  it('neither notifies nor emails a staged tag watcher who may not see the category', async () => {
    const staged = await forum.stagedUser('sam@customer.example');
    await forum.setting('allow_changing_staged_user_tracking', 'true');
    await forum.as('admin').put(`/u/${staged.username}.json`, { watched_tags: ['billing'] });
    const team = await forum.group('team', { members: [alice] });
    await forum.as('admin').put(`/categories/${feedback.id}.json`, { permissions: { [team.name]: 1 } });
    await tagged('Charged twice this month', ['billing']);
    await drainTopicEmails();
    expect(smtp.to('sam@customer.example')).toHaveLength(0);
    expect(await notes(staged)).toEqual([]);
  });

  it('gives watchers of a tag added later their level on the topic, without a notification', async () => {
    const first = await tagged('Charged twice this month', ['mobile']);
    await forum.as(bob).put('/tag/billing/notifications', { notification_level: 3 });
    const res = await forum.as(alice).put(`/t/-/${first.topic_id}.json`, { tags: ['mobile', 'billing'] });
    expect(res.status).toBe(200);
    expect(await notes(bob)).toEqual([]);
    await forum.as(alice).post('/posts.json', { topic_id: first.topic_id, raw: 'And a third charge today.' });
    expect(await notes(bob)).toEqual([[9, first.topic_id, 2]]);
  });
});
