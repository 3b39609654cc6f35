// POST /posts.json as one use case, shared by the route and by scheduled sends: a reply when
// topic_id is given, a new PM for archetype private_message, otherwise a topic in a category. Publishing also drops the draft it came from (Discourse
// advances the draft sequence of draft_key, and of topic_<id> for a reply).
import type { Post, Topic, User } from '../db/schema';
import { DomainError } from '../../shared/domain/errors';
import type { ForumContext } from './context';
import { advanceDraftSequence, draftKey } from './drafts';
import { createTopic } from './create-topic';
import { checkTopicTags } from './topic-tags';
import { replyToTopic } from './reply-to-topic';
import { sendPrivateMessage, type InTransaction } from './send-private-message';

export interface CreatePostInput {
  title?: unknown;
  raw: unknown;
  archetype?: unknown;
  topicId?: unknown;
  replyToPostNumber?: unknown;
  targetRecipients?: unknown;
  targetUsernames?: unknown;
  targetEmails?: unknown;
  draftKey?: unknown;
  /** A regular topic's category id (Uncategorized when absent). */
  category?: unknown;
  /** A new topic's tag names; a reply ignores them, as Discourse does; a PM refuses them. */
  tags?: unknown;
}

const given = (v: unknown): boolean => v !== undefined && v !== null && v !== '';

export function isReply(input: Pick<CreatePostInput, 'topicId'>): boolean {
  return given(input.topicId);
}

export async function createPost(
  ctx: ForumContext,
  actor: User,
  input: CreatePostInput,
  inTransaction?: InTransaction,
): Promise<{ topic: Topic; post: Post }> {
  const key = given(input.draftKey) ? draftKey(input.draftKey) : undefined;
  const after: InTransaction = async (db, result) => {
    const keys = new Set<string>();
    if (key) keys.add(key);
    if (isReply(input)) keys.add(`topic_${result.topic.id}`);
    for (const k of keys) await advanceDraftSequence(db, actor.id, k);
    await inTransaction?.(db, result);
  };
  if (isReply(input)) {
    return replyToTopic(
      ctx,
      actor,
      { topicId: input.topicId, raw: input.raw, replyToPostNumber: input.replyToPostNumber },
      after,
    );
  }
  if (input.archetype === undefined || input.archetype === '' || input.archetype === 'regular') {
    return createTopic(
      ctx,
      actor,
      { title: input.title, raw: input.raw, category: input.category, tags: input.tags },
      after,
    );
  }
  if (input.archetype !== 'private_message') {
    throw new DomainError('invalid_parameters', {
      detail:
        'archetype must be "regular" (a topic in a category) or "private_message" (with target_recipients); send topic_id to reply.',
    });
  }
  await checkTopicTags(ctx, actor, input.tags, { privateMessage: true });
  return sendPrivateMessage(
    ctx,
    actor,
    {
      title: input.title,
      raw: input.raw,
      targetRecipients: input.targetRecipients,
      targetUsernames: input.targetUsernames,
      targetEmails: input.targetEmails,
    },
    after,
  );
}
