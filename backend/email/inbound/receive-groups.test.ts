// Email into a group inbox and the people on it (behaviour.md §1.2 C2/C4/C6, §3.5, §4.1,
// §6 C 40–46, D 47–52, 55–56).
import { describe, expect, it } from 'vitest';
import { DEFAULT_TITLE } from './group-message';
import { STAGED_CAP_NOTE } from './participants-from-email';
import { inboundDb } from './types';
import { fixtureWith, receive, receiverTest, userByEmail } from './test-support';
import { userEmailJobPayloads } from '../../testing/queued-emails';

const t = receiverTest();

const db = () => t.forum.ctx.db;
const byEmail = (email: string) => userByEmail(t.forum, email);
const tau = async (topicId: number) =>
  (
    await db().selectFrom('topic_allowed_users').select('user_id').where('topic_id', '=', topicId).execute()
  ).map((r) => r.user_id);
const smallActions = async (topicId: number) =>
  await db()
    .selectFrom('posts')
    .select(['action_code', 'user_id', 'post_type'])
    .where('topic_id', '=', topicId)
    .where('post_type', '!=', 1)
    .execute();

describe('new group messages (D 47)', () => {
  it('stages an unknown sender by display name and creates a PM for the group (encoded_display_name)', async () => {
    const { outcome } = await receive(t.forum, 'encoded_display_name');
    expect(outcome.status).toBe('processed');
    const staged = await byEmail('random.name@bar.ru');
    expect(staged).toMatchObject({ staged: 1, active: 0, name: 'Случайная Имя' });
    const topic = await db()
      .selectFrom('topics')
      .selectAll()
      .where('id', '=', outcome.topicId ?? 0)
      .executeTakeFirstOrThrow();
    expect(topic).toMatchObject({ archetype: 'private_message', title: 'I need help', user_id: staged?.id });
    expect(await tau(topic.id)).toEqual([staged?.id]);
    const tag = await db()
      .selectFrom('topic_allowed_groups')
      .select('group_id')
      .where('topic_id', '=', topic.id)
      .execute();
    expect(tag).toEqual([{ group_id: t.world.group.id }]);
    const group = await db()
      .selectFrom('groups')
      .select('has_messages')
      .where('id', '=', t.world.group.id)
      .executeTakeFirst();
    expect(group?.has_messages).toBe(1);
  });

  it('titles a message without a subject "This topic needs a title" (no_subject)', async () => {
    const { outcome } = await receive(t.forum, 'no_subject');
    const topic = await db()
      .selectFrom('topics')
      .select('title')
      .where('id', '=', outcome.topicId ?? 0)
      .executeTakeFirst();
    expect(topic?.title).toBe(DEFAULT_TITLE);
  });

  it('posts as the existing account when the sender has one (group_existing_user)', async () => {
    const { post } = await receive(t.forum, 'group_existing_user');
    expect(post?.user_id).toBe(t.world.existing.id);
  });

  it('rejects group mail as a bad destination when email_in is off (D 52)', async () => {
    await t.forum.setting('email_in', 'false');
    const { outcome } = await receive(t.forum, 'encoded_display_name');
    expect(outcome).toMatchObject({ status: 'rejected', errorCode: 'email_bad_destination' });
    expect(await byEmail('random.name@bar.ru')).toBeUndefined();
  });
});

describe('threading into a group PM (D 48–50, 56)', () => {
  it('threads replies by In-Reply-To and References and adds the Cc people (email_reply_1..4)', async () => {
    const first = await receive(t.forum, 'email_reply_1');
    expect(first.outcome.status).toBe('processed');
    const topicId = first.outcome.topicId ?? 0;
    for (const name of ['email_reply_2', 'email_reply_3', 'email_reply_4']) {
      const { outcome } = await receive(t.forum, name);
      expect(outcome, name).toMatchObject({ status: 'processed', topicId });
    }
    const regular = await db()
      .selectFrom('posts')
      .select('id')
      .where('topic_id', '=', topicId)
      .where('post_type', '=', 1)
      .execute();
    expect(regular).toHaveLength(4);
    const two = await byEmail('two@foo.com');
    const three = await byEmail('three@foo.com');
    expect(await tau(topicId)).toEqual(expect.arrayContaining([two?.id, three?.id]));
  });

  it('starts a new PM for a new subject without In-Reply-To (D 49)', async () => {
    const first = await receive(t.forum, 'email_reply_1');
    const other = await receive(t.forum, 'group_existing_user');
    expect(other.outcome.topicId).not.toBe(first.outcome.topicId);
  });

  it('starts a new PM for a stranger replying into the thread unless the group allows it (D 50, C6)', async () => {
    const first = await receive(t.forum, 'email_reply_1');
    const stranger = fixtureWith('email_reply_staged', { '<35@foo.bar.mail>': '<350@foo.bar.mail>' });
    const separate = await receive(t.forum, stranger);
    expect(separate.outcome.topicId).not.toBe(first.outcome.topicId);

    await inboundDb(db())
      .updateTable('groups')
      .set({ allow_unknown_sender_topic_replies: 1 })
      .where('id', '=', t.world.group.id)
      .execute();
    const joined = await receive(
      t.forum,
      fixtureWith('email_reply_staged', { '<35@foo.bar.mail>': '<351@foo.bar.mail>' }),
    );
    expect(joined.outcome.topicId).toBe(first.outcome.topicId);
    const staged = await byEmail('staged@foo.com');
    expect(await tau(first.outcome.topicId ?? 0)).toContain(staged?.id);
  });

  it('brings a group-archived PM back to the inbox on a new email (D 56)', async () => {
    const first = await receive(t.forum, 'email_reply_1');
    const topicId = first.outcome.topicId ?? 0;
    await db()
      .insertInto('group_archived_messages')
      .values({ group_id: t.world.group.id, topic_id: topicId, created_at: new Date().toISOString() })
      .execute();
    await receive(t.forum, 'email_reply_2');
    expect(
      await db()
        .selectFrom('group_archived_messages')
        .select('topic_id')
        .where('topic_id', '=', topicId)
        .execute(),
    ).toHaveLength(0);
  });
});

