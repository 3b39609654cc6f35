// Tags on topics and the tag routes (behaviour.md §1.3, §4.4): tags given with a new topic or
// changed with PUT /t/-/{id}.json, cleaned as Discourse cleans them, limited by
// max_tags_per_topic, created only by people allowed to create tags; shown in topic JSON and
// /latest.json; listed by /tags.json and /tag/{name}.json without ever revealing a topic (or a
// tag) the viewer may not see. Responses are checked against Discourse's OpenAPI spec.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Category, User } from '../../db/schema';
import { testCategory } from '../../testing/category-fixtures';
import { assertMatchesSpec } from '../../testing/discourse-spec';
import { startTestForum, type TestForum } from '../../testing/forum-fixture';
import { nowIso } from '../../util/clock';

let forum: TestForum;
let alice: User;
let bob: User;
let feedback: Category;

beforeEach(async () => {
  forum = await startTestForum();
  alice = await forum.user({ username: 'alice' });
  bob = await forum.user({ username: 'bob' });
  feedback = await testCategory(forum, { name: 'Feedback' });
});
afterEach(async () => {
  await forum.destroy();
});

let titles = 0;
function topicBody(tags: unknown, category: number = feedback.id) {
  titles += 1;
  return {
    title: `A question about invoices, number ${titles}`,
    raw: 'I was charged twice for the same month, once on each card.',
    category,
    tags,
  };
}

async function newTopic(by: User | string, tags: unknown, category?: number): Promise<number> {
  const res = await forum.as(by).post('/posts.json', topicBody(tags, category));
  expect(res.status).toBe(200);
  return res.json.topic_id as number;
}

const tagNames = async () =>
  (await forum.ctx.db.selectFrom('tags').select('name').orderBy('name').execute()).map((t) => t.name);

