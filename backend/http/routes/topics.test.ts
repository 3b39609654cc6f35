// Reading a PM (GET /t/{id}.json, /t/{id}/posts.json) and adding people to it (invite,
// invite-group) through the API, each success checked against Discourse's OpenAPI spec.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../db/schema';
import { writePost } from '../../posts/post-writer';
import { assertMatchesSpec } from '../../testing/discourse-spec';
import { startTestForum, type TestForum } from '../../testing/forum-fixture';

let forum: TestForum;
beforeEach(async () => {
  forum = await startTestForum();
});
afterEach(async () => {
  await forum.destroy();
});

async function sendPm(from: User | string, to: string, title = 'Quarterly report'): Promise<number> {
  const res = await forum.as(from).post('/posts.json', {
    title,
    raw: 'Here is the report we discussed.',
    archetype: 'private_message',
    target_recipients: to,
  });
  expect(res.status).toBe(200);
  return res.json.topic_id as number;
}

async function getTopic(as: User | string | null, id: number) {
  const res = await forum.as(as).get(`/t/${id}.json`);
  if (res.status === 200) await assertMatchesSpec('getTopic', res.json);
  return res;
}

describe('GET /t/{id}.json', () => {
  it('shows a PM to its creator and a recipient, with stream, participants and their own level', async () => {
    const alice = await forum.user({ username: 'alice', name: 'Alice A' });
    const bob = await forum.user({ username: 'bob' });
    const id = await sendPm(alice, 'bob');
    const reply = await forum.as(bob).post('/posts.json', { topic_id: id, raw: 'Thanks, got it.' });
    expect(reply.status).toBe(200);

    const mine = await getTopic(alice, id);
    expect(mine.status).toBe(200);
    expect(mine.json).toMatchObject({ id, title: 'Quarterly report', archetype: 'private_message' });
    expect(mine.json.post_stream.posts.map((p: { username: string }) => p.username)).toEqual([
      'alice',
      'bob',
    ]);
    expect(mine.json.post_stream.stream).toEqual(
      mine.json.post_stream.posts.map((p: { id: number }) => p.id),
    );
    expect(mine.json.details.created_by).toMatchObject({ username: 'alice', name: 'Alice A' });
    expect(mine.json.details.last_poster.username).toBe('bob');
    expect(mine.json.details.participants.map((p: { username: string }) => p.username).sort()).toEqual([
      'alice',
      'bob',
    ]);
    expect(mine.json.details).toMatchObject({
      notification_level: 3,
      can_create_post: true,
      can_invite_to: true,
      can_edit: true,
      can_remove_self_id: alice.id,
    });
    expect(mine.json.post_stream.posts[0]).toMatchObject({ yours: true, can_edit: true });

    const theirs = await getTopic(bob, id);
    expect(theirs.status).toBe(200);
    expect(theirs.json.details).toMatchObject({ can_edit: false, can_delete: false, can_invite_to: true });
    expect(theirs.json.post_stream.posts[0]).toMatchObject({ yours: false, can_edit: false });
  });

  it('answers /t/{slug}/{id}.json like /t/{id}.json', async () => {
    const alice = await forum.user({ username: 'alice' });
    await forum.user({ username: 'bob' });
    const id = await sendPm(alice, 'bob');
    const bySlug = await forum.as(alice).get(`/t/quarterly-report/${id}.json`);
    expect(bySlug.status).toBe(200);
    expect(bySlug.json).toEqual((await getTopic(alice, id)).json);
  });

  it("shows a group's PM to a member at the group's notification level", async () => {
    const alice = await forum.user({ username: 'alice' });
    const sam = await forum.user({ username: 'sam' });
    const support = await forum.group('support', { members: [sam] });
    await forum.ctx.db
      .updateTable('group_users')
      .set({ notification_level: 2 })
      .where('group_id', '=', support.id)
      .execute();
    const id = await sendPm(alice, 'support');
    const res = await getTopic(sam, id);
    expect(res.status).toBe(200);
    expect(res.json.details.notification_level).toBe(2);
    expect(res.json.details.can_create_post).toBe(true);
  });

  it("shows a staged participant's reply to staff and participants without ever exposing the address", async () => {
    const alice = await forum.user({ username: 'alice', trustLevel: 4 });
    const id = await sendPm(alice, 'guest.person@example.org');
    const guest = await forum.ctx.db
      .selectFrom('users')
      .selectAll()
      .where('staged', '=', 1)
      .executeTakeFirstOrThrow();
    // The email receiver's part: a reply by email becomes a post by the staged user.
    await forum.ctx.db.transaction().execute(async (db) => {
      const topic = await db.selectFrom('topics').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      await writePost(db, { topic, author: guest, raw: 'Replying from my mail client.', viaEmail: true });
    });

    for (const viewer of ['admin', alice] as const) {
      const res = await getTopic(viewer, id);
      expect(res.status).toBe(200);
      expect(res.json.details.participants.map((p: { id: number }) => p.id)).toContain(guest.id);
      expect(JSON.stringify(res.json)).not.toContain('example.org');
      const posts = await forum
        .as(viewer)
        .get(`/t/${id}/posts.json?post_ids[]=${res.json.post_stream.stream[1]}`);
      await assertMatchesSpec('getSpecificPostsFromTopic', posts.json);
      expect(posts.json.post_stream.posts[0]).toMatchObject({
        user_id: guest.id,
        staged: true,
        via_email: true,
      });
      expect(JSON.stringify(posts.json)).not.toContain('example.org');
    }
  });

  it('lists allowed users with staged flags when asked, the address only to staff, and still validates without', async () => {
    const alice = await forum.user({ username: 'alice', trustLevel: 4 });
    const bob = await forum.user({ username: 'bob' });
    const sam = await forum.user({ username: 'sam' });
    await forum.group('support', { members: [sam] });
    const id = await sendPm(alice, 'bob,support,guest.person@example.org');
    const guest = await forum.ctx.db
      .selectFrom('users')
      .selectAll()
      .where('staged', '=', 1)
      .executeTakeFirstOrThrow();
    // Without the flag: Discourse's closed getTopic shape, checked by getTopic().
    expect((await getTopic(bob, id)).json.details.allowed_users).toBeUndefined();

    const withUsers = (as: User | string) => forum.as(as).get(`/t/${id}.json?include_allowed_users=true`);
    // A participant and a member of the PM's group: who takes part by email, never the address.
    for (const viewer of [bob, sam]) {
      const res = await withUsers(viewer);
      expect(res.status).toBe(200);
      expect(res.json.details.allowed_users).toEqual([
        expect.objectContaining({ id: alice.id, username: 'alice' }),
        expect.objectContaining({ id: bob.id, username: 'bob' }),
        expect.objectContaining({ id: guest.id, staged: true }),
      ]);
      expect(res.json.details.allowed_users.filter((u: { staged?: boolean }) => u.staged)).toHaveLength(1);
      expect(res.json.details.allowed_groups).toEqual([expect.objectContaining({ name: 'support' })]);
      expect(JSON.stringify(res.json)).not.toContain('example.org');
    }
    // Staff see a staged participant's address; a real account's stays private even to them.
    const admin = await withUsers('admin');
    expect(admin.json.details.allowed_users[2]).toMatchObject({
      id: guest.id,
      staged: true,
      email: 'guest.person@example.org',
    });
    expect(admin.json.details.allowed_users[1].email).toBeUndefined();
    // Someone who may not read the PM learns nothing, asked either way.
    const outsider = await forum.user({ username: 'outsider' });
    expect((await withUsers(outsider)).status).toBe(404);
    expect((await withUsers(outsider)).raw.body).not.toContain('example.org');
  });

  it('refuses the anonymous (403), and answers 404 to a non-participant and a moderator exactly as for a missing id', async () => {
    const alice = await forum.user({ username: 'alice' });
    await forum.user({ username: 'bob' });
    const eve = await forum.user({ username: 'eve' });
    const mod = await forum.user({ username: 'mod', moderator: true });
    const id = await sendPm(alice, 'bob');

    const anon = await forum.as(null).get(`/t/${id}.json`);
    expect(anon.status).toBe(403);
    expect(anon.json.error_type).toBe('not_logged_in');

    const missing = await forum.as(eve).get('/t/999999.json');
    expect(missing.status).toBe(404);
    for (const outsider of [eve, mod]) {
      const res = await forum.as(outsider).get(`/t/${id}.json`);
      expect(res.status).toBe(404);
      expect(res.json).toEqual(missing.json);
    }
  });

  it('hides a deleted PM from its participants but shows it, deleted, to an admin', async () => {
    const alice = await forum.user({ username: 'alice' });
    await forum.user({ username: 'bob' });
    const id = await sendPm(alice, 'bob');
    const first = (await getTopic(alice, id)).json.post_stream.stream[0];
    expect((await forum.as(alice).delete(`/posts/${first}.json`)).status).toBe(200);

    expect((await forum.as(alice).get(`/t/${id}.json`)).status).toBe(404);
    expect((await forum.as('bob').get(`/t/${id}.json`)).status).toBe(404);
    const staff = await getTopic('admin', id);
    expect(staff.status).toBe(200);
    expect(staff.json.deleted_at).not.toBeNull();
    expect(staff.json).toMatchObject({ deleted_by: 'alice', has_deleted: true });
    expect(staff.json.post_stream.stream).toEqual([first]);
  });

  it('streams the small action an invite writes, and a reply with its reply_to_post_number', async () => {
    const alice = await forum.user({ username: 'alice' });
    await forum.user({ username: 'bob' });
    await forum.user({ username: 'carol' });
    const id = await sendPm(alice, 'bob');
    expect((await forum.as(alice).post(`/t/${id}/invite.json`, { user: 'carol' })).status).toBe(200);
    const reply = await forum.as('carol').post('/posts.json', {
      topic_id: id,
      raw: 'Happy to join.',
      reply_to_post_number: 1,
    });
    expect(reply.status).toBe(200);

    const res = await getTopic('carol', id);
    expect(res.status).toBe(200);
    const [op, invited, answer] = res.json.post_stream.posts;
    expect(op).toMatchObject({ post_number: 1, reply_count: 1 });
    expect(invited).toMatchObject({ post_number: 2, post_type: 3, username: 'alice' });
    expect(answer).toMatchObject({ post_number: 3, username: 'carol', reply_to_post_number: '1' });

    const small = await forum.as('carol').get(`/t/${id}/posts.json?post_ids[]=${invited.id}`);
    await assertMatchesSpec('getSpecificPostsFromTopic', small.json);
    expect(small.json.post_stream.posts).toHaveLength(1);
    expect(small.json.post_stream.posts[0]).toMatchObject({
      post_type: 3,
      action_code: 'invited_user',
      action_code_who: 'carol',
    });
  });
});

