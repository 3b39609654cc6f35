// Writes a post into a topic: next post number, cooked HTML, topic and user counters,
// reply counts, and moving the PM back to every inbox that had archived it (§4.1); for PM
// posts also the notifications and emails. Callers run it inside their transaction.
import type { Db } from '../db/database';
import type { Post, Topic, User } from '../db/schema';
import { cookMarkdown } from '../cook/cook-markdown';
import { nowIso } from '../util/clock';
import { buildCookContext } from './cook-context';
import { excerptFromCooked } from '../cook/excerpt';
import { notifyNewPrivateMessagePost } from '../notifications/notify-post';
import { enqueuePostEmails } from '../email/outbound/enqueue-post-emails';
import type { SiteSettings } from '../settings/site-settings';

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
}

export interface PublishPostInput extends WritePostInput {
  /**
   * People not to email about this post: they already have it (they were on the To/Cc of the
   * incoming email it came from, behaviour.md §3.5). They are still notified on the site.
   */
  excludeEmailUserIds?: number[];
}

/**
 * Writes a PM post, notifies its participants and enqueues their emails: the step shared by
 * new PMs, replies and email replies. Callers run it inside their transaction, so the post,
 * its notifications and its emails commit (or roll back) together.
 */
export async function publishPrivateMessagePost(
  db: Db,
  settings: SiteSettings,
  input: PublishPostInput,
): Promise<{ topic: Topic; post: Post }> {
  const post = await writePost(db, input);
  const topic = await db
    .selectFrom('topics')
    .selectAll()
    .where('id', '=', input.topic.id)
    .executeTakeFirstOrThrow();
  const notifiedUserIds = await notifyNewPrivateMessagePost(db, topic, post, input.author);
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
  return cookMarkdown(raw, await buildCookContext(db, raw));
}

export async function writePost(db: Db, input: WritePostInput): Promise<Post> {
  const now = input.createdAt ?? nowIso();
  const topic = await db
    .selectFrom('topics')
    .selectAll()
    .where('id', '=', input.topic.id)
    .executeTakeFirstOrThrow();
  const postNumber = topic.highest_post_number + 1;
  const postType = input.postType ?? POST_TYPES.regular;
  let replyTo = input.replyToPostNumber ?? null;
  if (replyTo !== null) {
    // A reply to a post that does not exist (or was deleted) becomes a reply to the topic.
    const target = await db
      .selectFrom('posts')
      .select('id')
      .where('topic_id', '=', topic.id)
      .where('post_number', '=', replyTo)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!target) replyTo = null;
  }
  const post = await db
    .insertInto('posts')
    .values({
      topic_id: topic.id,
      user_id: input.author.id,
      post_number: postNumber,
      raw: input.raw,
      cooked: await cook(db, input.raw),
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
      updated_at: now,
      deleted_at: null,
      deleted_by_id: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();

  const regular = postType === POST_TYPES.regular;
  await db
    .updateTable('topics')
    .set((eb) => ({
      highest_post_number: postNumber,
      posts_count: regular ? eb('posts_count', '+', 1) : eb.ref('posts_count'),
      reply_count: regular && postNumber > 1 ? eb('reply_count', '+', 1) : eb.ref('reply_count'),
      word_count: eb('word_count', '+', post.word_count),
      last_posted_at: regular ? now : eb.ref('last_posted_at'),
      last_post_user_id: regular ? input.author.id : eb.ref('last_post_user_id'),
      bumped_at: regular ? now : eb.ref('bumped_at'),
      ...(postNumber === 1 ? { excerpt: excerptFromCooked(post.cooked) } : {}),
      updated_at: now,
    }))
    .where('id', '=', topic.id)
    .execute();
  if (replyTo !== null) {
    await db
      .updateTable('posts')
      .set((eb) => ({ reply_count: eb('reply_count', '+', 1) }))
      .where('topic_id', '=', topic.id)
      .where('post_number', '=', replyTo)
      .execute();
  }
  if (regular) {
    await db.updateTable('users').set({ last_posted_at: now }).where('id', '=', input.author.id).execute();
    await db
      .insertInto('topic_users')
      .values({
        user_id: input.author.id,
        topic_id: topic.id,
        notification_level: 3,
        notifications_reason_id: 1,
        posted: 1,
        last_read_post_number: postNumber,
        first_visited_at: now,
        last_visited_at: now,
      })
      .onConflict((oc) =>
        oc
          .columns(['user_id', 'topic_id'])
          .doUpdateSet({ posted: 1, last_read_post_number: postNumber, last_visited_at: now }),
      )
      .execute();
    await refreshParticipantCount(db, topic.id);
    if (postNumber > 1) await unarchiveForEveryone(db, topic.id);
  }
  return post;
}

export async function refreshParticipantCount(db: Db, topicId: number): Promise<void> {
  const row = await db
    .selectFrom('posts')
    .select((eb) => eb.fn.count<number>('user_id').distinct().as('n'))
    .where('topic_id', '=', topicId)
    .where('deleted_at', 'is', null)
    .where('post_type', '=', POST_TYPES.regular)
    .executeTakeFirst();
  await db
    .updateTable('topics')
    .set({ participant_count: Number(row?.n ?? 0) })
    .where('id', '=', topicId)
    .execute();
}

/** Any new post moves the PM back to the inbox of every user and group that archived it. */
export async function unarchiveForEveryone(db: Db, topicId: number): Promise<void> {
  await db.deleteFrom('user_archived_messages').where('topic_id', '=', topicId).execute();
  await db.deleteFrom('group_archived_messages').where('topic_id', '=', topicId).execute();
}
