// Replying, editing and deleting in PMs through Discourse's post routes, with the refusals.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../db/schema';
import { assertMatchesSpec } from '../testing/discourse-spec';
import { startTestForum, type TestForum } from '../testing/forum-fixture';

let forum: TestForum;
let alice: User;
let bob: User;
let topicId: number;
let firstPostId: number;

beforeEach(async () => {
  forum = await startTestForum();
  alice = await forum.user({ username: 'alice', trustLevel: 4 });
  bob = await forum.user({ username: 'bob' });
  const res = await forum.as(alice).post('/posts.json', {
    title: 'Plans for Friday',
    raw: 'Shall we meet at noon?',
    archetype: 'private_message',
    target_recipients: 'bob,guest@example.org',
  });
  expect(res.status).toBe(200);
  topicId = res.json.topic_id;
  firstPostId = res.json.id;
});
afterEach(async () => {
  await forum.destroy();
});

const notificationsOf = (u: User) =>
  forum.ctx.db.selectFrom('notifications').selectAll().where('user_id', '=', u.id).execute();

describe('replying', () => {
  it('numbers replies, links reply_to_post_number and notifies the other participants, staged ones included', async () => {
    const res = await forum
      .as(bob)
      .post('/posts.json', { topic_id: topicId, raw: 'Noon works for me.', reply_to_post_number: 1 });
    expect(res.status).toBe(200);
    await assertMatchesSpec('createTopicPostPM', res.json);
    expect(res.json).toMatchObject({
      post_number: 2,
      reply_to_post_number: '1',
      topic_id: topicId,
      username: 'bob',
      yours: true,
    });
    const first = await forum.ctx.db
      .selectFrom('posts')
      .selectAll()
      .where('id', '=', firstPostId)
      .executeTakeFirstOrThrow();
    expect(first.reply_count).toBe(1);
    expect((await notificationsOf(alice)).map((n) => n.post_number)).toEqual([2]);
    const staged = await forum.ctx.db
      .selectFrom('users')
      .selectAll()
      .where('staged', '=', 1)
      .executeTakeFirstOrThrow();
    expect((await notificationsOf(staged)).map((n) => n.post_number)).toEqual([1, 2]);
  });

  it('lets members of an allowed group reply, and refuses everyone else as if the PM did not exist', async () => {
    const member = await forum.user({ username: 'member' });
    await forum.group('team', { members: [member] });
    const groupPm = await forum.as(alice).post('/posts.json', {
      title: 'Team matter',
      raw: 'For the team only.',
      archetype: 'private_message',
      target_recipients: 'team',
    });
    expect(
      (await forum.as(member).post('/posts.json', { topic_id: groupPm.json.topic_id, raw: 'On it.' })).status,
    ).toBe(200);
    const outsider = await forum.user({ username: 'outsider' });
    const refused = await forum
      .as(outsider)
      .post('/posts.json', { topic_id: groupPm.json.topic_id, raw: 'Let me in.' });
    const missing = await forum.as(outsider).post('/posts.json', { topic_id: 99999, raw: 'Let me in.' });
    expect(refused.status).toBe(404);
    expect(refused.json).toEqual(missing.json);
  });

  it('refuses replies to a closed PM, except from staff', async () => {
    await forum.ctx.db.updateTable('topics').set({ closed: 1 }).where('id', '=', topicId).execute();
    const res = await forum.as(bob).post('/posts.json', { topic_id: topicId, raw: 'Too late?' });
    expect(res.status).toBe(422);
    expect(res.json.errors[0]).toMatch(/closed/);
  });

  it('moves an archived PM back to the inbox of everyone who archived it when a reply arrives', async () => {
    await forum.ctx.db
      .insertInto('user_archived_messages')
      .values({ user_id: alice.id, topic_id: topicId, created_at: new Date().toISOString() })
      .execute();
    await forum.as(bob).post('/posts.json', { topic_id: topicId, raw: 'Bumping this.' });
    expect(await forum.ctx.db.selectFrom('user_archived_messages').selectAll().execute()).toHaveLength(0);
  });

  it('treats a reply to a missing post number as a reply to the topic', async () => {
    const res = await forum
      .as(bob)
      .post('/posts.json', { topic_id: topicId, raw: 'Replying to nothing.', reply_to_post_number: 42 });
    expect(res.status).toBe(200);
    expect(res.json.reply_to_post_number).toBeNull();
  });

  it('rejects malformed ids with a message', async () => {
    const res = await forum.as(bob).post('/posts.json', { topic_id: 'abc', raw: 'x y z' });
    expect(res.status).toBe(400);
    expect(res.json.errors[0]).toMatch(/topic_id must be a positive whole number/);
  });
});

