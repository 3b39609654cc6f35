// Replies in a PM (POST /posts.json with topic_id): the actor must see the PM, it must be
// open, then one transaction writes the post and notifies participants.
import type { Post, Topic, User } from '../db/schema';
import { DomainError } from '../../shared/domain/errors';
import { PM_ARCHETYPE } from '../policy/guardian';
import { publishPrivateMessagePost } from '../posts/post-writer';
import { isStaff } from '../users/users-repository';
import type { ForumContext } from './context';
import { validatePostBody } from './post-validation';
import { loadVisibleTopic } from './topic-access';
import type { InTransaction } from './send-private-message';

export interface ReplyInput {
  topicId: unknown;
  raw: unknown;
  replyToPostNumber?: unknown;
}

export async function replyToTopic(
  ctx: ForumContext,
  actor: User,
  input: ReplyInput,
  inTransaction?: InTransaction,
): Promise<{ topic: Topic; post: Post }> {
  const topicId = toPositiveInt(input.topicId, 'topic_id');
  const raw = validatePostBody(ctx.settings, input.raw);
  const replyTo =
    input.replyToPostNumber === undefined ||
    input.replyToPostNumber === null ||
    input.replyToPostNumber === ''
      ? null
      : toPositiveInt(input.replyToPostNumber, 'reply_to_post_number');
  const topic = await loadVisibleTopic(ctx.db, actor, topicId);
  if (topic.archetype !== PM_ARCHETYPE) throw new DomainError('not_a_private_message');
  if ((topic.closed || topic.archived) && !isStaff(actor)) throw new DomainError('topic_closed');
  return ctx.db.transaction().execute(async (db) => {
    const result = await publishPrivateMessagePost(db, ctx.settings, {
      topic,
      author: actor,
      raw,
      replyToPostNumber: replyTo,
    });
    await inTransaction?.(db, result);
    return result;
  });
}

export function toPositiveInt(value: unknown, field: string): number {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d+$/.test(value.trim())
        ? Number(value)
        : NaN;
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new DomainError('invalid_parameters', { detail: `${field} must be a positive whole number.` });
  return n;
}