describe('GET /t/{id}/posts.json', () => {
  it('returns only the asked posts of this topic, in any of the ways clients send post_ids', async () => {
    const alice = await forum.user({ username: 'alice' });
    await forum.user({ username: 'bob' });
    const id = await sendPm(alice, 'bob');
    for (const raw of ['Second message here.', 'Third message here.'])
      await forum.as('bob').post('/posts.json', { topic_id: id, raw });
    const stream = (await getTopic(alice, id)).json.post_stream.stream as number[];
    expect(stream).toHaveLength(3);
    const [p1, , p3] = stream;
    const other = await sendPm(alice, 'bob', 'Another subject');
    const otherPost = (await getTopic(alice, other)).json.post_stream.stream[0];

    const urls = [
      `/t/${id}/posts.json?post_ids[]=${p1}&post_ids[]=${p3}&post_ids[]=${otherPost}`,
      `/t/${id}/posts.json?post_ids=${p1}&post_ids=${p3}`,
      `/t/${id}/posts.json?post_ids=${p3},${p1}`,
    ];
    for (const url of urls) {
      const res = await forum.as(alice).get(url);
      expect(res.status).toBe(200);
      await assertMatchesSpec('getSpecificPostsFromTopic', res.json);
      expect(res.json.id).toBe(id);
      expect(res.json.post_stream.posts.map((p: { id: number }) => p.id)).toEqual([p1, p3]);
    }
    const bad = await forum.as(alice).get(`/t/${id}/posts.json?post_ids[]=abc`);
    expect(bad.status).toBe(400);
  });

  it('never returns posts of a PM the viewer cannot see, even asked through a topic they can', async () => {
    const alice = await forum.user({ username: 'alice' });
    await forum.user({ username: 'bob' });
    const eve = await forum.user({ username: 'eve' });
    const secret = await sendPm(alice, 'bob', 'Secret plans');
    const secretPost = (await getTopic(alice, secret)).json.post_stream.stream[0];
    const evesOwn = await sendPm(eve, 'bob', 'Hello Bob');

    const direct = await forum.as(eve).get(`/t/${secret}/posts.json?post_ids[]=${secretPost}`);
    expect(direct.status).toBe(404);
    const smuggled = await forum.as(eve).get(`/t/${evesOwn}/posts.json?post_ids[]=${secretPost}`);
    expect(smuggled.status).toBe(200);
    expect(smuggled.json.post_stream.posts).toEqual([]);
  });
});

