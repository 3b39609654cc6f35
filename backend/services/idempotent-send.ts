// Exactly-once sends for clients that retry (an outbox replaying after a lost connection):
// POST /posts.json with an Idempotency-Key. The key is stored in the same transaction as the
// post, under a unique (user, key) index, so of two concurrent sends with one key only one can
// commit; the other, and every later retry within 24 hours, gets the first post back. The same
// key with a different message is refused rather than silently answered with the old one.
import { createHash } from 'node:crypto';
import type { Post, Topic, User } from '../db/schema';
import { DomainError } from '../../shared/domain/errors';
import type { ForumContext } from './context';
import { createPost, type CreatePostInput } from './create-post';

const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;

export function idempotencyKey(value: unknown): string {
  if (typeof value !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(value))
    throw new DomainError('invalid_parameters', {
      detail: 'Idempotency-Key must be 1–255 printable characters without spaces (a UUID is ideal).',
    });
  return value;
}

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
  ].map((v) => (v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v)));
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

async function earlierSend(ctx: ForumContext, user: User, key: string, hash: string) {
  const cutoff = new Date(Date.now() - KEY_LIFETIME_MS).toISOString();
  const row = await ctx.db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('user_id', '=', user.id)
    .where('key', '=', key)
    .where('created_at', '>', cutoff)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.request_hash !== hash) throw new DomainError('idempotency_key_reused');
  const post = await ctx.db.selectFrom('posts').selectAll().where('id', '=', row.post_id).executeTakeFirst();
  const topic =
    post &&
    (await ctx.db.selectFrom('topics').selectAll().where('id', '=', post.topic_id).executeTakeFirst());
  if (!post || !topic) throw new DomainError('post_not_found');
  return { post, topic };
}

function isKeyConflict(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return err.code === 'SQLITE_CONSTRAINT_UNIQUE' && Boolean(err.message?.includes('idempotency_keys'));
}

export async function createPostOnce(
  ctx: ForumContext,
  actor: User,
  key: string,
  input: CreatePostInput,
): Promise<{ topic: Topic; post: Post; replayed: boolean }> {
  const hash = requestHash(input);
  const before = await earlierSend(ctx, actor, key, hash);
  if (before) return { ...before, replayed: true };
  try {
    const result = await createPost(ctx, actor, input, async (db, { post }) => {
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
          post_id: post.id,
          created_at: now.toISOString(),
        })
        .execute();
    });
    return { ...result, replayed: false };
  } catch (e) {
    if (!isKeyConflict(e)) throw e;
    // Another request with this key committed first: answer with its post.
    const winner = await earlierSend(ctx, actor, key, hash);
    if (!winner) throw e;
    return { ...winner, replayed: true };
  }
}
