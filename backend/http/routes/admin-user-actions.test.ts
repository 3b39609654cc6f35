// Staff controls over staged users (behaviour.md §5.6): finding them, their email history,
// merging two that are one person, anonymizing and deleting — through the API, with replies
// received by the real receiver. Each response is checked against Discourse's spec where it
// has the operation.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../db/schema';
import { receiveEmail } from '../../email/inbound/receive-email';
import { testCategory } from '../../testing/category-fixtures';
import { assertMatchesSpec } from '../../testing/discourse-spec';
import { startTestForum, type TestForum } from '../../testing/forum-fixture';
import { enableReplyByEmail, pmWithReplyKey, replyEmail, type ReplyTarget } from '../../testing/reply-emails';

let forum: TestForum;
let alice: User;
beforeEach(async () => {
  forum = await startTestForum();
  await enableReplyByEmail(forum.ctx);
  alice = await forum.user({ username: 'alice', trustLevel: 4, email: 'alice@x.org' });
});
afterEach(async () => {
  await forum.destroy();
});

const db = () => forum.ctx.db;

/** A PM from alice to `email` and that person's reply to it by email. */
async function conversation(email: string, title: string): Promise<ReplyTarget & { replyPostId: number }> {
  const target = await pmWithReplyKey(forum.ctx, alice, { email }, title);
  const mail = replyEmail({
    from: `Guest <${email}>`,
    to: target.recipient.replyTo,
    subject: `Re: ${title}`,
    body: `My answer about ${title}.`,
  });
  const outcome = await receiveEmail(forum.ctx, Buffer.from(mail.raw), { source: 'handle_mail' });
  expect(outcome.status, JSON.stringify(outcome)).toBe('processed');
  return { ...target, replyPostId: outcome.postId! };
}