describe('POST /t/{id}/invite.json and /invite-group.json', () => {
  it('invites a user by username and answers with the user', async () => {
    const alice = await forum.user({ username: 'alice' });
    await forum.user({ username: 'bob' });
    const carol = await forum.user({ username: 'carol', name: 'Carol C' });
    const id = await sendPm(alice, 'bob');
    const res = await forum.as(alice).post(`/t/${id}/invite.json`, { user: 'carol' });
    expect(res.status).toBe(200);
    await assertMatchesSpec('inviteToTopic', res.json);
    expect(res.json).toEqual({
      user: { id: carol.id, username: 'carol', name: 'Carol C', avatar_template: expect.any(String) },
    });
    expect((await getTopic(carol, id)).status).toBe(200);

    const again = await forum.as(alice).post(`/t/${id}/invite.json`, { user: 'carol' });
    expect(again.status).toBe(422);
    expect(again.json.errors[0]).toMatch(/carol is already part of this message/);
  });

  it('answers an email invite identically whether the address is unknown, staged, or an account refusing PMs', async () => {
    const alice = await forum.user({ username: 'alice', trustLevel: 4 });
    await forum.user({ username: 'bob' });
    await forum.stagedUser('known-guest@x.org');
    const dave = await forum.user({ username: 'dave', email: 'dave@x.org' });
    await forum.ctx.db
      .updateTable('user_options')
      .set({ allow_private_messages: 0 })
      .where('user_id', '=', dave.id)
      .execute();
    const id = await sendPm(alice, 'bob');

    const answers = [];
    for (const email of ['nobody@x.org', 'known-guest@x.org', 'dave@x.org']) {
      const res = await forum.as(alice).post(`/t/${id}/invite.json`, { email });
      await assertMatchesSpec('inviteToTopic', res.json);
      answers.push({ status: res.status, json: res.json });
    }
    expect(answers[0]).toEqual({ status: 200, json: { success: 'OK' } });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    // Dave refuses PMs: the address path respects that, silently.
    expect((await getTopic(dave, id)).status).toBe(404);
    // The thread records three anonymous "invited by email" actions: nothing tells them apart.
    const actions = await forum.ctx.db
      .selectFrom('posts')
      .select('action_code')
      .where('topic_id', '=', id)
      .where('post_type', '=', 3)
      .execute();
    expect(actions.map((a) => a.action_code)).toEqual(['invited_email', 'invited_email', 'invited_email']);
  });

  it('notifies the members of an invited group unless should_notify is false', async () => {
    const alice = await forum.user({ username: 'alice' });
    await forum.user({ username: 'bob' });
    const sam = await forum.user({ username: 'sam' });
    const tim = await forum.user({ username: 'tim' });
    await forum.group('support', { members: [sam] });
    await forum.group('quiet', { members: [tim] });
    const id = await sendPm(alice, 'bob');
    await forum.as(alice).post(`/t/${id}/invite-group.json`, { group: 'support' });
    await forum.as(alice).post(`/t/${id}/invite-group.json`, { group: 'quiet', should_notify: false });
    const notes = await forum.ctx.db
      .selectFrom('notifications')
      .select(['user_id', 'notification_type'])
      .where('notification_type', '=', 7)
      .execute();
    expect(notes.map((n) => n.user_id)).toEqual([sam.id]);
  });

  it('invites a group and answers with the group', async () => {
    const alice = await forum.user({ username: 'alice' });
    await forum.user({ username: 'bob' });
    const sam = await forum.user({ username: 'sam' });
    const support = await forum.group('support', { members: [sam] });
    const id = await sendPm(alice, 'bob');
    const res = await forum.as(alice).post(`/t/${id}/invite-group.json`, { group: 'support' });
    expect(res.status).toBe(200);
    await assertMatchesSpec('inviteGroupToTopic', res.json);
    expect(res.json).toEqual({ group: { id: support.id, name: 'support' } });
    expect((await getTopic(sam, id)).status).toBe(200);
  });

  it('refuses non-staff at max_allowed_message_recipients, but not staff', async () => {
    const alice = await forum.user({ username: 'alice' });
    await forum.user({ username: 'bob' });
    await forum.user({ username: 'carol' });
    const id = await sendPm(alice, 'bob');
    await forum.setting('max_allowed_message_recipients', '2');
    const res = await forum.as(alice).post(`/t/${id}/invite.json`, { user: 'carol' });
    expect(res.status).toBe(422);
    expect(res.json.errors[0]).toMatch(/at most 2 recipients/);
    expect((await getTopic(alice, id)).json.details.can_invite_to).toBe(false);
    expect((await forum.as('admin').post(`/t/${id}/invite.json`, { user: 'carol' })).status).toBe(200);
  });

  it('refuses an email invite from someone not allowed to message addresses, naming the setting', async () => {
    const alice = await forum.user({ username: 'alice' });
    await forum.user({ username: 'bob', trustLevel: 1 });
    const id = await sendPm(alice, 'bob');
    const res = await forum.as('bob').post(`/t/${id}/invite.json`, { email: 'someone@x.org' });
    expect(res.status).toBe(422);
    expect(res.json.errors[0]).toMatch(/send_email_messages_allowed_groups/);
    expect((await getTopic('bob', id)).json.details).toMatchObject({
      can_invite_to: true,
      can_invite_via_email: false,
    });
  });

  it('answers 404 to someone who cannot see the PM', async () => {
    const alice = await forum.user({ username: 'alice' });
    await forum.user({ username: 'bob' });
    const eve = await forum.user({ username: 'eve', trustLevel: 4 });
    await forum.user({ username: 'carol' });
    const id = await sendPm(alice, 'bob');
    expect((await forum.as(eve).post(`/t/${id}/invite.json`, { user: 'carol' })).status).toBe(404);
    expect((await forum.as(eve).post(`/t/${id}/invite.json`, { email: 'x@y.org' })).status).toBe(404);
    expect((await forum.as(eve).post(`/t/${id}/invite-group.json`, { group: 'staff' })).status).toBe(404);
  });
});