describe('editing and deleting', () => {
  it('lets the author edit (re-cooked, version bumped) and validates the result against the spec', async () => {
    const res = await forum
      .as(alice)
      .put(`/posts/${firstPostId}.json`, { post: { raw: 'Shall we meet at **one**?', edit_reason: 'time' } });
    expect(res.status).toBe(200);
    await assertMatchesSpec('updatePost', res.json);
    expect(res.json.post).toMatchObject({ version: 2, edit_reason: 'time' });
    expect(res.json.post.cooked).toContain('<strong>one</strong>');
    const got = await forum.as(bob).get(`/posts/${firstPostId}.json`);
    expect(got.status).toBe(200);
    await assertMatchesSpec('getPost', got.json);
    expect(got.json.raw).toBe('Shall we meet at **one**?');
  });

  it("refuses edits and deletes of someone else's post, but staff may", async () => {
    expect(
      (await forum.as(bob).put(`/posts/${firstPostId}.json`, { post: { raw: 'Hijacked text' } })).status,
    ).toBe(403);
    expect((await forum.as(bob).delete(`/posts/${firstPostId}.json`)).status).toBe(403);
    expect(
      (await forum.as('admin').put(`/posts/${firstPostId}.json`, { post: { raw: 'Edited by staff' } }))
        .status,
    ).toBe(200);
  });

  it('deletes a reply softly and the first post deletes the whole PM', async () => {
    const reply = await forum.as(bob).post('/posts.json', { topic_id: topicId, raw: 'A reply to delete.' });
    expect((await forum.as(bob).delete(`/posts/${reply.json.id}.json`)).status).toBe(200);
    expect((await forum.as(alice).get(`/posts/${reply.json.id}.json`)).status).toBe(404);
    const topic = await forum.ctx.db
      .selectFrom('topics')
      .selectAll()
      .where('id', '=', topicId)
      .executeTakeFirstOrThrow();
    expect(topic.posts_count).toBe(1);
    expect((await forum.as(alice).delete(`/posts/${firstPostId}.json`)).status).toBe(200);
    expect((await forum.as(bob).get(`/posts/${firstPostId}.json`)).status).toBe(404);
    expect((await forum.as('admin').get(`/posts/${firstPostId}.json`)).status).toBe(200);
  });
});

describe('who is asking', () => {
  it('never lets an API request act as a staged user, an unknown user or with a bad key', async () => {
    const staged = await forum.ctx.db
      .selectFrom('users')
      .selectAll()
      .where('staged', '=', 1)
      .executeTakeFirstOrThrow();
    expect((await forum.as(staged).get(`/posts/${firstPostId}.json`)).status).toBe(403);
    expect((await forum.as('ghost').get(`/posts/${firstPostId}.json`)).status).toBe(403);
    const bad = await forum.app.inject({
      method: 'GET',
      url: `/posts/${firstPostId}.json`,
      headers: { 'api-key': 'nope', 'api-username': 'alice' },
    });
    expect(bad.statusCode).toBe(403);
    expect(JSON.parse(bad.body).error_type).toBe('invalid_access');
  });

  it('refuses cross-site writes from a browser (Origin not ours)', async () => {
    const res = await forum.app.inject({
      method: 'POST',
      url: '/posts.json',
      headers: { origin: 'https://evil.example', host: '127.0.0.1:4200', 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(res.statusCode).toBe(403);
  });
});
