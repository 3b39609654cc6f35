// The review queue over HTTP (Discourse's /review routes): staff list what waits, approve (the
// post is published, notified and emailed) or reject it (nothing is posted); everyone else is
// refused as Discourse refuses them. Emails are queued by the real receiver.
import { describe, expect, it } from 'vitest';
import { REVIEWABLE_STATUS } from '../../email/inbound/review-queue';
import { fixtureWith, receive, receiverTest } from '../../email/inbound/test-support';
import { userEmailJobPayloads } from '../../testing/queued-emails';

const t = receiverTest();
const db = () => t.forum.ctx.db;

/** Spam-flagged mail from a registered user to the team: queued as a new topic. */
async function queuedTopic(messageId = '<32@foo.bar.mail>'): Promise<number> {
  await t.forum.setting('email_in_spam_header', 'X-Spam-Flag');
  const { outcome } = await receive(
    t.forum,
    fixtureWith('spam_x_spam_flag', {
      'To: category@bar.com': 'To: team@bar.com',
      '<32@foo.bar.mail>': messageId,
    }),
  );
  expect(outcome.status).toBe('held');
  const row = await db()
    .selectFrom('reviewables')
    .select('id')
    .where('incoming_email_id', '=', outcome.incomingEmailId)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Post emails waiting in the job queue for one post. */
async function emailsAbout(postId: number): Promise<number[]> {
  return (await userEmailJobPayloads<{ kind?: string; postId?: number; userId?: number }>(db()))
    .filter((p) => p.kind === 'post' && p.postId === postId)
    .map((p) => p.userId ?? 0);
}

describe('GET /review.json', () => {
  it('lists pending queued posts for staff, as Discourse shapes them', async () => {
    const id = await queuedTopic();
    for (const who of ['admin', await t.forum.user({ username: 'mod', moderator: true })]) {
      const res = await t.forum.as(who).get('/review.json');
      expect(res.status).toBe(200);
      expect(res.json.reviewables).toHaveLength(1);
      expect(res.json.reviewables[0]).toMatchObject({
        id,
        type: 'ReviewableQueuedPost',
        status: 0,
        reason: 'email_spam',
        topic_id: null,
        created_by_id: t.world.existing.id,
        target_created_by_id: t.world.existing.id,
        version: 0,
        payload: {
          title: 'This is a topic from an existing user',
          raw: expect.stringContaining('Hey, this is a topic from an existing user'),
          via_email: true,
        },
      });
      expect(res.json.reviewables[0].bundled_actions.map((a: { id: string }) => a.id)).toEqual([
        'approve_post',
        'reject_post',
      ]);
      expect(res.json.users).toEqual([
        expect.objectContaining({ id: t.world.existing.id, username: 'existing' }),
      ]);
      expect(res.json.meta).toMatchObject({
        total_rows_reviewables: 1,
        reviewable_types: ['ReviewableQueuedPost'],
      });
    }
    const one = await t.forum.as('admin').get(`/review/${id}.json`);
    expect(one.status).toBe(200);
    expect(one.json.reviewable).toMatchObject({ id, status: 0 });
  });

  it('refuses the queue to everyone but staff (403) and hides single items (404)', async () => {
    const id = await queuedTopic();
    const member = await t.forum.user({ username: 'plain' });
    expect((await t.forum.as(member).get('/review.json')).status).toBe(403);
    expect((await t.forum.as(null).get('/review.json')).status).toBe(403);
    expect((await t.forum.as(member).get(`/review/${id}.json`)).status).toBe(404);
    const approve = await t.forum.as(member).put(`/review/${id}/perform/approve_post.json`, {});
    expect(approve.status).toBe(404);
    expect((await t.forum.as(null).put(`/review/${id}/perform/reject_post.json`, {})).status).toBe(403);
    const row = await db().selectFrom('reviewables').select('status').where('id', '=', id).executeTakeFirst();
    expect(row?.status).toBe(REVIEWABLE_STATUS.pending);
  });

  it('says which status values exist when given another', async () => {
    const res = await t.forum.as('admin').get('/review.json?status=waiting');
    expect(res.status).toBe(400);
    expect(res.json.errors[0]).toMatch(/status must be one of pending, approved/);
  });
});

describe('PUT /review/{id}/perform/{action}.json', () => {
  it('approving publishes the queued topic, notifies and emails the group, and closes the item', async () => {
    const id = await queuedTopic();
    const res = await t.forum.as('admin').put(`/review/${id}/perform/approve_post.json`, { version: 0 });
    expect(res.status).toBe(200);
    const result = res.json.reviewable_perform_result;
    expect(result).toMatchObject({
      success: true,
      transition_to: 'approved',
      transition_to_id: 1,
      version: 1,
    });
    const post = await db()
      .selectFrom('posts')
      .selectAll()
      .where('id', '=', result.created_post_id)
      .executeTakeFirstOrThrow();
    expect(post).toMatchObject({
      user_id: t.world.existing.id,
      topic_id: result.created_post_topic_id,
      via_email: 1,
    });
    expect(post.raw).toContain('Hey, this is a topic from an existing user');
    const tag = await db()
      .selectFrom('topic_allowed_groups')
      .select('group_id')
      .where('topic_id', '=', post.topic_id)
      .execute();
    expect(tag).toEqual([{ group_id: t.world.group.id }]);
    // The team (alice is its member) hears about it as about any group message.
    const notified = await db()
      .selectFrom('notifications')
      .select('user_id')
      .where('topic_id', '=', post.topic_id)
      .execute();
    expect(notified.map((n) => n.user_id)).toContain(t.world.author.id);
    expect(await emailsAbout(post.id)).toContain(t.world.author.id);
    const record = await db()
      .selectFrom('incoming_emails')
      .select(['status', 'post_id'])
      .where('post_id', '=', post.id)
      .executeTakeFirst();
    expect(record).toEqual({ status: 'processed', post_id: post.id });
    expect((await t.forum.as('admin').get('/review.json')).json.reviewables).toEqual([]);
    const approved = await t.forum.as('admin').get('/review.json?status=approved');
    expect(approved.json.reviewables[0]).toMatchObject({
      id,
      status: 1,
      target_id: post.id,
      target_type: 'Post',
      topic_id: post.topic_id,
      target_url: expect.stringMatching(new RegExp(`/t/[^/]+/${post.topic_id}/1$`)),
    });
  });

  it('approving a queued reply posts it in its conversation and emails the participants', async () => {
    await t.forum.setting('email_in_spam_header', 'X-Spam-Status');
    const { outcome } = await receive(
      t.forum,
      fixtureWith('text_reply', {
        'Content-Type: text/plain': 'X-Spam-Status: Yes, score=9\nContent-Type: text/plain',
      }),
    );
    expect(outcome.status).toBe('held');
    const { id } = await db().selectFrom('reviewables').select('id').executeTakeFirstOrThrow();
    const res = await t.forum.as('admin').put(`/review/${id}/perform/approve_post.json`, {});
    expect(res.status).toBe(200);
    const post = await db()
      .selectFrom('posts')
      .selectAll()
      .where('id', '=', res.json.reviewable_perform_result.created_post_id)
      .executeTakeFirstOrThrow();
    expect(post).toMatchObject({
      topic_id: t.world.topic.id,
      user_id: t.world.replier.id,
      reply_to_post_number: 1,
    });
    expect(await emailsAbout(post.id)).toContain(t.world.author.id);
  });

  it('rejecting posts nothing and records the email as rejected; a second action or an old version is refused', async () => {
    const id = await queuedTopic();
    const stale = await t.forum.as('admin').put(`/review/${id}/perform/reject_post.json`, { version: 3 });
    expect(stale.status).toBe(409);
    const res = await t.forum.as('admin').put(`/review/${id}/perform/reject_post.json`, { version: 0 });
    expect(res.status).toBe(200);
    expect(res.json.reviewable_perform_result).toMatchObject({
      transition_to: 'rejected',
      transition_to_id: 2,
    });
    const row = await db()
      .selectFrom('reviewables')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: REVIEWABLE_STATUS.rejected, target_id: null });
    const record = await db()
      .selectFrom('incoming_emails')
      .select(['status', 'error', 'post_id'])
      .where('id', '=', row.incoming_email_id)
      .executeTakeFirst();
    expect(record).toEqual({ status: 'rejected', error: 'email_rejected_in_review', post_id: null });
    expect(
      await db()
        .selectFrom('topics')
        .select('id')
        .where('title', '=', 'This is a topic from an existing user')
        .execute(),
    ).toEqual([]);
    const again = await t.forum.as('admin').put(`/review/${id}/perform/approve_post.json`, {});
    expect(again.status).toBe(422);
    expect(again.json.errors[0]).toMatch(/already rejected/);
    const unknown = await t.forum.as('admin').put(`/review/${id}/perform/delete_user.json`, {});
    expect(unknown.status).toBe(400);
  });
});