describe('tags on a new topic', () => {
  it('cleans them as Discourse does and shows them in the topic and in /latest.json', async () => {
    const id = await newTopic('admin', ['Billing Questions', 'billing  questions', ' Mobile/App ', '']);
    const topic = await forum.as(alice).get(`/t/${id}.json`);
    await assertMatchesSpec('getTopic', topic.json);
    expect(topic.json.tags).toEqual(['billing-questions', 'mobileapp']);
    const latest = await forum.as(alice).get('/latest.json');
    await assertMatchesSpec('listLatestTopics', latest.json);
    expect(latest.json.topic_list.topics[0]).toMatchObject({ id, tags: ['billing-questions', 'mobileapp'] });
    // The category list's spec closes its topics: no tags there.
    const inCategory = await forum.as(alice).get(`/c/${feedback.slug}/${feedback.id}.json`);
    await assertMatchesSpec('listCategoryTopics', inCategory.json);
    // Names are cut to max_tag_length characters, as Discourse cuts them.
    const long = await newTopic('admin', ['a-very-long-tag-name-that-goes-on']);
    expect((await forum.as(alice).get(`/t/${long}.json`)).json.tags).toEqual(['a-very-long-tag-name']);
  });

  it('creates a new tag only for staff, create_tag_allowed_groups or min_trust_to_create_tag', async () => {
    await newTopic('admin', ['billing']);
    // Alice (trust level 1) may use an existing tag, in any case, also from a form (tags[]).
    const form = await forum.app.inject({
      method: 'POST',
      url: '/posts.json',
      headers: {
        'api-key': forum.apiKey,
        'api-username': 'alice',
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams([
        ['title', 'Charged twice for the same month'],
        ['raw', 'I was charged twice for the same month, once on each card.'],
        ['category', String(feedback.id)],
        ['tags[]', 'Billing'],
      ]).toString(),
    });
    expect(form.statusCode).toBe(200);
    const formTopic = JSON.parse(form.body).topic_id as number;
    expect((await forum.as(alice).get(`/t/${formTopic}.json`)).json.tags).toEqual(['billing']);

    // …but not create one: nothing is posted, and the answer names the tag.
    const before = await forum.ctx.db.selectFrom('topics').select('id').execute();
    const refused = await forum.as(alice).post('/posts.json', topicBody(['billing', 'refunds']));
    expect(refused.status).toBe(422);
    expect(refused.json.errors[0]).toMatch(/"refunds".*\/tags\.json/);
    expect(await forum.ctx.db.selectFrom('topics').select('id').execute()).toHaveLength(before.length);
    expect(await tagNames()).toEqual(['billing']);

    // /site.json tells each client what its user may do.
    const site = async (who: User | string | null) => (await forum.as(who).get('/site.json')).json;
    expect(await site(alice)).toMatchObject({ can_create_tag: false, can_tag_topics: true });
    expect(await site('admin')).toMatchObject({ can_create_tag: true, can_tag_topics: true });
    expect(await site(null)).toMatchObject({ can_create_tag: false, can_tag_topics: false });

    // Trust level 3 is in the default create_tag_allowed_groups (admins, staff, trust_level_3).
    const trusted = await forum.user({ username: 'tess', trustLevel: 3 });
    await newTopic(trusted, ['refunds']);
    // Either setting grants it, as for Discourse's older min_trust_to_create_tag.
    await forum.setting('min_trust_to_create_tag', '1');
    await newTopic(alice, ['invoices']);
    await forum.setting('min_trust_to_create_tag', 'staff');
    await forum.setting('create_tag_allowed_groups', '1|3|11');
    await newTopic(bob, ['receipts']);
    expect(await tagNames()).toEqual(['billing', 'invoices', 'receipts', 'refunds']);
  });

  it('refuses more than max_tags_per_topic tags, tags on a PM and tags while tagging is off', async () => {
    const six = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'];
    const tooMany = await forum.as('admin').post('/posts.json', topicBody(six));
    expect(tooMany.status).toBe(422);
    expect(tooMany.json.errors[0]).toMatch(/at most 5 tags \(max_tags_per_topic\)/);
    await newTopic('admin', six.slice(0, 5));
    await forum.setting('max_tags_per_topic', '2');
    expect((await forum.as('admin').post('/posts.json', topicBody(['a1', 'a2', 'a3']))).status).toBe(422);

    const pm = await forum.as('admin').post('/posts.json', {
      archetype: 'private_message',
      target_recipients: 'bob',
      title: 'About your two invoices',
      raw: 'I can see both charges; I will refund one of them today.',
      tags: ['a1'],
    });
    expect(pm.status).toBe(422);
    expect(pm.json.errors[0]).toMatch(/personal messages are not tagged/);
    expect(
      await forum.ctx.db
        .selectFrom('topics')
        .select('id')
        .where('archetype', '=', 'private_message')
        .execute(),
    ).toEqual([]);

    // A reply's tags are ignored, as Discourse ignores them.
    const id = await newTopic('admin', ['a1']);
    const reply = await forum.as(bob).post('/posts.json', {
      topic_id: id,
      raw: 'Same here, and I was charged three times.',
      tags: ['a2'],
    });
    expect(reply.status).toBe(200);
    expect((await forum.as(bob).get(`/t/${id}.json`)).json.tags).toEqual(['a1']);

    await forum.setting('tagging_enabled', 'false');
    const off = await forum.as('admin').post('/posts.json', topicBody(['a1']));
    expect(off.status).toBe(422);
    expect(off.json.errors[0]).toMatch(/tagging_enabled/);
    expect((await forum.as(bob).get(`/t/${id}.json`)).json.tags).toEqual([]);
    expect((await forum.as(bob).get('/tags.json')).status).toBe(404);
    expect((await forum.as(bob).get('/tag/a1.json')).status).toBe(404);
  });
});

describe('PUT /t/-/{id}.json with tags', () => {
  it('lets the topic owner and staff change the tags, and nobody else', async () => {
    await newTopic('admin', ['billing', 'mobile']);
    const id = await newTopic(alice, ['billing']);
    const res = await forum.as(alice).put(`/t/-/${id}.json`, { tags: ['mobile', 'billing'] });
    expect(res.status).toBe(200);
    await assertMatchesSpec('updateTopic', res.json);
    expect(res.json.basic_topic).toMatchObject({ id, posts_count: 1 });
    expect((await forum.as(bob).get(`/t/${id}.json`)).json.tags).toEqual(['billing', 'mobile']);

    const other = await forum.as(bob).put(`/t/-/${id}.json`, { tags: [] });
    expect(other.status).toBe(403);
    const newTag = await forum.as(alice).put(`/t/-/${id}.json`, { tags: ['billing', 'urgent'] });
    expect(newTag.status).toBe(422);
    expect(newTag.json.errors[0]).toMatch(/"urgent"/);
    const title = await forum.as(alice).put(`/t/-/${id}.json`, { title: 'A better title for this topic' });
    expect(title.status).toBe(400);
    expect(title.json.errors[0]).toMatch(/tags only/);

    const staff = await forum.as('admin').put(`/t/${id}.json`, { tags: ['urgent'] });
    expect(staff.status).toBe(200);
    expect((await forum.as(alice).get(`/t/${id}.json`)).json.tags).toEqual(['urgent']);
    expect((await forum.as('admin').put(`/t/-/${id}.json`, { tags: [] })).status).toBe(200);
    expect((await forum.as(alice).get(`/t/${id}.json`)).json.tags).toEqual([]);

    const pm = await forum.as(alice).post('/posts.json', {
      archetype: 'private_message',
      target_recipients: 'bob',
      title: 'A private note about billing',
      raw: 'Only for you: the double charge was my fault.',
    });
    expect((await forum.as(alice).put(`/t/-/${pm.json.topic_id}.json`, { tags: ['billing'] })).status).toBe(
      422,
    );
    // Someone who cannot see the PM learns nothing about it.
    const hidden = await forum
      .as(await forum.user({ username: 'zoe' }))
      .put(`/t/-/${pm.json.topic_id}.json`, {
        tags: [],
      });
    expect(hidden.status).toBe(404);
  });
});

describe('the tag lists', () => {
  it('count and list only the topics the viewer may see: never a PM or a closed category', async () => {
    const team = await forum.group('team', { members: [bob] });
    const secret = await testCategory(forum, { name: 'Staff room', permissions: { [team.name]: 1 } });
    const open = await newTopic('admin', ['billing']);
    const closed = await newTopic('admin', ['billing', 'acquisition'], secret.id);
    // A tagged PM between admin and bob (as a later feature might tag one) stays out of every list.
    const pm = await forum.as('admin').post('/posts.json', {
      archetype: 'private_message',
      target_recipients: 'bob',
      title: 'About your two invoices',
      raw: 'I can see both charges; I will refund one of them today.',
    });
    const billing = await forum.ctx.db
      .selectFrom('tags')
      .select('id')
      .where('name', '=', 'billing')
      .executeTakeFirstOrThrow();
    await forum.ctx.db
      .insertInto('topic_tags')
      .values({ topic_id: pm.json.topic_id, tag_id: billing.id, created_at: nowIso() })
      .execute();

    const forAlice = await forum.as(alice).get('/tags.json');
    await assertMatchesSpec('listTags', forAlice.json);
    expect(forAlice.json.tags).toEqual([
      {
        id: 'billing',
        text: 'billing',
        name: 'billing',
        description: null,
        count: 1,
        pm_count: 0,
        target_tag: null,
      },
    ]);
    const forBob = await forum.as(bob).get('/tags.json');
    expect(forBob.json.tags.map((t: { id: string; count: number }) => [t.id, t.count])).toEqual([
      ['acquisition', 1],
      ['billing', 2],
    ]);
    expect((await forum.as(null).get('/tags.json')).json.tags.map((t: { id: string }) => t.id)).toEqual([
      'billing',
    ]);

    const list = await forum.as(alice).get('/tag/billing.json');
    await assertMatchesSpec('getTag', list.json);
    expect(list.json.topic_list.topics.map((t: { id: number }) => t.id)).toEqual([open]);
    expect(list.json.topic_list.topics[0].tags).toEqual(['billing']);
    expect(list.json.topic_list.tags).toEqual([
      { id: billing.id, name: 'billing', topic_count: 1, staff: false },
    ]);
    const bobs = await forum.as(bob).get('/tag/Billing.json');
    expect(bobs.json.topic_list.topics.map((t: { id: number }) => t.id)).toEqual([closed, open]);
    expect(bobs.json.topic_list.tags[0].topic_count).toBe(2);
    const anonymous = await forum.as(null).get('/tag/billing.json');
    expect(anonymous.json.topic_list.topics.map((t: { id: number }) => t.id)).toEqual([open]);

    // A tag only on topics Alice may not see answers like one that does not exist.
    const hidden = await forum.as(alice).get('/tag/acquisition.json');
    const missing = await forum.as(alice).get('/tag/no-such-tag.json');
    expect(hidden.status).toBe(404);
    expect(hidden.json).toEqual(missing.json);
    expect(
      (await forum.as(alice).put('/tag/acquisition/notifications', { notification_level: 3 })).status,
    ).toBe(404);
    expect((await forum.as(alice).put('/u/alice.json', { watched_tags: 'acquisition' })).status).toBe(400);
    expect((await forum.as('admin').get('/tag/acquisition.json')).json.topic_list.topics).toHaveLength(1);
  });
});
