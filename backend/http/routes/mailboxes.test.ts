// Mailbox counts, Discourse's PM tracking state and POST /topics/timings through the API: the
// counts of every mailbox are compared with the folder list they describe, after sends, reads,
// replies and archiving, so a badge can never disagree with its list.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Group, User } from '../../db/schema';
import { startTestForum, type TestForum } from '../../testing/forum-fixture';

let forum: TestForum;
let alice: User;
let bob: User;
let carol: User;
let support: Group;

beforeEach(async () => {
  forum = await startTestForum();
  alice = await forum.user({ username: 'alice' });
  bob = await forum.user({ username: 'bob' });
  carol = await forum.user({ username: 'carol' });
  support = await forum.group('support', { members: [bob, carol] });
});
afterEach(async () => {
  await forum.destroy();
});

async function sendPm(from: User, to: string, title: string): Promise<number> {
  const res = await forum.as(from).post('/posts.json', {
    title,
    raw: `About ${title}: the details.`,
    archetype: 'private_message',
    target_recipients: to,
  });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json.topic_id as number;
}

async function reply(from: User, topicId: number): Promise<void> {
  const res = await forum.as(from).post('/posts.json', { topic_id: topicId, raw: 'A reply with words.' });
  expect(res.status).toBe(200);
}

async function read(user: User, topicId: number, postNumbers: number[]) {
  const timings = Object.fromEntries(postNumbers.map((n) => [String(n), 1500]));
  return forum.as(user).post('/topics/timings', { topic_id: topicId, topic_time: 3000, timings });
}

const LIST_URLS: Record<string, (u: string) => string> = {
  inbox: (u) => `/topics/private-messages/${u}.json`,
  sent: (u) => `/topics/private-messages-sent/${u}.json`,
  archive: (u) => `/topics/private-messages-archive/${u}.json`,
  'group:support': (u) => `/topics/private-messages-group/${u}/support.json`,
  'group:support:archive': (u) => `/topics/private-messages-group/${u}/support/archive.json`,
};

interface Mailbox {
  id: string;
  title: string;
  unread: number;
  new: number;
  total: number;
}

async function mailboxes(user: User): Promise<Map<string, Mailbox>> {
  const res = await forum.as(user).get('/foyer/mailboxes.json');
  expect(res.status).toBe(200);
  return new Map((res.json.mailboxes as Mailbox[]).map((m) => [m.id, m]));
}

/** Every mailbox's counts equal what its list shows (unseen items, items with unread posts). */
async function expectCountsMatchLists(user: User): Promise<Map<string, Mailbox>> {
  const boxes = await mailboxes(user);
  for (const [id, url] of Object.entries(LIST_URLS)) {
    const box = boxes.get(id);
    if (!box) continue;
    const list = await forum.as(user).get(url(user.username));
    const topics = list.json.topic_list.topics as Array<{ unseen: boolean; unread_posts?: number }>;
    expect({ id, total: box.total, new: box.new, unread: box.unread }).toEqual({
      id,
      total: topics.length,
      new: topics.filter((t) => t.unseen).length,
      unread: topics.filter((t) => (t.unread_posts ?? 0) > 0).length,
    });
  }
  return boxes;
}

