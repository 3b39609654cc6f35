// The personal-message folders (inbox, sent, archive; a group's inbox and archive) through
// the API: what archive and move-to-inbox do to each (behaviour.md §4.1), paging, and who
// may list whose messages. Every list is checked against Discourse's OpenAPI spec.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../db/schema';
import { assertMatchesSpec } from '../../testing/discourse-spec';
import { startTestForum, type TestForum } from '../../testing/forum-fixture';

let forum: TestForum;
beforeEach(async () => {
  forum = await startTestForum();
});
afterEach(async () => {
  await forum.destroy();
});

async function sendPm(from: User | string, to: string, title: string): Promise<number> {
  const res = await forum.as(from).post('/posts.json', {
    title,
    raw: `About ${title}: the details.`,
    archetype: 'private_message',
    target_recipients: to,
  });
  expect(res.status).toBe(200);
  return res.json.topic_id as number;
}

/** Topic ids of a folder, checked against the spec; the URL's first segment names the folder. */
async function folder(as: User | string, url: string): Promise<number[]> {
  const res = await forum.as(as).get(url);
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  const operation = url.startsWith('/topics/private-messages-sent/')
    ? 'getUserSentPrivateMessages'
    : 'listUserPrivateMessages';
  await assertMatchesSpec(operation, res.json);
  return res.json.topic_list.topics.map((t: { id: number }) => t.id);
}

const inbox = (u: string) => `/topics/private-messages/${u}.json`;
const sent = (u: string) => `/topics/private-messages-sent/${u}.json`;
const archive = (u: string) => `/topics/private-messages-archive/${u}.json`;
const groupInbox = (u: string, g: string) => `/topics/private-messages-group/${u}/${g}.json`;
const groupArchive = (u: string, g: string) => `/topics/private-messages-group/${u}/${g}/archive.json`;

