// Topics in categories through the API: starting one (POST /posts.json without a PM
// archetype), reading it, replying, the category permissions deciding who may do which
// (§5.5), and the lists /latest.json and /c/{slug}/{id}.json. PMs never leak into them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Category, User } from '../../db/schema';
import { testCategory } from '../../testing/category-fixtures';
import { assertMatchesSpec } from '../../testing/discourse-spec';
import { startTestForum, type TestForum } from '../../testing/forum-fixture';

let forum: TestForum;
let alice: User;
let bob: User;
let outsider: User;
let general: Category;

beforeEach(async () => {
  forum = await startTestForum();
  alice = await forum.user({ username: 'alice' });
  bob = await forum.user({ username: 'bob' });
  outsider = await forum.user({ username: 'oscar' });
  await forum.group('team', { members: [alice, bob] });
  general = await testCategory(forum, { name: 'General' });
});
afterEach(async () => {
  await forum.destroy();
});

const TITLE = 'How do we plan the next release?';
const RAW = 'Let us collect the ideas for the next release here.';

async function startTopic(as: User | string, category?: number, title = TITLE) {
  return forum.as(as).post('/posts.json', { title, raw: RAW, ...(category ? { category } : {}) });
}

describe('starting a topic', () => {
  it('creates a topic in the chosen category, readable by everyone who sees the category', async () => {
    const res = await startTopic(alice, general.id);
    expect(res.status).toBe(200);
    await assertMatchesSpec('createTopicPostPM', res.json);
    expect(res.json).toMatchObject({ post_number: 1, username: 'alice', raw: RAW });
    for (const viewer of [null, outsider, alice]) {
      const topic = await forum.as(viewer).get(`/t/${res.json.topic_id}.json`);
      expect(topic.status).toBe(200);
      await assertMatchesSpec('getTopic', topic.json);
      expect(topic.json).toMatchObject({ title: TITLE, archetype: 'regular', category_id: general.id });
    }
    const own = await forum.as(alice).get(`/t/${res.json.topic_id}.json`);
    expect(own.json.details).toMatchObject({ can_create_post: true, notification_level: 3 });
    const anon = await forum.as(null).get(`/t/${res.json.topic_id}.json`);
    expect(anon.json.details.can_create_post).toBe(false);
  });

  it('puts a topic without a category in Uncategorized, unless allow_uncategorized_topics is off', async () => {
    const res = await startTopic(alice);
    expect(res.status).toBe(200);
    const topic = await forum.as(alice).get(`/t/${res.json.topic_id}.json`);
    expect(topic.json.category_id).toBe(1);
    await forum.setting('allow_uncategorized_topics', 'false');
    const refused = await startTopic(alice, undefined, 'Another topic without a category');
    expect(refused.status).toBe(403);
    expect(refused.json.errors[0]).toMatch(/not allowed to start topics in the category "Uncategorized"/);
    expect((await startTopic('admin', undefined, 'Staff may still use Uncategorized')).status).toBe(200);
  });

  it("applies Discourse's minimums and says what to fix", async () => {
    const short = await forum
      .as(alice)
      .post('/posts.json', { title: 'Too short', raw: RAW, category: general.id });
    expect(short.status).toBe(422);
    expect(short.json.errors[0]).toMatch(/at least 15 characters/);
    const body = await forum
      .as(alice)
      .post('/posts.json', { title: TITLE, raw: 'Tiny.', category: general.id });
    expect(body.status).toBe(422);
    expect(body.json.errors[0]).toMatch(/minimum is 20 characters/);
    const bad = await forum.as(alice).post('/posts.json', { title: TITLE, raw: RAW, archetype: 'banner' });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0]).toMatch(/archetype must be/);
    const nowhere = await startTopic(alice, 999);
    expect(nowhere.status).toBe(400);
    expect(nowhere.json.errors[0]).toMatch(/category 999 does not exist/);
    expect((await startTopic(null as unknown as string, general.id)).status).toBe(403);
  });
});