describe('GET /foyer/mailboxes.json', () => {
  it('counts new, unread and total exactly as the lists show them, through reads, replies and archive', async () => {
    const direct = await sendPm(alice, 'bob', 'Direct question');
    const toGroup = await sendPm(alice, 'support', 'Support request');
    await sendPm(carol, 'bob', 'Lunch');

    let boxes = await expectCountsMatchLists(bob);
    expect([...boxes.keys()]).toEqual([
      'inbox',
      'sent',
      'archive',
      'drafts',
      'group:support',
      'group:support:archive',
    ]);
    expect(boxes.get('inbox')).toMatchObject({ title: 'Inbox', total: 2, new: 2, unread: 0 });
    expect(boxes.get('group:support')).toMatchObject({ title: 'support', total: 1, new: 1 });

    expect((await read(bob, direct, [1])).status).toBe(200);
    boxes = await expectCountsMatchLists(bob);
    expect(boxes.get('inbox')).toMatchObject({ new: 1, unread: 0 });

    await reply(alice, direct);
    boxes = await expectCountsMatchLists(bob);
    expect(boxes.get('inbox')).toMatchObject({ new: 1, unread: 1 });

    await read(bob, toGroup, [1]);
    boxes = await expectCountsMatchLists(bob);
    expect(boxes.get('group:support')).toMatchObject({ new: 0, unread: 0 });

    expect((await forum.as(bob).put(`/t/${direct}/archive-message.json`)).status).toBe(200);
    expect((await forum.as(bob).put(`/t/${toGroup}/archive-message.json`)).status).toBe(200);
    boxes = await expectCountsMatchLists(bob);
    expect(boxes.get('archive')).toMatchObject({ total: 1, unread: 1 });
    expect(boxes.get('group:support:archive')).toMatchObject({ total: 1 });
    await expectCountsMatchLists(alice);
    await expectCountsMatchLists(carol);
  });

  it('keeps counts equal to the lists at the edges: deleted PMs and posts, invites only, archived then removed', async () => {
    // Bob writes in one PM, only invites someone in another (a small action is not "sent"),
    // and his only post in a third is deleted.
    const wrote = await sendPm(alice, 'bob', 'He replies here');
    await reply(bob, wrote);
    const invitedOnly = await sendPm(alice, 'bob', 'He only invites');
    expect((await forum.as(bob).post(`/t/${invitedOnly}/invite.json`, { user: 'carol' })).status).toBe(200);
    const deletedReply = await sendPm(alice, 'bob', 'His reply is deleted');
    const mine = await forum
      .as(bob)
      .post('/posts.json', { topic_id: deletedReply, raw: 'Oops, wrong thread.' });
    expect((await forum.as(bob).delete(`/posts/${mine.json.id}.json`)).status).toBe(200);
    // A whole PM deleted, one archived then left by Bob, one archived by the group.
    const gone = await sendPm(alice, 'bob,support', 'Deleted conversation');
    await forum.as(bob).put(`/t/${gone}/archive-message.json`);
    await forum.ctx.db
      .updateTable('topics')
      .set({ deleted_at: new Date().toISOString() })
      .where('id', '=', gone)
      .execute();
    const left = await sendPm(alice, 'bob', 'Archived, then Bob was removed');
    await forum.as(bob).put(`/t/${left}/archive-message.json`);
    await forum.ctx.db
      .deleteFrom('topic_allowed_users')
      .where('topic_id', '=', left)
      .where('user_id', '=', bob.id)
      .execute();
    const groupDone = await sendPm(alice, 'support', 'Handled by the group');
    await read(carol, groupDone, [1]);
    await forum.as(carol).put(`/t/${groupDone}/archive-message.json`);
    await sendPm(alice, 'support', 'Still open for the group');

    const boxes = await expectCountsMatchLists(bob);
    expect(boxes.get('sent')).toMatchObject({ total: 1 });
    expect(boxes.get('archive')).toMatchObject({ total: 0 });
    expect(boxes.get('inbox')).toMatchObject({ total: 3 });
    expect(boxes.get('group:support')).toMatchObject({ total: 1 });
    expect(boxes.get('group:support:archive')).toMatchObject({ total: 1, new: 1 });
    await expectCountsMatchLists(carol);
    await expectCountsMatchLists(alice);
  });

  it('counts drafts and needs a login', async () => {
    await forum
      .as(bob)
      .post('/drafts.json', { draft_key: 'new_private_message', data: '{"reply":"hi"}', sequence: 0 });
    expect((await mailboxes(bob)).get('drafts')).toMatchObject({ total: 1, unread: 0, new: 0 });
    expect((await forum.as(null).get('/foyer/mailboxes.json')).status).toBe(403);
  });
});