async function row(id: number) {
  return db().selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

describe('finding staged users (GET /admin/users/list/staged.json)', () => {
  it('searches by part of a username, name or address with filter', async () => {
    await conversation('gail.guest@x.org', 'Meetup venue');
    await forum.stagedUser('other@y.org');
    const list = async (q: string) => {
      const res = await forum.as('admin').get(`/admin/users/list/staged.json?${q}`);
      expect(res.status).toBe(200);
      return res.json as Array<{ username: string; email?: string }>;
    };
    const gail = await list('filter=GAIL&show_emails=true');
    await assertMatchesSpec('adminListUsers', gail);
    expect(gail.map((u) => u.email)).toEqual(['gail.guest@x.org']);
    expect((await list('filter=y.org&show_emails=true')).map((u) => u.email)).toEqual(['other@y.org']);
    expect(await list('filter=nobody-like-this')).toEqual([]);
    // Staged users never appear in the other lists, whatever the filter.
    expect((await forum.as('admin').get('/admin/users/list/active.json?filter=gail')).json).toEqual([]);
  });
});

describe("a staged user's email history", () => {
  it('lists what was sent to them, what they sent, and what was rejected, by user_id', async () => {
    const { recipient } = await conversation('gail@x.org', 'Meetup venue');
    const gail = recipient.user;
    await forum.jobs.drain(new Date(Date.now() + 3_600_000));
    // A reply with a key that is not hers is rejected, and recorded against her.
    const other = await pmWithReplyKey(forum.ctx, alice, { email: 'hank@x.org' }, 'Another matter');
    const stolen = replyEmail({
      from: 'gail@x.org',
      to: other.recipient.replyTo,
      body: 'Answering for Hank.',
    });
    const rejected = await receiveEmail(forum.ctx, Buffer.from(stolen.raw), { source: 'handle_mail' });
    expect(rejected.status).toBe('rejected');

    const history = async (list: string) => {
      const res = await forum.as('admin').get(`/admin/email/${list}.json?user_id=${gail.id}`);
      expect(res.status).toBe(200);
      return res.json as Array<Record<string, unknown>>;
    };
    expect((await history('skipped')).concat(await history('sent')).concat(await history('pending'))).toEqual(
      [
        expect.objectContaining({
          to_address: 'gail@x.org',
          email_type: 'user_private_message',
          user_id: gail.id,
        }),
      ],
    );
    expect((await history('received')).map((r) => [r.from_address, r.error])).toEqual([['gail@x.org', null]]);
    expect((await history('rejected')).map((r) => r.from_address)).toEqual(['gail@x.org']);
    expect((await forum.as('alice').get(`/admin/email/received.json?user_id=${gail.id}`)).status).toBe(403);
  });
});

describe('merging two staged users (POST /admin/users/{id}/merge.json)', () => {
  it('moves posts, PMs, reply keys, incoming emails and notifications, and deletes the source', async () => {
    const a = await conversation('gail@home.org', 'First thread');
    const b = await conversation('gail@work.org', 'Second thread');
    const target = a.recipient.user;
    const source = b.recipient.user;
    await db()
      .insertInto('notifications')
      .values({
        notification_type: 6,
        user_id: source.id,
        topic_id: b.topicId,
        post_number: 1,
        data: '{}',
        read: 0,
        high_priority: 1,
        created_at: new Date().toISOString(),
        updated_at: new Date().toISOString(),
      })
      .execute();
    const res = await forum.as('admin').post(`/admin/users/${source.id}/merge.json`, {
      target_username: target.username,
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ success: 'OK', merged_into: target.username });
    expect(await row(source.id)).toBeUndefined();

    const of = async (
      table: 'posts' | 'topic_allowed_users' | 'post_reply_keys' | 'incoming_emails' | 'notifications',
    ) =>
      (await db().selectFrom(table).select('user_id').execute()).filter((r) => r.user_id === target.id)
        .length;
    expect(await of('posts')).toBe(2);
    expect(await of('topic_allowed_users')).toBe(2);
    expect(await of('post_reply_keys')).toBe(2);
    expect(await of('incoming_emails')).toBe(2);
    expect(await of('notifications')).toBeGreaterThanOrEqual(1);
    const emails = await db()
      .selectFrom('user_emails')
      .select(['email', 'primary'])
      .where('user_id', '=', target.id)
      .orderBy('primary', 'desc')
      .execute();
    expect(emails).toEqual([
      { email: 'gail@home.org', primary: 1 },
      { email: 'gail@work.org', primary: 0 },
    ]);
    // A later reply from the merged address, with its old key, lands as the target.
    const late = replyEmail({
      from: 'gail@work.org',
      to: b.recipient.replyTo,
      body: 'One more thing from work.',
    });
    const outcome = await receiveEmail(forum.ctx, Buffer.from(late.raw), { source: 'handle_mail' });
    expect(outcome.status).toBe('processed');
    const post = await db()
      .selectFrom('posts')
      .select('user_id')
      .where('id', '=', outcome.postId!)
      .executeTakeFirst();
    expect(post?.user_id).toBe(target.id);
    const log = await db()
      .selectFrom('user_histories')
      .selectAll()
      .where('action', '=', 'merge_user')
      .execute();
    expect(log).toEqual([expect.objectContaining({ target_user_id: target.id })]);
  });

  it('keeps what the merged address followed: watched categories and tags', async () => {
    await forum.setting('allow_changing_staged_user_tracking', 'true');
    const a = await conversation('gail@home.org', 'First thread');
    const b = await conversation('gail@work.org', 'Second thread');
    const target = a.recipient.user;
    const source = b.recipient.user;
    const news = await testCategory(forum, { name: 'News' });
    const events = await testCategory(forum, { name: 'Events' });
    const tagged = await forum.as('admin').post('/posts.json', {
      title: 'Workshop dates for the spring',
      raw: 'The spring workshop runs in April.',
      category: events.id,
      tags: ['conference'],
    });
    expect(tagged.status, JSON.stringify(tagged.json)).toBe(200);
    const watch = (user: User, fields: Record<string, unknown>) =>
      forum.as('admin').put(`/u/${user.username}.json`, fields);
    expect((await watch(target, { watched_category_ids: [news.id] })).status).toBe(200);
    const res = await watch(source, {
      watched_category_ids: [news.id, events.id],
      watched_tags: ['conference'],
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);

    const merged = await forum.as('admin').post(`/admin/users/${source.id}/merge.json`, {
      target_username: target.username,
    });
    expect(merged.status, JSON.stringify(merged.json)).toBe(200);
    const watched = await db()
      .selectFrom('category_users')
      .select('category_id')
      .where('user_id', '=', target.id)
      .where('notification_level', '=', 3)
      .orderBy('category_id')
      .execute();
    expect(watched.map((r) => r.category_id)).toEqual([news.id, events.id].sort((x, y) => x - y));
    const tags = await db()
      .selectFrom('tag_users')
      .innerJoin('tags', 'tags.id', 'tag_users.tag_id')
      .select('tags.name')
      .where('tag_users.user_id', '=', target.id)
      .execute();
    expect(tags).toEqual([{ name: 'conference' }]);
  });

  it('is for admins, and never merges into or out of an admin or the same account', async () => {
    const a = await forum.stagedUser('a@x.org');
    const b = await forum.stagedUser('b@x.org');
    const mod = await forum.user({ username: 'mod', moderator: true });
    expect(
      (await forum.as(mod).post(`/admin/users/${b.id}/merge.json`, { target_username: a.username })).status,
    ).toBe(403);
    expect(
      (await forum.as('alice').post(`/admin/users/${b.id}/merge.json`, { target_username: a.username }))
        .status,
    ).toBe(403);
    await forum.user({ username: 'boss', admin: true });
    const intoAdmin = await forum
      .as('admin')
      .post(`/admin/users/${b.id}/merge.json`, { target_username: 'boss' });
    expect(intoAdmin.status).toBe(403);
    expect(intoAdmin.json.errors[0]).toMatch(/it is an admin/);
    expect(
      (await forum.as('admin').post(`/admin/users/${b.id}/merge.json`, { target_username: b.username }))
        .status,
    ).toBe(400);
    expect((await forum.as('admin').post(`/admin/users/${b.id}/merge.json`, {})).status).toBe(400);
    expect(
      (await forum.as('admin').post(`/admin/users/${b.id}/merge.json`, { target_username: 'nobody-here' }))
        .status,
    ).toBe(404);
    const detail = await forum.as('admin').get(`/admin/users/${b.id}.json`);
    await assertMatchesSpec('adminGetUser', detail.json);
    expect(detail.json).toMatchObject({ can_be_merged: true, can_be_anonymized: true, can_be_deleted: true });
    const adminDetail = await forum.as(mod).get(`/admin/users/${(await row(1))!.id}.json`);
    expect(adminDetail.json).toMatchObject({ can_be_merged: false, can_be_deleted: false });
  });
});

describe('anonymizing (PUT /admin/users/{id}/anonymize.json)', () => {
  it('removes the name, addresses and stored mail of a staged user and keeps the posts', async () => {
    const { recipient, replyPostId } = await conversation('gail@x.org', 'Meetup venue');
    const res = await forum.as('admin').put(`/admin/users/${recipient.user.id}/anonymize.json`);
    expect(res.status).toBe(200);
    await assertMatchesSpec('anonymizeUser', res.json);
    expect(res.json.username).toMatch(/^anon[0-9a-f]{8}$/);
    const user = (await row(recipient.user.id))!;
    expect(user).toMatchObject({ username: res.json.username, name: null, staged: 1 });
    const emails = await db()
      .selectFrom('user_emails')
      .select('email')
      .where('user_id', '=', user.id)
      .execute();
    expect(emails).toEqual([{ email: `${res.json.username}@anonymized.invalid` }]);
    const mail = await db()
      .selectFrom('incoming_emails')
      .innerJoin('incoming_email_raws', 'incoming_email_raws.incoming_email_id', 'incoming_emails.id')
      .select(['incoming_email_raws.raw', 'incoming_emails.from_address'])
      .where('incoming_emails.user_id', '=', user.id)
      .execute();
    expect(mail).toEqual([{ raw: '', from_address: `${res.json.username}@anonymized.invalid` }]);
    const everything = JSON.stringify(await db().selectFrom('email_logs').selectAll().execute());
    expect(everything).not.toContain('gail@x.org');
    const post = await db()
      .selectFrom('posts')
      .select('user_id')
      .where('id', '=', replyPostId)
      .executeTakeFirst();
    expect(post?.user_id).toBe(user.id);
    const mod = await forum.user({ username: 'mod', moderator: true });
    expect((await forum.as('admin').put(`/admin/users/${mod.id}/anonymize.json`)).status).toBe(403);
    expect((await forum.as('alice').put(`/admin/users/${user.id}/anonymize.json`)).status).toBe(403);
  });
});

describe('deleting (DELETE /admin/users/{id}.json)', () => {
  it('keeps the posts of a deleted staged user, attributed to the system user', async () => {
    const { recipient, topicId, replyPostId } = await conversation('gail@x.org', 'Meetup venue');
    const res = await forum.as('admin').delete(`/admin/users/${recipient.user.id}.json`, {
      delete_posts: false,
      block_email: true,
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    await assertMatchesSpec('deleteUser', res.json);
    expect(res.json).toEqual({ deleted: true });
    expect(await row(recipient.user.id)).toBeUndefined();
    const topic = await forum.as(alice).get(`/t/${topicId}.json`);
    expect(topic.status).toBe(200);
    const reply = topic.json.post_stream.posts.find((p: { id: number }) => p.id === replyPostId);
    expect(reply).toMatchObject({ username: 'system', cooked: expect.stringContaining('My answer') });
    const screened = await db().selectFrom('screened_emails').select(['email', 'action']).execute();
    expect(screened).toEqual([{ email: 'gail@x.org', action: 'block' }]);
    // The address is free again: mailing it stages a new person, who starts with nothing.
    const again = await pmWithReplyKey(forum.ctx, alice, { email: 'gail@x.org' }, 'Starting over');
    expect(again.recipient.user.id).not.toBe(recipient.user.id);
  });

  it('deletes the posts too with delete_posts, and refuses admins and non-staff', async () => {
    const { recipient, replyPostId } = await conversation('gail@x.org', 'Meetup venue');
    expect((await forum.as('alice').delete(`/admin/users/${recipient.user.id}.json`, {})).status).toBe(403);
    const res = await forum.as('admin').delete(`/admin/users/${recipient.user.id}.json?delete_posts=true`);
    expect(res.status).toBe(200);
    const post = await db()
      .selectFrom('posts')
      .selectAll()
      .where('id', '=', replyPostId)
      .executeTakeFirstOrThrow();
    expect(post.deleted_at).not.toBeNull();
    expect(post.user_id).toBe(-1);
    const other = await forum.user({ username: 'other_admin', admin: true });
    expect((await forum.as('admin').delete(`/admin/users/${other.id}.json`, {})).status).toBe(403);
    expect((await forum.as('admin').delete('/admin/users/999999.json', {})).status).toBe(404);
  });
});