describe('category permissions (§5.5)', () => {
  it('hides a restricted category and its topics from outsiders, like a missing id', async () => {
    const team = await testCategory(forum, { name: 'Team room', permissions: { team: 1 } });
    const res = await startTopic(alice, team.id);
    expect(res.status).toBe(200);
    const topicId = res.json.topic_id as number;
    const missing = await forum.as(outsider).get('/t/99999.json');
    const hidden = await forum.as(outsider).get(`/t/${topicId}.json`);
    expect(hidden.status).toBe(404);
    expect(hidden.json).toEqual(missing.json);
    expect((await forum.as(null).get(`/t/${topicId}.json`)).status).toBe(403);
    expect((await forum.as(bob).get(`/t/${topicId}.json`)).status).toBe(200);
    expect((await forum.as('admin').get(`/t/${topicId}.json`)).status).toBe(200);
    // Starting a topic there or replying answers as if the category were not there.
    const start = await startTopic(outsider, team.id);
    expect(start.status).toBe(400);
    expect(start.json.errors[0]).toMatch(/does not exist/);
    expect((await forum.as(outsider).post('/posts.json', { topic_id: topicId, raw: RAW })).status).toBe(404);
  });

  it('lets create_post groups reply but not start topics, and readonly readers do neither', async () => {
    const board = await testCategory(forum, {
      name: 'Announcements',
      permissions: { everyone: 3, team: 2, staff: 1 },
    });
    const refused = await startTopic(alice, board.id);
    expect(refused.status).toBe(403);
    expect(refused.json.errors[0]).toMatch(/not allowed to start topics in the category "Announcements"/);
    const announced = await startTopic('admin', board.id);
    expect(announced.status).toBe(200);
    const topicId = announced.json.topic_id as number;
    const reply = await forum
      .as(alice)
      .post('/posts.json', { topic_id: topicId, raw: 'A reply from the team member.' });
    expect(reply.status).toBe(200);
    const reader = await forum.as(outsider).get(`/t/${topicId}.json`);
    expect(reader.status).toBe(200);
    expect(reader.json.details.can_create_post).toBe(false);
    const readerReply = await forum
      .as(outsider)
      .post('/posts.json', { topic_id: topicId, raw: 'A reply from a reader.' });
    expect(readerReply.status).toBe(403);
    expect(readerReply.json.errors[0]).toMatch(/not allowed to reply in the category "Announcements"/);
  });
});

describe('replies in a topic', () => {
  it('notifies the author replied to, and the replier tracks (not watches) the topic', async () => {
    const res = await startTopic(alice, general.id);
    const topicId = res.json.topic_id as number;
    const reply = await forum.as(bob).post('/posts.json', {
      topic_id: topicId,
      raw: 'I would start with the search.',
      reply_to_post_number: 1,
    });
    expect(reply.status).toBe(200);
    await assertMatchesSpec('createTopicPostPM', reply.json);
    const notes = await forum.ctx.db
      .selectFrom('notifications')
      .selectAll()
      .where('user_id', '=', alice.id)
      .execute();
    expect(notes).toEqual([
      expect.objectContaining({ notification_type: 2, topic_id: topicId, post_number: 2 }),
    ]);
    const levels = await forum.ctx.db
      .selectFrom('topic_users')
      .select(['user_id', 'notification_level'])
      .where('topic_id', '=', topicId)
      .orderBy('user_id')
      .execute();
    expect(levels).toEqual([
      { user_id: alice.id, notification_level: 3 },
      { user_id: bob.id, notification_level: 2 },
    ]);
    // Alice watches her topic: a reply to someone else still reaches her as "posted".
    await forum.as(outsider).post('/posts.json', { topic_id: topicId, raw: 'Search first, then the rest.' });
    const posted = await forum.ctx.db
      .selectFrom('notifications')
      .select('notification_type')
      .where('user_id', '=', alice.id)
      .where('post_number', '=', 3)
      .execute();
    expect(posted).toEqual([{ notification_type: 9 }]);
  });

  it('refuses a reply to a closed topic unless staff', async () => {
    const res = await startTopic(alice, general.id);
    const topicId = res.json.topic_id as number;
    await forum.ctx.db.updateTable('topics').set({ closed: 1 }).where('id', '=', topicId).execute();
    expect((await forum.as(bob).post('/posts.json', { topic_id: topicId, raw: RAW })).status).toBe(422);
    expect((await forum.as('admin').post('/posts.json', { topic_id: topicId, raw: RAW })).status).toBe(200);
  });
});