describe('POST /topics/timings', () => {
  it('moves the read position forward only, marks notifications read, and keeps a group member notified', async () => {
    const topic = await sendPm(alice, 'support', 'Printer broken');
    await reply(alice, topic);
    await reply(alice, topic);
    await read(bob, topic, [1, 2]);
    const state = () =>
      forum.ctx.db
        .selectFrom('topic_users')
        .selectAll()
        .where('user_id', '=', bob.id)
        .where('topic_id', '=', topic)
        .executeTakeFirstOrThrow();
    expect(await state()).toMatchObject({ last_read_post_number: 2, notification_level: 3 });
    await read(bob, topic, [1]);
    expect((await state()).last_read_post_number).toBe(2);
    await read(bob, topic, [3]);
    expect((await state()).last_read_post_number).toBe(3);
    const unreadNotes = await forum.ctx.db
      .selectFrom('notifications')
      .select('id')
      .where('user_id', '=', bob.id)
      .where('topic_id', '=', topic)
      .where('read', '=', 0)
      .execute();
    expect(unreadNotes).toEqual([]);
    // Still watching through the group: a new reply notifies bob.
    await reply(alice, topic);
    const notes = await forum.as(bob).get('/notifications.json');
    expect(
      notes.json.notifications.some(
        (n: { topic_id: number; read: boolean }) => n.topic_id === topic && !n.read,
      ),
    ).toBe(true);
  });

  it('accepts form-encoded timings as Discourse clients send them', async () => {
    const topic = await sendPm(alice, 'bob', 'Form encoded');
    const res = await forum.app.inject({
      method: 'POST',
      url: '/topics/timings',
      headers: {
        'api-key': forum.apiKey,
        'api-username': 'bob',
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: `topic_id=${topic}&topic_time=2000&timings%5B1%5D=2000`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    const list = await forum.as(bob).get('/topics/private-messages/bob.json');
    expect(list.json.topic_list.topics[0]).toMatchObject({
      id: topic,
      unseen: false,
      last_read_post_number: 1,
    });
  });

  it('refuses topics the reader cannot see and bad timings', async () => {
    const topic = await sendPm(alice, 'bob', 'Private');
    expect((await read(carol, topic, [1])).status).toBe(404);
    expect((await forum.as(bob).post('/topics/timings', { topic_id: topic, timings: { x: 1 } })).status).toBe(
      400,
    );
    expect(
      (await forum.as(null).post('/topics/timings', { topic_id: topic, timings: { 1: 1 } })).status,
    ).toBe(403);
  });
});

describe('GET /u/{username}/private-message-topic-tracking-state.json', () => {
  it('lists new and unread PMs of the inbox and group inboxes with the group ids', async () => {
    const direct = await sendPm(alice, 'bob', 'Direct');
    const toGroup = await sendPm(alice, 'support', 'To the group');
    const readOne = await sendPm(alice, 'bob', 'Read already');
    await read(bob, readOne, [1]);
    const res = await forum.as(bob).get('/u/bob/private-message-topic-tracking-state.json');
    expect(res.status).toBe(200);
    const byId = new Map(res.json.map((r: { topic_id: number }) => [r.topic_id, r]));
    expect([...byId.keys()].sort()).toEqual([direct, toGroup].sort());
    expect(byId.get(toGroup)).toEqual({
      topic_id: toGroup,
      highest_post_number: 1,
      last_read_post_number: null,
      notification_level: null,
      group_ids: [support.id],
    });
    expect(byId.get(direct)).toMatchObject({
      group_ids: [],
      notification_level: 3,
      last_read_post_number: null,
    });
    expect((await forum.as(carol).get('/u/bob/private-message-topic-tracking-state.json')).status).toBe(403);
    expect((await forum.as('admin').get('/u/bob/private-message-topic-tracking-state.json')).status).toBe(
      200,
    );
  });
});
