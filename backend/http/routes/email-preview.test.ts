// GET /foyer/email-preview.json: who a reply or a new message would reach by email, before it is
// sent — staged participants (every post), people by their email setting, members of a group —
// matching what posting then actually queues, authorized like the send, and never an address
// oracle (typed addresses come back as typed, whoever owns them; hidden group members stay hidden).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../db/schema';
import { optOutOfEmail } from '../../email/outbound/opt-outs';
import { startTestForum, type TestForum } from '../../testing/forum-fixture';
import { userEmailJobPayloads } from '../../testing/queued-emails';

let forum: TestForum;
let alice: User;
let bob: User;
beforeEach(async () => {
  forum = await startTestForum();
  alice = await forum.user({ username: 'alice', trustLevel: 4 });
  bob = await forum.user({ username: 'bob' });
});
afterEach(async () => {
  await forum.destroy();
});

async function sendPm(from: User, to: string): Promise<number> {
  const res = await forum.as(from).post('/posts.json', {
    title: 'Boat rental for the summer',
    raw: 'Here is what we discussed about the boat.',
    archetype: 'private_message',
    target_recipients: to,
  });
  expect(res.status).toBe(200);
  return res.json.topic_id as number;
}

const staged = (email: string) =>
  forum.ctx.db
    .selectFrom('users')
    .innerJoin('user_emails', 'user_emails.user_id', 'users.id')
    .selectAll('users')
    .where('user_emails.normalized_email', '=', email)
    .executeTakeFirstOrThrow();

const emailLevel = (user: User, level: 0 | 1 | 2) =>
  forum.ctx.db
    .updateTable('user_options')
    .set({ email_messages_level: level })
    .where('user_id', '=', user.id)
    .execute();

const preview = (as: User | string | null, query: string) =>
  forum.as(as).get(`/foyer/email-preview.json?${query}`);

type PreviewUser = { username: string; reason: string; staged: boolean; via_group: string | null };
const who = (res: { json: { email_preview: { users: PreviewUser[] } } }) =>
  res.json.email_preview.users.map((u) => [u.username, u.reason]);

/** The people posting queued a user_email for (a post's notification emails). */
async function queuedEmailUserIds(postId: number): Promise<number[]> {
  return (await userEmailJobPayloads<{ postId: number; userId: number }>(forum.ctx.db))
    .filter((p) => p.postId === postId)
    .map((p) => p.userId)
    .sort((a, b) => a - b);
}

describe('GET /foyer/email-preview.json for a reply', () => {
  it('names the staged participants and the people whose settings email them, as posting then does', async () => {
    const carol = await forum.user({ username: 'carol' });
    const topicId = await sendPm(alice, 'bob,carol,guest@outside.example,friend@elsewhere.example');
    const guest = await staged('guest@outside.example');
    const friend = await staged('friend@elsewhere.example');
    await optOutOfEmail(forum.ctx.db, friend.id, topicId);
    await emailLevel(carol, 2); // never

    const res = await preview(alice, `topic_id=${topicId}`);
    expect(res.status).toBe(200);
    expect(who(res)).toEqual([
      ['bob', 'email_preference'],
      [guest.username, 'by_email'],
    ]);
    expect(res.json.email_preview.users[1]).toMatchObject({ id: guest.id, staged: true, via_group: null });
    expect(res.json.email_preview.opted_out).toEqual([expect.objectContaining({ id: friend.id })]);
    expect(res.json.email_preview.emails).toEqual([]);
    expect(res.raw.body).not.toMatch(/outside\.example|elsewhere\.example/);

    // Bob's "only when away" is shown as such; Alice (a participant) is in Bob's preview.
    await emailLevel(bob, 1);
    expect(who(await preview(alice, `topic_id=${topicId}`))).toContainEqual(['bob', 'when_away']);
    expect(who(await preview(bob, `topic_id=${topicId}`))).toEqual([
      ['alice', 'email_preference'],
      [guest.username, 'by_email'],
    ]);

    // The preview is what posting does: the same people get a notification email queued (the
    // opted-out address too, whose email is then skipped at delivery: first-contact.test.ts).
    await emailLevel(bob, 0);
    const shown = (await preview(alice, `topic_id=${topicId}`)).json.email_preview;
    const expected = [...shown.users, ...shown.opted_out].map((u: { id: number }) => u.id);
    const reply = await forum
      .as(alice)
      .post('/posts.json', { topic_id: topicId, raw: 'One more detail on it.' });
    expect(reply.status).toBe(200);
    expect(await queuedEmailUserIds(reply.json.id)).toEqual([...expected].sort((a, b) => a - b));
  });

  it('leaves out a participant who muted the conversation', async () => {
    const topicId = await sendPm(alice, 'bob,guest@outside.example');
    await forum.ctx.db
      .updateTable('topic_users')
      .set({ notification_level: 0 })
      .where('topic_id', '=', topicId)
      .where('user_id', '=', bob.id)
      .execute();
    expect(who(await preview(alice, `topic_id=${topicId}`)).map(([u]) => u)).not.toContain('bob');
  });

  it("says when a group's own mailbox carries the reply to the participants", async () => {
    const sam = await forum.user({ username: 'sam' });
    const support = await forum.group('support', { members: [sam] });
    await forum.ctx.db
      .updateTable('groups')
      .set({
        smtp_enabled: 1,
        smtp_server: '127.0.0.1',
        smtp_port: 2525,
        smtp_ssl_mode: 0,
        email_username: 'help@shop.test',
        email_password: 'secret',
      })
      .where('id', '=', support.id)
      .execute();
    await forum.setting('enable_smtp', 'true');
    const topicId = await sendPm(alice, 'support,guest@outside.example');
    const guest = await staged('guest@outside.example');
    const res = await preview(sam, `topic_id=${topicId}`);
    expect(res.json.email_preview.users).toEqual([
      expect.objectContaining({ username: 'alice', reason: 'group_mailbox' }),
      expect.objectContaining({ id: guest.id, staged: true, reason: 'group_mailbox' }),
    ]);
    expect(res.raw.body).not.toMatch(/outside\.example|shop\.test|secret/);
  });

  it('is refused to the anonymous and hidden from anyone who cannot read the PM', async () => {
    const topicId = await sendPm(alice, 'bob,guest@outside.example');
    expect((await preview(null, `topic_id=${topicId}`)).status).toBe(403);
    const outsider = await forum.user({ username: 'outsider' });
    const hidden = await preview(outsider, `topic_id=${topicId}`);
    expect(hidden.status).toBe(404);
    expect((await preview(outsider, 'topic_id=999999')).raw.body).toBe(hidden.raw.body);
  });
});

