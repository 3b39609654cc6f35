// Send later through the API: schedule, list, change, cancel; the durable job publishes at
// send_at through the same checks as POST /posts.json (a refusal is recorded on the row), and a
// scheduled post survives a restart of the forum and goes out from the new process.
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../db/schema';
import { createForum, type Forum } from '../../main';
import { startTestForum, type TestForum } from '../../testing/forum-fixture';
import { waitUntil } from '../../testing/reply-emails';

let forum: TestForum;
let alice: User;
let bob: User;

beforeEach(async () => {
  forum = await startTestForum();
  alice = await forum.user({ username: 'alice' });
  bob = await forum.user({ username: 'bob' });
});
afterEach(async () => {
  await forum.destroy();
});

const inAMinute = () => new Date(Date.now() + 60_000).toISOString();
const later = (ms: number) => new Date(Date.now() + ms);

const NEW_PM = {
  title: 'Monday reminder',
  raw: 'Remember the review on Monday.',
  archetype: 'private_message',
  target_recipients: 'bob',
};

async function postsBy(user: User) {
  return forum.ctx.db.selectFrom('posts').selectAll().where('user_id', '=', user.id).execute();
}

describe('scheduled posts', () => {
  it('schedules a PM, keeps it pending until send_at, then publishes it once through the job', async () => {
    const res = await forum
      .as(alice)
      .post('/foyer/scheduled-posts.json', { ...NEW_PM, send_at: inAMinute() });
    expect(res.status).toBe(201);
    expect(res.json.scheduled_post).toMatchObject({
      status: 'scheduled',
      title: 'Monday reminder',
      raw: NEW_PM.raw,
      target_recipients: 'bob',
      error: null,
      post_id: null,
    });
    const id = res.json.scheduled_post.id as number;
    expect(
      (await forum.as(alice).get('/foyer/scheduled-posts.json')).json.scheduled_posts.map(
        (s: { id: number }) => s.id,
      ),
    ).toEqual([id]);
    expect((await forum.as(bob).get('/foyer/scheduled-posts.json')).json.scheduled_posts).toEqual([]);

    await forum.jobs.drain();
    expect(await postsBy(alice)).toEqual([]);
    await forum.jobs.drain(later(61_000));
    await forum.jobs.drain(later(61_000));
    const posts = await postsBy(alice);
    expect(posts).toHaveLength(1);
    const row = await forum.ctx.db
      .selectFrom('scheduled_posts')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'sent', post_id: posts[0]!.id });
    const inbox = await forum.as(bob).get('/topics/private-messages/bob.json');
    expect(inbox.json.topic_list.topics[0].title).toBe('Monday reminder');
    expect((await forum.as(alice).get('/foyer/scheduled-posts.json')).json.scheduled_posts).toEqual([]);
  });

  it('refuses bad schedules with what to fix', async () => {
    const past = await forum
      .as(alice)
      .post('/foyer/scheduled-posts.json', { ...NEW_PM, send_at: '2001-01-01T00:00:00Z' });
    expect(past.status).toBe(422);
    expect(past.json.errors[0]).toMatch(/future/);
    const garbled = await forum
      .as(alice)
      .post('/foyer/scheduled-posts.json', { ...NEW_PM, send_at: 'tomorrow' });
    expect(garbled.status).toBe(422);
    expect(garbled.json.errors[0]).toMatch(/ISO 8601/);
    const nobody = await forum
      .as(alice)
      .post('/foyer/scheduled-posts.json', { ...NEW_PM, target_recipients: 'ghost', send_at: inAMinute() });
    expect(nobody.status).toBe(422);
    const pm = await forum.as(alice).post('/posts.json', NEW_PM);
    const outsider = await forum.user({ username: 'oscar' });
    const notMine = await forum.as(outsider).post('/foyer/scheduled-posts.json', {
      topic_id: pm.json.topic_id,
      raw: 'Sneaking a reply in.',
      send_at: inAMinute(),
    });
    expect(notMine.status).toBe(404);
    expect((await forum.as(null).get('/foyer/scheduled-posts.json')).status).toBe(403);
  });

  it('changes send_at and raw, and cancels; only the owner may', async () => {
    const created = await forum
      .as(alice)
      .post('/foyer/scheduled-posts.json', { ...NEW_PM, send_at: inAMinute() });
    const id = created.json.scheduled_post.id as number;
    const newTime = new Date(Date.now() + 3_600_000).toISOString();
    const changed = await forum
      .as(alice)
      .put(`/foyer/scheduled-posts/${id}.json`, { send_at: newTime, raw: 'Review moved to Tuesday.' });
    expect(changed.status).toBe(200);
    expect(changed.json.scheduled_post).toMatchObject({ send_at: newTime, raw: 'Review moved to Tuesday.' });
    // The job for the old time finds the row changed and sends nothing.
    await forum.jobs.drain(later(61_000));
    expect(await postsBy(alice)).toEqual([]);
    await forum.jobs.drain(later(3_601_000));
    expect((await postsBy(alice)).map((p) => p.raw)).toEqual(['Review moved to Tuesday.']);

    const second = await forum
      .as(alice)
      .post('/foyer/scheduled-posts.json', { ...NEW_PM, send_at: inAMinute() });
    const secondId = second.json.scheduled_post.id as number;
    expect(
      (await forum.as(bob).put(`/foyer/scheduled-posts/${secondId}.json`, { raw: 'hijacked text' })).status,
    ).toBe(404);
    expect((await forum.as(bob).delete(`/foyer/scheduled-posts/${secondId}.json`)).status).toBe(404);
    expect((await forum.as(alice).delete(`/foyer/scheduled-posts/${secondId}.json`)).json).toEqual({
      success: 'OK',
    });
    await forum.jobs.drain(later(61_000));
    expect(await postsBy(alice)).toHaveLength(1);
  });

  it('re-checks permissions at send time and records the refusal on the row', async () => {
    const pm = await forum.as(alice).post('/posts.json', NEW_PM);
    const scheduled = await forum.as(bob).post('/foyer/scheduled-posts.json', {
      topic_id: pm.json.topic_id,
      raw: 'I will reply tomorrow morning.',
      send_at: inAMinute(),
    });
    expect(scheduled.status).toBe(201);
    await forum.ctx.db.updateTable('topics').set({ closed: 1 }).where('id', '=', pm.json.topic_id).execute();
    await forum.jobs.drain(later(61_000));
    const list = await forum.as(bob).get('/foyer/scheduled-posts.json');
    expect(list.json.scheduled_posts).toHaveLength(1);
    expect(list.json.scheduled_posts[0]).toMatchObject({ status: 'failed', post_id: null });
    expect(list.json.scheduled_posts[0].error).toMatch(/closed/);
    // Reopened and rescheduled, it goes out.
    await forum.ctx.db.updateTable('topics').set({ closed: 0 }).where('id', '=', pm.json.topic_id).execute();
    const retry = await forum
      .as(bob)
      .put(`/foyer/scheduled-posts/${scheduled.json.scheduled_post.id}.json`, {});
    expect(retry.json.scheduled_post).toMatchObject({ status: 'scheduled', error: null });
    await forum.jobs.drain(later(61_000));
    expect((await postsBy(bob)).map((p) => p.raw)).toEqual(['I will reply tomorrow morning.']);
  });
});