describe('personal folders', () => {
  it('lists inbox newest first, sent by who posted, and moves a PM between inbox and archive per user', async () => {
    const alice = await forum.user({ username: 'alice' });
    const bob = await forum.user({ username: 'bob' });
    const first = await sendPm(alice, 'bob', 'First subject');
    const second = await sendPm(bob, 'alice', 'Second subject');

    expect(await folder(alice, inbox('alice'))).toEqual([second, first]);
    expect(await folder(alice, sent('alice'))).toEqual([first]);
    expect(await folder(bob, sent('bob'))).toEqual([second]);
    expect(await folder(alice, archive('alice'))).toEqual([]);

    const archived = await forum.as(alice).put(`/t/${first}/archive-message.json`);
    expect(archived.status).toBe(200);
    expect(archived.json).toEqual({ success: 'OK' });
    expect(await folder(alice, inbox('alice'))).toEqual([second]);
    expect(await folder(alice, archive('alice'))).toEqual([first]);
    expect(await folder(alice, sent('alice'))).toEqual([first]);
    // Archiving is Alice's alone: Bob's inbox still has it.
    expect(await folder(bob, inbox('bob'))).toEqual([second, first]);

    const back = await forum.as(alice).put(`/t/${first}/move-to-inbox.json`);
    expect(back.json).toEqual({ success: 'OK' });
    expect(await folder(alice, inbox('alice'))).toEqual([second, first]);
    expect(await folder(alice, archive('alice'))).toEqual([]);
  });

  it("describes each PM the way Discourse's list does, with read state, posters and participants", async () => {
    const alice = await forum.user({ username: 'alice', trustLevel: 4 });
    const bob = await forum.user({ username: 'bob' });
    const id = await sendPm(alice, 'bob,guest@example.org', 'Lunch');
    await forum.as(bob).post('/posts.json', { topic_id: id, raw: 'Sounds good to me.' });

    const res = await forum.as(alice).get(inbox('alice'));
    const [topic] = res.json.topic_list.topics;
    expect(topic).toMatchObject({
      id,
      title: 'Lunch',
      posts_count: 2,
      last_poster_username: 'bob',
      allowed_user_count: 3,
      last_read_post_number: 1,
      unread_posts: 1,
      unseen: false,
      notification_level: 3,
      excerpt: 'About Lunch: the details.',
    });
    expect(topic.posters).toEqual([
      { extras: '', description: 'Original Poster', user_id: alice.id, primary_group_id: null },
      { extras: 'latest', description: 'Most Recent Poster', user_id: bob.id, primary_group_id: null },
    ]);
    // The owner is left out of participants; the staged guest is shown by name, flagged, never by address.
    expect(topic.participants.map((p: { user_id: number }) => p.user_id)).not.toContain(alice.id);
    expect(topic.participants).toHaveLength(2);
    const guest = res.json.users.find((u: { staged?: boolean }) => u.staged);
    expect(guest).toMatchObject({ staged: true, name: 'guest' });
    expect(JSON.stringify(res.json)).not.toContain('example.org');
    expect(res.json.topic_list).toMatchObject({ per_page: 30, can_create_topic: true });

    const bobs = await forum.as(bob).get(inbox('bob'));
    expect(bobs.json.topic_list.topics[0]).toMatchObject({ last_read_post_number: 2, unread_posts: 0 });
  });

  it('pages 30 at a time, newest first, with a more_topics_url that works', async () => {
    const alice = await forum.user({ username: 'alice' });
    await forum.user({ username: 'bob' });
    const ids: number[] = [];
    for (let i = 1; i <= 31; i++) ids.push(await sendPm(alice, 'bob', `Message number ${i}`));

    const page0 = await forum.as('bob').get(inbox('bob'));
    await assertMatchesSpec('listUserPrivateMessages', page0.json);
    expect(page0.json.topic_list.topics).toHaveLength(30);
    // Discourse's page number, plus a keyset cursor (the last PM's bumped_at and id).
    const last = page0.json.topic_list.topics[29];
    expect(page0.json.topic_list.more_topics_url).toBe(
      `/topics/private-messages/bob?page=1&before=${encodeURIComponent(`${last.bumped_at},${last.id}`)}`,
    );
    const byPage = await forum.as('bob').get('/topics/private-messages/bob?page=1');
    expect(byPage.json.topic_list.topics.map((t: { id: number }) => t.id)).toEqual([ids[0]]);
    const page1 = await forum.as('bob').get(page0.json.topic_list.more_topics_url);
    expect(page1.status).toBe(200);
    await assertMatchesSpec('listUserPrivateMessages', page1.json);
    expect(page1.json.topic_list.topics).toHaveLength(1);
    expect(page1.json.topic_list.more_topics_url).toBeUndefined();

    const listed = [...page0.json.topic_list.topics, ...page1.json.topic_list.topics].map(
      (t: { id: number }) => t.id,
    );
    expect(listed).toEqual([...ids].reverse());
    expect((await forum.as('bob').get(`${inbox('bob')}?page=x`)).status).toBe(400);
    const badCursor = await forum.as('bob').get(`${inbox('bob')}?before=yesterday`);
    expect(badCursor.status).toBe(400);
    expect(badCursor.json.errors[0]).toMatch(/more_topics_url/);
  });
});