describe('GET /foyer/email-preview.json for a new message', () => {
  it("lists a group's members by their group level and email setting, when the sender may see them", async () => {
    const sam = await forum.user({ username: 'sam' });
    const tom = await forum.user({ username: 'tom' });
    const una = await forum.user({ username: 'una' });
    const support = await forum.group('support', { members: [sam, tom, una] });
    await forum.ctx.db
      .updateTable('group_users')
      .set({ notification_level: 1 })
      .where('group_id', '=', support.id)
      .where('user_id', '=', tom.id)
      .execute();
    await emailLevel(una, 2);

    const res = await preview(alice, 'target_recipients=support');
    expect(res.status).toBe(200);
    expect(res.json.email_preview.users).toEqual([
      expect.objectContaining({ username: 'sam', reason: 'email_preference', via_group: 'support' }),
    ]);
    expect(res.json.email_preview.hidden_groups).toEqual([]);

    // Members hidden from the sender: the group is named, its members are not.
    await forum.ctx.db
      .updateTable('groups')
      .set({ members_visibility_level: 2 })
      .where('id', '=', support.id)
      .execute();
    const hiddenMembers = await preview(alice, 'target_recipients=support');
    expect(hiddenMembers.json.email_preview.users).toEqual([]);
    expect(hiddenMembers.json.email_preview.hidden_groups).toEqual([{ id: support.id, name: 'support' }]);
    // A member sees the others.
    expect(who(await preview(tom, 'target_recipients=support'))).toEqual([['sam', 'email_preference']]);
  });

  it('echoes typed addresses the same way whether they have an account, are staged, or are new', async () => {
    const owner = await forum.user({ username: 'owner', email: 'taken@example.net' });
    await emailLevel(owner, 2);
    await sendPm(alice, 'known-guest@example.net'); // now a staged user
    const answers = [];
    for (const address of ['taken@example.net', 'known-guest@example.net', 'nobody@example.net']) {
      const res = await preview(alice, `target_recipients=bob,${encodeURIComponent(address)}`);
      expect(res.status).toBe(200);
      expect(res.json.email_preview.emails).toEqual([address]);
      answers.push(JSON.stringify({ ...res.json.email_preview, emails: [] }));
    }
    expect(new Set(answers).size).toBe(1);
    expect(JSON.parse(answers[0]!).users).toEqual([expect.objectContaining({ username: 'bob' })]);
  });

  it('refuses what sending would refuse, and asks for one of topic_id or target_recipients', async () => {
    const unknown = await preview(alice, 'target_recipients=no_such_person');
    expect(unknown.status).toBe(422);
    const closed = await forum.group('closed', { messageableLevel: 0 });
    const notMessageable = await preview(bob, `target_recipients=${closed.name}`);
    expect(notMessageable.status).toBe(422);
    const neither = await preview(alice, '');
    expect(neither.status).toBe(400);
    expect(neither.json.errors[0]).toMatch(/topic_id .* or target_recipients/);
    expect((await preview(alice, 'topic_id=1&target_recipients=bob')).status).toBe(400);
    expect((await preview(alice, 'topic_id=abc')).status).toBe(400);
  });
});
