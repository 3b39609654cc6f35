// Reply keys (behaviour.md §3.1, vocabulary): 32 lowercase hex characters naming one
// (post, recipient) pair, created on the first email about the post to that person and
// reused for every later one, so any copy of the email can be replied to.
import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/database';
import { nowIso } from '../../util/clock';

export function newHexKey(): string {
  return randomBytes(16).toString('hex');
}

export async function getOrCreateReplyKey(db: Db, postId: number, userId: number): Promise<string> {
  const existing = await findReplyKey(db, postId, userId);
  if (existing) return existing;
  // Insert-or-keep: the (post, user) unique constraint decides if two senders race.
  await db
    .insertInto('post_reply_keys')
    .values({ post_id: postId, user_id: userId, reply_key: newHexKey(), created_at: nowIso() })
    .onConflict((oc) => oc.columns(['post_id', 'user_id']).doNothing())
    .execute();
  const key = await findReplyKey(db, postId, userId);
  if (!key) throw new Error(`reply key for post ${postId} and user ${userId} was not stored`);
  return key;
}

export async function findReplyKey(db: Db, postId: number, userId: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('post_reply_keys')
    .select('reply_key')
    .where('post_id', '=', postId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.reply_key;
}