describe('people on the email (C 40–45)', () => {
  it('stages unknown Cc addresses, adds them watching with "invited" small actions, skips our addresses (cc, C 40–41)', async () => {
    const { outcome } = await receive(t.forum, 'cc');
    const topicId = outcome.topicId ?? 0;
    const someone = await byEmail('someone@else.com');
    const wat = await byEmail('wat@bar.com');
    expect(someone).toMatchObject({ staged: 1 });
    expect(wat).toMatchObject({ staged: 1 });
    const sender = await byEmail('discourse@bar.com');
    expect((await tau(topicId)).sort()).toEqual([sender?.id, someone?.id, wat?.id].sort());
    const actions = await smallActions(topicId);
    expect(actions.map((a) => a.action_code).sort()).toEqual(
      [`invited_user:${someone?.username}`, `invited_user:${wat?.username}`].sort(),
    );
    expect(actions.every((a) => a.user_id === sender?.id)).toBe(true);
    // Our reply address and the group address never become users (C 41).
    expect(await byEmail('team@bar.com')).toBeUndefined();
    const level = await db()
      .selectFrom('topic_users')
      .select('notification_level')
      .where('user_id', '=', wat?.id ?? 0)
      .where('topic_id', '=', topicId)
      .executeTakeFirst();
    expect(level?.notification_level).toBe(3);
  });

  it('does not add a member of a group that is already in the PM (C 42)', async () => {
    const member = await t.forum.user({ username: 'member', email: 'wat@bar.com' });
    await db()
      .insertInto('group_users')
      .values({
        group_id: t.world.group.id,
        user_id: member.id,
        owner: 0,
        notification_level: 3,
        created_at: new Date().toISOString(),
      })
      .execute();
    const { outcome } = await receive(t.forum, 'cc');
    expect(await tau(outcome.topicId ?? 0)).not.toContain(member.id);
  });

  it('caps staged users per email with one moderator note (C 43)', async () => {
    await t.forum.setting('maximum_staged_users_per_email', '1');
    const { outcome } = await receive(t.forum, 'cc');
    const topicId = outcome.topicId ?? 0;
    expect(await byEmail('someone@else.com')).toBeDefined();
    expect(await byEmail('wat@bar.com')).toBeUndefined();
    const notes = await db()
      .selectFrom('posts')
      .select('raw')
      .where('topic_id', '=', topicId)
      .where('post_type', '=', 2)
      .execute();
    expect(notes).toEqual([{ raw: STAGED_CAP_NOTE }]);
  });

  it('rejects an email with more recipients than allowed and creates nothing (C 44)', async () => {
    await t.forum.setting('maximum_recipients_per_new_group_email', '2');
    const { outcome, record } = await receive(t.forum, 'cc');
    expect(outcome).toMatchObject({ status: 'rejected', errorCode: 'email_too_many_recipients' });
    expect(record?.rejection_message).toContain('the limit is 2');
    expect(await byEmail('someone@else.com')).toBeUndefined();
  });

  it('does not email the post to people who were on the email (C 45)', async () => {
    const carol = await t.forum.user({ username: 'carol', email: 'carol@bar.com' });
    const raw = fixtureWith('text_reply', { 'To: reply+': 'Cc: carol@bar.com\nTo: reply+' });
    await t.forum.as(t.world.author).post(`/t/${t.world.topic.id}/invite.json`, { user: 'carol' });
    const { post } = await receive(t.forum, raw);
    const targets = (await userEmailJobPayloads<{ postId?: number; userId?: number }>(db())).filter(
      (p) => p.postId === post?.id,
    );
    expect(targets.map((t) => t.userId)).not.toContain(carol.id);
    expect(targets.map((t) => t.userId)).toContain(t.world.author.id);
  });
});
