// Exactly-once sends for clients that retry (an outbox replaying after a lost connection):
// POST /posts.json and POST /foyer/scheduled-posts.json with an Idempotency-Key. The key is
// stored in the same transaction as what the request created (a post or a scheduled post), under
// a unique (user, key) index, so of two concurrent requests with one key only one can commit;
// the other, and every later retry within 24 hours, gets the first result back. The same key
// with a different request is refused rather than silently answered with the old result.
import { createHash } from 'node:crypto';
import type { Db } from '../db/database';
import type { Post, ScheduledPost, Topic, User } from '../db/schema';
import { DomainError } from '../../shared/domain/errors';
import type { ForumContext } from './context';
import { createPost, type CreatePostInput } from './create-post';
import { schedulePost, type ScheduleInput } from './scheduled-posts';

const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;

export function idempotencyKey(value: unknown): string {
  if (typeof value !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(value))
    throw new DomainError('invalid_parameters', {
      detail: 'Idempotency-Key must be 1–255 printable characters without spaces (a UUID is ideal).',
    });
  return value;
}

const field = (v: unknown): string =>
  v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v);

/** What makes "the same message": the fields that decide what gets posted and where. */
export function requestHash(input: CreatePostInput): string {
  const fields = [
    input.title,
    input.raw,
    input.archetype,
    input.topicId,
    input.replyToPostNumber,
    input.targetRecipients,
    input.targetUsernames,
    input.targetEmails,
    // Only when given, so keys stored before tags existed keep their hash.
    ...(input.tags === undefined ? [] : [input.tags]),
  ].map(field);
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

/** The same message for later: the post's fields plus when, marked so a key never crosses kinds. */
function scheduleHash(input: ScheduleInput): string {
  return createHash('sha256')
    .update(JSON.stringify(['schedule', field(input.sendAt), requestHash(input)]))
    .digest('hex');
}

/** What a key stands for once its request succeeded. */
type KeyTarget = { post_id: number } | { scheduled_post_id: number };
type KeyRow = { post_id: number | null; scheduled_post_id: number | null };

async function earlierRequest(ctx: ForumContext, user: User, key: string, hash: string) {
  const cutoff = new Date(Date.now() - KEY_LIFETIME_MS).toISOString();
  const row = await ctx.db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'post_id', 'scheduled_post_id'])
    .where('user_id', '=', user.id)
    .where('key', '=', key)
    .where('created_at', '>', cutoff)
    .executeTakeFirst();
  if (row && row.request_hash !== hash) throw new DomainError('idempotency_key_reused');
  return row;
}

function isKeyConflict(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return err.code === 'SQLITE_CONSTRAINT_UNIQUE' && Boolean(err.message?.includes('idempotency_keys'));
}

/**
 * Runs `create` once per (user, key, request): `create` gets a `remember` step to call inside its
 * own transaction with what it wrote; `replay` turns an earlier request's row into its result.
 */
async function onceByKey<T>(
  ctx: ForumContext,
  actor: User,
  key: string,
  hash: string,
  create: (remember: (db: Db, target: KeyTarget) => Promise<void>) => Promise<T>,
  replay: (row: KeyRow) => Promise<T>,
): Promise<T & { replayed: boolean }> {
  const before = await earlierRequest(ctx, actor, key, hash);
  if (before) return { ...(await replay(before)), replayed: true };
  const remember = async (db: Db, target: KeyTarget) => {
    const now = new Date();
    // A key older than its lifetime may be used again: the old row makes way.
    await db
      .deleteFrom('idempotency_keys')
      .where('user_id', '=', actor.id)
      .where('created_at', '<=', new Date(now.getTime() - KEY_LIFETIME_MS).toISOString())
      .execute();
    await db
      .insertInto('idempotency_keys')
      .values({
        user_id: actor.id,
        key,
        request_hash: hash,
        post_id: null,
        scheduled_post_id: null,
        ...target,
        created_at: now.toISOString(),
      })
      .execute();
  };
  try {
    return { ...(await create(remember)), replayed: false };
  } catch (e) {
    if (!isKeyConflict(e)) throw e;
    // Another request with this key committed first: answer with its result.
    const winner = await earlierRequest(ctx, actor, key, hash);
    if (!winner) throw e;
    return { ...(await replay(winner)), replayed: true };
  }
}

export async function createPostOnce(
  ctx: ForumContext,
  actor: User,
  key: string,
  input: CreatePostInput,
): Promise<{ topic: Topic; post: Post; replayed: boolean }> {
  return onceByKey(
    ctx,
    actor,
    key,
    requestHash(input),
    (remember) => createPost(ctx, actor, input, (db, { post }) => remember(db, { post_id: post.id })),
    async (row) => {
      const post =
        row.post_id === null
          ? undefined
          : await ctx.db.selectFrom('posts').selectAll().where('id', '=', row.post_id).executeTakeFirst();
      const topic =
        post &&
        (await ctx.db.selectFrom('topics').selectAll().where('id', '=', post.topic_id).executeTakeFirst());
      if (!post || !topic) throw new DomainError('post_not_found');
      return { post, topic };
    },
  );
}

/**
 * Send later, once per key. A retry gets the scheduled post as it is now (still scheduled, sent
 * or failed); one cancelled since answers "not found" rather than scheduling the message again.
 */
export async function schedulePostOnce(
  ctx: ForumContext,
  actor: User,
  key: string,
  input: ScheduleInput,
): Promise<{ scheduledPost: ScheduledPost; replayed: boolean }> {
  return onceByKey(
    ctx,
    actor,
    key,
    scheduleHash(input),
    async (remember) => ({
      scheduledPost: await schedulePost(ctx, actor, input, (db, row) =>
        remember(db, { scheduled_post_id: row.id }),
      ),
    }),
    async (row) => {
      const scheduledPost =
        row.scheduled_post_id === null
          ? undefined
          : await ctx.db
              .selectFrom('scheduled_posts')
              .selectAll()
              .where('id', '=', row.scheduled_post_id)
              .where('user_id', '=', actor.id)
              .executeTakeFirst();
      if (!scheduledPost) throw new DomainError('scheduled_post_not_found');
      return { scheduledPost };
    },
  );
}
