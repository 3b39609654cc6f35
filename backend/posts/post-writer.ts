// Writes a post into a topic: next post number, cooked HTML, topic and user counters,
// reply counts, and moving the PM back to every inbox that had archived it (§4.1); for PM
// posts also the notifications and emails. Callers run it inside their transaction.
import type { Db } from '../db/database';
import { NoResultError, sql, type Insertable } from 'kysely';
import type { Post, PostsTable, Topic, User } from '../db/schema';
import { runCached } from '../util/cached-query';
import { cookMarkdown } from '../cook/cook-markdown';
import { nowIso } from '../util/clock';
import { buildCookContext } from './cook-context';
import { excerptFromCooked } from '../cook/excerpt';
import { notifyNewPrivateMessagePost } from '../notifications/notify-post';
import { NOTIFICATION_REASONS, TOPIC_NOTIFICATION_LEVELS } from '../notifications/notification-types';
import { enqueuePostEmails } from '../email/outbound/enqueue-post-emails';
import type { SiteSettings } from '../settings/site-settings';
import { indexPost } from '../search/search-index';
import { recordLiveEvents } from '../live/record-event';
import { linkPostUploads } from '../uploads/link-post-uploads';
import { resolveShortUploadUrls } from '../uploads/short-url';
import { PM_ARCHETYPE } from '../policy/guardian';
import { notifyAndEmailTopicPost } from './publish-topic-post';

export const POST_TYPES = { regular: 1, moderator_action: 2, small_action: 3, whisper: 4 } as const;

export interface WritePostInput {
  topic: Topic;
  author: User;
  raw: string;
  replyToPostNumber?: number | null;
  postType?: number;
  actionCode?: string | null;
  viaEmail?: boolean;
  createdAt?: string;
  /** Default: createdAt. */
  updatedAt?: string;
  /** The Message-ID replies to emails about this post thread under (a post made from an email). */
  outboundMessageId?: string | null;
  /** `raw` already cooked (off the main thread, by the same cooker); cooked here when absent. */
  cooked?: string;
  /**
   * `topic` was read (or created) in this same transaction and its row not written since, so
   * it is not read again. (Were it stale after all, the next post number would collide with
   * an existing one and the unique (topic_id, post_number) index would refuse the insert.)
   */
  topicIsCurrent?: boolean;
}

export interface PublishPostInput extends WritePostInput {
  /**
   * People not to email about this post: they already have it (they were on the To/Cc of the
   * incoming email it came from, behaviour.md §3.5). They are still notified on the site.
   */
  excludeEmailUserIds?: number[];
  /**
   * False for a broadcast announcement: its organisers wrote it to many people at once and are
   * not notified of each copy in their group inbox (replies to it notify them as usual).
   */
  notifyGroupMembers?: boolean;
}

/**
 * Writes a post, notifies whoever should hear of it and enqueues their emails: the step shared
 * by new PMs and topics, replies and email replies. A PM notifies its participants; a topic in
 * a category its watchers and the person replied to (publish-topic-post.ts). Callers run it
 * inside their transaction, so the post, its notifications and its emails commit (or roll
 * back) together.
 */
export async function publishPost(
  db: Db,
  settings: SiteSettings,
  input: PublishPostInput,
): Promise<{ topic: Topic; post: Post }> {
  if (input.topic.archetype !== PM_ARCHETYPE) {
    const { post, topic, repliedToUserId } = await writePostAndTopic(db, input);
    await notifyAndEmailTopicPost(db, settings, {
      topic,
      post,
      author: input.author,
      repliedToUserId,
      excludeEmailUserIds: input.excludeEmailUserIds ?? [],
    });
    return { topic, post };
  }
  return publishPrivateMessagePost(db, settings, input);
}

/** publishPost for a PM: its participants are notified and emailed (§3.1). */
export async function publishPrivateMessagePost(
  db: Db,
  settings: SiteSettings,
  input: PublishPostInput,
): Promise<{ topic: Topic; post: Post }> {
  const { post, topic, repliedToUserId } = await writePostAndTopic(db, input);
  const notifiedUserIds = await notifyNewPrivateMessagePost(db, topic, post, input.author, {
    repliedToUserId,
    groupMembers: input.notifyGroupMembers ?? true,
  });
  await enqueuePostEmails(db, settings, {
    topic,
    post,
    author: input.author,
    notifiedUserIds,
    ...(input.excludeEmailUserIds ? { excludeUserIds: input.excludeEmailUserIds } : {}),
  });
  return { topic, post };
}

export function wordCount(raw: string): number {
  return raw.split(/\s+/).filter(Boolean).length;
}

export async function cook(db: Db, raw: string): Promise<string> {
  // Composers write Discourse's upload://… short URLs; readers fetch /uploads/….
  const resolved = resolveShortUploadUrls(raw);
  return cookMarkdown(resolved, await buildCookContext(db, resolved));
}

