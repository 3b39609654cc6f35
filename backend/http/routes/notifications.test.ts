// getNotifications and markNotificationsAsRead: your own notifications only, newest first.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../db/schema';
import { assertMatchesSpec } from '../../testing/discourse-spec';
import { startTestForum, type TestForum } from '../../testing/forum-fixture';

let forum: TestForum;
let alice: User;
let bob: User;
let carol: User;
const topics: number[] = [];

beforeEach(async () => {
  forum = await startTestForum();
  alice = await forum.user({ username: 'alice' });
  bob = await forum.user({ username: 'bob' });
  carol = await forum.user({ username: 'carol' });
  topics.length = 0;
  for (const title of ['First message', 'Second message', 'Third message']) {
    const pm = await forum.as(alice).post('/posts.json', {
      title,
      raw: 'Hello Bob, a few words.',
      archetype: 'private_message',
      target_recipients: 'bob',
    });
    expect(pm.status).toBe(200);
    topics.push(pm.json.topic_id);
  }
});
afterEach(async () => {
  await forum.destroy();
});

async function unread(user: User) {
  const rows = await forum.ctx.db
    .selectFrom('notifications')
    .select('id')
    .where('user_id', '=', user.id)
    .where('read', '=', 0)
    .execute();
  return rows.length;
}

describe('getNotifications (GET /notifications.json)', () => {
  it('lists the actor’s own notifications, newest first, in Discourse’s shape', async () => {
    const res = await forum.as(bob).get('/notifications.json');
    expect(res.status).toBe(200);
    await assertMatchesSpec('getNotifications', res.json);
    expect(res.json.notifications.map((n: { topic_id: number }) => n.topic_id)).toEqual(
      [...topics].reverse(),
    );
    expect(res.json.notifications[0]).toMatchObject({
      user_id: bob.id,
      notification_type: 6,
      read: false,
      post_number: 1,
      slug: expect.any(String),
      data: expect.objectContaining({ topic_title: 'Third message', original_username: 'alice' }),
    });
    expect(res.json).toMatchObject({
      total_rows_notifications: 3,
      seen_notification_id: 0,
      load_more_notifications: '/notifications?offset=60',
    });
    const others = await forum.as(carol).get('/notifications.json');
    await assertMatchesSpec('getNotifications', others.json);
    expect(others.json.notifications).toEqual([]);
    expect((await forum.as(null).get('/notifications.json')).status).toBe(403);
  });

  it('pages with limit and offset, and filters read/unread', async () => {
    const page = await forum.as(bob).get('/notifications.json?limit=1&offset=1');
    await assertMatchesSpec('getNotifications', page.json);
    expect(page.json.notifications.map((n: { topic_id: number }) => n.topic_id)).toEqual([topics[1]]);
    const first = (await forum.as(bob).get('/notifications.json')).json.notifications[0];
    await forum.as(bob).put('/notifications/mark-read.json', { id: first.id });
    expect((await forum.as(bob).get('/notifications.json?filter=read')).json.total_rows_notifications).toBe(
      1,
    );
    expect((await forum.as(bob).get('/notifications.json?filter=unread')).json.total_rows_notifications).toBe(
      2,
    );
  });

  it('marks what the bell showed as seen (recent=true), which the current user reflects', async () => {
    const recent = await forum.as(bob).get('/notifications.json?recent=true&limit=5');
    await assertMatchesSpec('getNotifications', recent.json);
    const newest = recent.json.notifications[0].id;
    expect(recent.json.seen_notification_id).toBe(newest);
    const list = await forum.as(bob).get('/notifications.json');
    expect(list.json.seen_notification_id).toBe(newest);
    const current = (await forum.as(bob).get('/session/current.json')).json.current_user;
    // PM notifications are high priority: they stay counted until read, whatever was seen.
    expect(current).toMatchObject({
      seen_notification_id: newest,
      unread_notifications: 0,
      unread_high_priority_notifications: 3,
      all_unread_notifications_count: 0,
    });
  });

  it('leaves out notifications about a PM the user was removed from', async () => {
    await forum.ctx.db
      .deleteFrom('topic_allowed_users')
      .where('topic_id', '=', topics[0]!)
      .where('user_id', '=', bob.id)
      .execute();
    const res = await forum.as(bob).get('/notifications.json');
    expect(res.json.notifications.map((n: { topic_id: number }) => n.topic_id)).not.toContain(topics[0]);
  });
});

describe('markNotificationsAsRead (PUT /notifications/mark-read.json)', () => {
  it('marks one notification, then all of them', async () => {
    const list = (await forum.as(bob).get('/notifications.json')).json.notifications;
    const one = await forum.as(bob).put('/notifications/mark-read.json', { id: list[0].id });
    expect(one.status).toBe(200);
    await assertMatchesSpec('markNotificationsAsRead', one.json);
    expect(one.json).toEqual({ success: 'OK' });
    expect(await unread(bob)).toBe(2);
    const all = await forum.as(bob).put('/notifications/mark-read.json', {});
    await assertMatchesSpec('markNotificationsAsRead', all.json);
    expect(await unread(bob)).toBe(0);
    const after = (await forum.as(bob).get('/notifications.json')).json;
    expect(after.notifications.every((n: { read: boolean }) => n.read)).toBe(true);
  });

  it('never touches another person’s notifications', async () => {
    const list = (await forum.as(bob).get('/notifications.json')).json.notifications;
    const res = await forum.as(carol).put('/notifications/mark-read.json', { id: list[0].id });
    expect(res.status).toBe(404);
    await forum.as(carol).put('/notifications/mark-read.json', {});
    expect(await unread(bob)).toBe(3);
    expect((await forum.as(null).put('/notifications/mark-read.json', {})).status).toBe(403);
    const bad = await forum.as(bob).put('/notifications/mark-read.json', { id: 'abc' });
    expect(bad.status).toBe(400);
  });
});
