// Replies (POST /posts.json with topic_id): the actor must see the topic and may post there — a
// PM's participants, in a category those with full or create_post permission — and it must be
// open; then one transaction writes the post and notifies whoever should hear of it.
import type { Post, Topic, User } from '../db/schema';
import { DomainError } from '../../shared/domain/errors';
import { findCategoryById, UNCATEGORIZED_CATEGORY_ID } from '../categories/categories-repository';
import { canCreatePostOnTopic, PM_ARCHETYPE } from '../policy/guardian';
import { publishPost } from '../posts/post-writer';
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
  const replyTo =
    input.replyToPostNumber === undefined ||
    input.replyToPostNumber === null ||
    input.replyToPostNumber === ''
      ? null
      : toPositiveInt(input.replyToPostNumber, 'reply_to_post_number');
  const topic = await loadVisibleTopic(ctx.db, actor, topicId);
  const isPm = topic.archetype === PM_ARCHETYPE;
  const raw = validatePostBody(ctx.settings, input.raw, isPm ? 'pm' : 'reply');
  if (!isPm && (actor.staged || !(await canCreatePostOnTopic(ctx.db, actor, topic)))) {
    const category = await findCategoryById(ctx.db, topic.category_id ?? UNCATEGORIZED_CATEGORY_ID);
    throw new DomainError('category_post_not_allowed', { name: category?.name ?? 'Uncategorized' });
  }
  if ((topic.closed || topic.archived) && !isStaff(actor)) throw new DomainError('topic_closed');
  return ctx.db.transaction().execute(async (db) => {
    const result = await publishPost(db, ctx.settings, {
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