export async function writePost(db: Db, input: WritePostInput): Promise<Post> {
  return (await writePostAndTopic(db, input)).post;
}

/**
 * writePost, also returning the topic as it is after the post (read back by the same UPDATE)
 * and the author of the post replied to (undefined when not a reply), so publishing needs no
 * second look at either.
 */
async function writePostAndTopic(
  db: Db,
  input: WritePostInput,
): Promise<{ post: Post; topic: Topic; repliedToUserId: number | undefined }> {
  const now = input.createdAt ?? nowIso();
  const [topic] = input.topicIsCurrent
    ? [input.topic]
    : await runCached(
        db,
        'writePost:topic',
        (q, id: number) => q.selectFrom('topics').selectAll().where('id', '=', id),
        input.topic.id,
      );
  if (!topic) throw new NoResultError(db.selectFrom('topics').toOperationNode());
  const postNumber = topic.highest_post_number + 1;
  const postType = input.postType ?? POST_TYPES.regular;
  let replyTo = input.replyToPostNumber ?? null;
  let repliedToUserId: number | undefined;
  if (replyTo !== null) {
    // A reply to a post that does not exist (or was deleted) becomes a reply to the topic.
    const [target] = await runCached(
      db,
      'writePost:replyTarget',
      (q, topicId: number, number: number) =>
        q
          .selectFrom('posts')
          .select(['id', 'user_id'])
          .where('topic_id', '=', topicId)
          .where('post_number', '=', number)
          .where('deleted_at', 'is', null),
      topic.id,
      replyTo,
    );
    if (!target) replyTo = null;
    else repliedToUserId = target.user_id;
  }
  const regular = postType === POST_TYPES.regular;
  // Whether the author already counts as a participant (a regular post of theirs that is not
  // deleted): then the participant count cannot change and is not recounted.
  const alreadyParticipant =
    regular &&
    postNumber > 1 &&
    (
      await runCached(
        db,
        'writePost:authorPosted',
        (q, topicId: number, userId: number) =>
          q
            .selectFrom('posts')
            .select('id')
            .where('topic_id', '=', topicId)
            .where('user_id', '=', userId)
            .where('post_type', '=', POST_TYPES.regular)
            .where('deleted_at', 'is', null)
            // A literal: SQLite plans a bound LIMIT slower (measured ~8 µs a query here).
            .limit(sql.lit(1)),
        topic.id,
        input.author.id,
      )
    ).length > 0;
  const values: Insertable<PostsTable> = {
    topic_id: topic.id,
    user_id: input.author.id,
    post_number: postNumber,
    raw: input.raw,
    cooked: input.cooked ?? (await cook(db, input.raw)),
    post_type: postType,
    action_code: input.actionCode ?? null,
    reply_to_post_number: replyTo,
    reply_count: 0,
    quote_count: (input.raw.match(/\[quote=/gi) ?? []).length,
    word_count: wordCount(input.raw),
    version: 1,
    edit_reason: null,
    via_email: input.viaEmail ? 1 : 0,
    created_at: now,
    updated_at: input.updatedAt ?? now,
    deleted_at: null,
    deleted_by_id: null,
    outbound_message_id: input.outboundMessageId ?? null,
  };
  // Every column is in `values`, so the row is known but its id: reading it back whole
  // (RETURNING *) cost more than the insert.
  const [inserted] = await runCached(
    db,
    'writePost:insert',
    (q, v: Insertable<PostsTable>) => q.insertInto('posts').values(v).returning('id'),
    values,
  );
  if (!inserted) throw new NoResultError(db.insertInto('posts').toOperationNode());
  const post = { ...values, id: inserted.id } as Post;

  const participantCount = regular && !alreadyParticipant ? await countParticipants(db, topic.id) : undefined;
  const counted = participantCount !== undefined;
  const first = postNumber === 1;
  const delta = { posts: regular ? 1 : 0, replies: regular && !first ? 1 : 0, words: post.word_count };
  // The topic as this UPDATE leaves it, worked out from the row read above in this same
  // transaction (reading it back with RETURNING * cost more than the update). The counters
  // are still incremented in SQL, as before.
  const updated: Topic = {
    ...topic,
    highest_post_number: postNumber,
    posts_count: topic.posts_count + delta.posts,
    reply_count: topic.reply_count + delta.replies,
    word_count: topic.word_count + delta.words,
    last_posted_at: regular ? now : topic.last_posted_at,
    last_post_user_id: regular ? input.author.id : topic.last_post_user_id,
    bumped_at: regular ? now : topic.bumped_at,
    participant_count: participantCount ?? topic.participant_count,
    excerpt: first ? excerptFromCooked(post.cooked) : topic.excerpt,
    updated_at: now,
  };
  const [changed] = await runCached(
    db,
    `writePost:topicCounters:${counted}:${first}`,
    (q, t: Topic, d: typeof delta) =>
      q
        .updateTable('topics')
        .set((eb) => ({
          highest_post_number: t.highest_post_number,
          posts_count: eb('posts_count', '+', d.posts),
          reply_count: eb('reply_count', '+', d.replies),
          word_count: eb('word_count', '+', d.words),
          last_posted_at: t.last_posted_at,
          last_post_user_id: t.last_post_user_id,
          bumped_at: t.bumped_at,
          ...(counted ? { participant_count: t.participant_count } : {}),
          ...(first ? { excerpt: t.excerpt } : {}),
          updated_at: t.updated_at,
        }))
        .where('id', '=', t.id)
        .returning('id'),
    updated,
    delta,
  );
  if (!changed) throw new NoResultError(db.updateTable('topics').toOperationNode());
  if (replyTo !== null) {
    await runCached(
      db,
      'writePost:replyCount',
      (q, topicId: number, number: number) =>
        q
          .updateTable('posts')
          .set((eb) => ({ reply_count: eb('reply_count', '+', 1) }))
          .where('topic_id', '=', topicId)
          .where('post_number', '=', number),
      topic.id,
      replyTo,
    );
  }
  if (regular) {
    await runCached(
      db,
      'writePost:userLastPosted',
      (q, userId: number, at: string) =>
        q.updateTable('users').set({ last_posted_at: at }).where('id', '=', userId),
      input.author.id,
      now,
    );
    // Discourse: the author of a PM or a new topic watches it (reason created_topic); someone
    // replying in a topic tracks it (notification_level_when_replying, reason created_post).
    // A level the person already has is kept.
    const tracksOnly = topic.archetype !== PM_ARCHETYPE && postNumber > 1;
    await runCached(
      db,
      'writePost:topicUser',
      (q, userId: number, topicId: number, number: number, at: string, level: number, reason: number) =>
        q
          .insertInto('topic_users')
          .values({
            user_id: userId,
            topic_id: topicId,
            notification_level: level,
            notifications_reason_id: reason,
            posted: 1,
            last_read_post_number: number,
            first_visited_at: at,
            last_visited_at: at,
          })
          .onConflict((oc) =>
            oc
              .columns(['user_id', 'topic_id'])
              .doUpdateSet({ posted: 1, last_read_post_number: number, last_visited_at: at }),
          ),
      input.author.id,
      topic.id,
      postNumber,
      now,
      tracksOnly ? TOPIC_NOTIFICATION_LEVELS.tracking : TOPIC_NOTIFICATION_LEVELS.watching,
      tracksOnly ? NOTIFICATION_REASONS.created_post : NOTIFICATION_REASONS.created_topic,
    );
    if (postNumber > 1) await unarchiveForEveryone(db, topic.id);
  }
  // Every post, whoever wrote it (app, email, scheduled send), is searchable and announced
  // from here, in the writer's transaction.
  await indexPost(db, post, updated, input.author, { fresh: true });
  await linkPostUploads(db, post.id, input.author.id, post.raw);
  const where = {
    topicId: topic.id,
    postId: post.id,
    postNumber,
    staffOnly: postType === POST_TYPES.whisper,
  };
  await recordLiveEvents(db, [
    ...(first ? [{ type: 'topic_created' as const, ...where }] : []),
    { type: 'post_created', ...where },
  ]);
  return { post, topic: updated, repliedToUserId };
}

async function countParticipants(db: Db, topicId: number): Promise<number> {
  const row = await db
    .selectFrom('posts')
    .select((eb) => eb.fn.count<number>('user_id').distinct().as('n'))
    .where('topic_id', '=', topicId)
    .where('deleted_at', 'is', null)
    .where('post_type', '=', POST_TYPES.regular)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function refreshParticipantCount(db: Db, topicId: number): Promise<void> {
  const n = await countParticipants(db, topicId);
  await db.updateTable('topics').set({ participant_count: n }).where('id', '=', topicId).execute();
}

/** Any new post moves the PM back to the inbox of every user and group that archived it. */
export async function unarchiveForEveryone(db: Db, topicId: number): Promise<void> {
  // One look for either kind of archive first: most posts go to a PM nobody archived.
  const [archived] = await runCached(
    db,
    'unarchive:exists',
    (q, id: number) =>
      q.selectNoFrom((eb) => [
        eb
          .exists(eb.selectFrom('user_archived_messages').select('topic_id').where('topic_id', '=', id))
          .as('by_user'),
        eb
          .exists(eb.selectFrom('group_archived_messages').select('topic_id').where('topic_id', '=', id))
          .as('by_group'),
      ]),
    topicId,
  );
  if (!archived || archived.by_user)
    await db.deleteFrom('user_archived_messages').where('topic_id', '=', topicId).execute();
  if (!archived || archived.by_group)
    await db.deleteFrom('group_archived_messages').where('topic_id', '=', topicId).execute();
}
