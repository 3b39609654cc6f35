// Starts a topic in a category (POST /posts.json without archetype private_message): the
// category given as `category` (Uncategorized when none), which the actor must see and hold full
// permission in (category-guardian.ts); Discourse's title and first-post minimums; its tags
// (topic-tags.ts). Staged people start topics only by email (category-destination.ts), never
// through the API.
import { DomainError } from '../../shared/domain/errors';
import { findCategoryById, UNCATEGORIZED_CATEGORY_ID } from '../categories/categories-repository';
import type { Category, Post, Topic, User } from '../db/schema';
import { canCreateTopicInCategory, canSeeCategory } from '../policy/category-guardian';
import { insertCategoryTopic } from '../posts/insert-pm-topic';
import { publishPost } from '../posts/post-writer';
import type { ForumContext } from './context';
import type { InTransaction } from './send-private-message';
import { validatePostBody, validateTitle } from './post-validation';
import { toPositiveInt } from './reply-to-topic';
import { checkTopicTags, writeNewTopicTags } from './topic-tags';

export interface CreateTopicInput {
  title: unknown;
  raw: unknown;
  category?: unknown;
  /** Tag names (topic-tags.ts); none when absent. */
  tags?: unknown;
}

async function chosenCategory(ctx: ForumContext, actor: User, value: unknown): Promise<Category> {
  const id =
    value === undefined || value === null || value === ''
      ? UNCATEGORIZED_CATEGORY_ID
      : toPositiveInt(value, 'category');
  const category = await findCategoryById(ctx.db, id);
  // A category the actor may not see is reported like one that does not exist.
  if (!category || !(await canSeeCategory(ctx.db, actor, category)))
    throw new DomainError('invalid_parameters', {
      detail: `category ${id} does not exist; send the id of a category from /categories.json.`,
    });
  return category;
}

export async function createTopic(
  ctx: ForumContext,
  actor: User,
  input: CreateTopicInput,
  inTransaction?: InTransaction,
): Promise<{ topic: Topic; post: Post }> {
  if (actor.staged) throw new DomainError('invalid_access');
  const title = validateTitle(ctx.settings, input.title, 'topic');
  const raw = validatePostBody(ctx.settings, input.raw, 'first_post');
  const category = await chosenCategory(ctx, actor, input.category);
  if (!(await canCreateTopicInCategory(ctx.db, ctx.settings, actor, category)))
    throw new DomainError('category_topic_not_allowed', { name: category.name });
  const tags = await checkTopicTags(ctx, actor, input.tags, { privateMessage: false });
  return ctx.db.transaction().execute(async (db) => {
    const topic = await insertCategoryTopic(db, title, actor, category.id);
    // Before the first post is published: its notifications follow the tags' watchers.
    await writeNewTopicTags(db, topic, tags);
    const result = await publishPost(db, ctx.settings, { topic, author: actor, raw });
    await inTransaction?.(db, result);
    return result;
  });
}