describe('scheduled posts across a restart', () => {
  let second: Forum | undefined;
  afterEach(async () => {
    await second?.close();
    second = undefined;
  });

  it('is sent by the forum that starts after the one it was scheduled on stopped', async () => {
    const res = await forum.as(alice).post('/foyer/scheduled-posts.json', {
      ...NEW_PM,
      send_at: new Date(Date.now() + 1500).toISOString(),
    });
    expect(res.status).toBe(201);
    const dataDir = forum.dataDir;
    await forum.close();
    second = await createForum({ dataDir, runJobs: true, logger: false });
    const reopened = second;
    const row = await waitUntil(
      () =>
        reopened.ctx.db
          .selectFrom('scheduled_posts')
          .selectAll()
          .where('status', '=', 'sent')
          .executeTakeFirst(),
      'the scheduled post to be sent after the restart',
      10_000,
      100,
    );
    const post = await reopened.ctx.db
      .selectFrom('posts')
      .selectAll()
      .where('id', '=', row.post_id)
      .executeTakeFirstOrThrow();
    expect(post.raw).toBe(NEW_PM.raw);
    await reopened.close();
    second = undefined;
    // The fixture's destroy would close the first forum again: start a fresh one to hand back.
    rmSync(dataDir, { recursive: true, force: true });
    forum = await startTestForum();
  });
});