describe('topic lists', () => {
  it('lists the topics a viewer may see in /latest.json, never PMs', async () => {
    const team = await testCategory(forum, { name: 'Team room', permissions: { team: 1 } });
    const open = (await startTopic(alice, general.id, 'An open topic for everyone')).json.topic_id;
    const secret = (await startTopic(alice, team.id, 'A topic for the team only')).json.topic_id;
    const pm = await forum.as(alice).post('/posts.json', {
      title: 'A private message',
      raw: 'Only for bob.',
      archetype: 'private_message',
      target_recipients: 'bob',
    });
    expect(pm.status).toBe(200);
    const ids = (json: { topic_list: { topics: Array<{ id: number }> } }) =>
      json.topic_list.topics.map((t) => t.id);
    const anon = await forum.as(null).get('/latest.json');
    await assertMatchesSpec('listLatestTopics', anon.json);
    expect(ids(anon.json)).toEqual([open]);
    const member = await forum.as(bob).get('/latest.json');
    await assertMatchesSpec('listLatestTopics', member.json);
    expect(ids(member.json)).toEqual([secret, open]);
    expect(member.json.topic_list.can_create_topic).toBe(true);
    const mine = await forum.as(alice).get('/latest.json');
    expect(mine.json.topic_list.topics[0]).toMatchObject({
      id: secret,
      notification_level: 3,
      last_read_post_number: 1,
    });
    expect(mine.json.users.map((u: { username: string }) => u.username)).toEqual(['alice']);
  });

  it('lists a category with its subcategories in /c/{slug}/{id}.json, and pages through them', async () => {
    const child = await testCategory(forum, { name: 'Releases', parent_category_id: general.id });
    const inChild = (await startTopic(alice, child.id, 'A topic in the subcategory')).json.topic_id;
    const inParent = (await startTopic(bob, general.id, 'A topic in the parent category')).json.topic_id;
    await startTopic(alice, undefined, 'An uncategorized topic, elsewhere');
    const res = await forum.as(outsider).get(`/c/general/${general.id}.json`);
    expect(res.status).toBe(200);
    await assertMatchesSpec('listCategoryTopics', res.json);
    expect(res.json.topic_list.topics.map((t: { id: number }) => t.id)).toEqual([inParent, inChild]);
    expect(res.json.topic_list.topics[0]).toMatchObject({ category_id: general.id, excerpt: RAW });
    const childOnly = await forum.as(outsider).get(`/c/releases/${child.id}.json`);
    expect(childOnly.json.topic_list.topics.map((t: { id: number }) => t.id)).toEqual([inChild]);
    expect((await forum.as(outsider).get('/c/nothing/999.json')).status).toBe(404);

    for (let i = 0; i < 30; i++) await startTopic(alice, child.id, `Release planning topic number ${i}`);
    const first = await forum.as(outsider).get(`/c/releases/${child.id}.json`);
    expect(first.json.topic_list.topics).toHaveLength(30);
    const next = first.json.topic_list.more_topics_url as string;
    expect(next).toMatch(new RegExp(`^/c/releases/${child.id}\\?page=1&before=`));
    const second = await forum.as(outsider).get(next.replace('?', '.json?'));
    await assertMatchesSpec('listCategoryTopics', second.json);
    expect(second.json.topic_list.topics.map((t: { id: number }) => t.id)).toEqual([inChild]);
  });

  it('hides a restricted category list from outsiders', async () => {
    const team = await testCategory(forum, { name: 'Team room', permissions: { team: 1 } });
    const missing = await forum.as(outsider).get('/c/nothing/999.json');
    const hidden = await forum.as(outsider).get(`/c/team-room/${team.id}.json`);
    expect(hidden.status).toBe(404);
    expect(hidden.json).toEqual(missing.json);
    const member = await forum.as(alice).get(`/c/team-room/${team.id}.json`);
    expect(member.status).toBe(200);
    await assertMatchesSpec('listCategoryTopics', member.json);
    expect(member.json.topic_list.can_create_topic).toBe(true);
  });
});