describe('group folders', () => {
  async function groupPm() {
    const alice = await forum.user({ username: 'alice' });
    const sam = await forum.user({ username: 'sam' });
    const tess = await forum.user({ username: 'tess' });
    await forum.group('support', { members: [sam, tess] });
    const id = await sendPm(alice, 'support', 'Printer on fire');
    return { alice, sam, tess, id };
  }

  it("archives per group: a member's archive moves it for the group, not for the sender, and the sender's not for the group", async () => {
    const { alice, sam, tess, id } = await groupPm();
    expect(await folder(sam, groupInbox('sam', 'support'))).toEqual([id]);
    // Sam sees it through the group, not as an allowed user.
    expect(await folder(sam, inbox('sam'))).toEqual([]);

    const byAlice = await forum.as(alice).put(`/t/${id}/archive-message.json`);
    expect(byAlice.json).toEqual({ success: 'OK' });
    expect(await folder(alice, archive('alice'))).toEqual([id]);
    expect(await folder(sam, groupInbox('sam', 'support'))).toEqual([id]);

    await forum.as(alice).put(`/t/${id}/move-to-inbox.json`);
    const bySam = await forum.as(sam).put(`/t/${id}/archive-message.json`);
    expect(bySam.status).toBe(200);
    expect(bySam.json).toEqual({ group_name: 'support' });
    expect(await folder(tess, groupInbox('tess', 'support'))).toEqual([]);
    expect(await folder(tess, groupArchive('tess', 'support'))).toEqual([id]);
    expect(await folder(alice, inbox('alice'))).toEqual([id]);
    expect(await folder(alice, archive('alice'))).toEqual([]);

    const back = await forum.as(tess).put(`/t/${id}/move-to-inbox.json`);
    expect(back.json).toEqual({ group_name: 'support' });
    expect(await folder(sam, groupInbox('sam', 'support'))).toEqual([id]);
    expect(await folder(sam, groupArchive('sam', 'support'))).toEqual([]);
  });

  it('brings a PM back to every inbox that archived it when someone replies (§4.1)', async () => {
    const { alice, sam, id } = await groupPm();
    await forum.as(alice).put(`/t/${id}/archive-message.json`);
    await forum.as(sam).put(`/t/${id}/archive-message.json`);
    expect(await folder(alice, inbox('alice'))).toEqual([]);
    expect(await folder(sam, groupInbox('sam', 'support'))).toEqual([]);

    const reply = await forum.as(sam).post('/posts.json', { topic_id: id, raw: 'Fire brigade called.' });
    expect(reply.status).toBe(200);
    expect(await folder(alice, inbox('alice'))).toEqual([id]);
    expect(await folder(alice, archive('alice'))).toEqual([]);
    expect(await folder(sam, groupInbox('sam', 'support'))).toEqual([id]);
    expect(await folder(sam, groupArchive('sam', 'support'))).toEqual([]);
  });
});

describe('who may list', () => {
  it("refuses another user's folders (403) and the anonymous, but lets an admin list anyone's", async () => {
    const alice = await forum.user({ username: 'alice' });
    await forum.user({ username: 'bob' });
    const id = await sendPm(alice, 'bob', 'Just us');
    for (const url of [inbox('alice'), sent('alice'), archive('alice')]) {
      const res = await forum.as('bob').get(url);
      expect(res.status).toBe(403);
      expect(res.json.error_type).toBe('invalid_access');
    }
    expect((await forum.as(null).get(inbox('alice'))).json.error_type).toBe('not_logged_in');
    expect((await forum.as('bob').get(inbox('nobody'))).status).toBe(404);
    expect(await folder('admin', inbox('alice'))).toEqual([id]);
    expect(await folder('admin', sent('alice'))).toEqual([id]);
  });

  it("refuses a group's folders to non-members and to members asking as someone else; admins may list", async () => {
    const alice = await forum.user({ username: 'alice' });
    const sam = await forum.user({ username: 'sam' });
    const carol = await forum.user({ username: 'carol' });
    await forum.group('support', { members: [sam] });
    const id = await sendPm(alice, 'support', 'Help please');

    for (const url of [groupInbox('carol', 'support'), groupArchive('carol', 'support')]) {
      const res = await forum.as(carol).get(url);
      expect(res.status).toBe(403);
      expect(res.json.error_type).toBe('invalid_access');
    }
    expect((await forum.as(carol).get(groupInbox('sam', 'support'))).status).toBe(403);
    expect((await forum.as(sam).get(groupInbox('carol', 'support'))).status).toBe(403);
    expect((await forum.as(sam).get(groupInbox('sam', 'nosuchgroup'))).status).toBe(404);
    expect(await folder('admin', groupInbox('sam', 'support'))).toEqual([id]);
    expect(await folder('admin', groupInbox('admin', 'support'))).toEqual([id]);
  });
});
