// The topic lists of categories and tags (Discourse's /latest, /c/{slug}/{id} and /tag/{name}):
// visible, undeleted topics the viewer may see, most recently bumped first, paged like the PM
// folders (keyset cursor when given, Discourse's page number otherwise; see message-lists.ts).
// PMs never appear here. Which topics a viewer may see is a TopicScope, built once per request
// from the categories they can see, so lists and tag counts apply the same rule as canSeeTopic.
import type { ExpressionBuilder } from 'kysely';
import type { CategoryListing } from '../categories/category-listing';
import { REGULAR_ARCHETYPE } from '../categories/categories-repository';
import type { Db } from '../db/database';
import type { Category, Database } from '../db/schema';
import { seesEveryTopicWith } from '../policy/category-guardian';
import { pageOfTopics, type ListCursor, type MessagePage } from './message-lists';

/** The regular topics a viewer may see: all of some categories, only their own in others. */
export interface TopicScope {
  categoryIds: number[];
  /** Read-restricted categories where a staged viewer sees only the topics they started (§5.5). */
  ownOnlyCategoryIds: number[];
  userId: number | null;
}

/** The scope of `categories` (all the viewer can see unless narrowed) for the listing's viewer. */
export function topicScopeOf(
  listing: CategoryListing,
  categories: readonly Category[] = listing.categories,
): TopicScope {
  const scope: TopicScope = {
    categoryIds: [],
    ownOnlyCategoryIds: [],
    userId: listing.viewer.user?.id ?? null,
  };
  for (const c of categories)
    (seesEveryTopicWith(listing.viewer, c, listing.rows.get(c.id) ?? [])
      ? scope.categoryIds
      : scope.ownOnlyCategoryIds
    ).push(c.id);
  return scope;
}

/** The condition on `topics` for a listable topic in the scope. */
export function inTopicScope(eb: ExpressionBuilder<Database, 'topics'>, scope: TopicScope) {
  const where = [];
  if (scope.categoryIds.length > 0) where.push(eb('topics.category_id', 'in', scope.categoryIds));
  if (scope.ownOnlyCategoryIds.length > 0 && scope.userId !== null)
    where.push(
      eb.and([
        eb('topics.category_id', 'in', scope.ownOnlyCategoryIds),
        eb('topics.user_id', '=', scope.userId),
      ]),
    );
  return eb.and([
    eb('topics.archetype', '=', REGULAR_ARCHETYPE),
    eb('topics.deleted_at', 'is', null),
    eb('topics.visible', '=', 1),
    // No category at all: an empty OR is false.
    eb.or(where),
  ]);
}

export async function listCategoryTopics(
  db: Db,
  scope: TopicScope,
  page: number,
  after?: ListCursor,
  opts: { tagId?: number } = {},
): Promise<MessagePage> {
  if (scope.categoryIds.length === 0 && scope.ownOnlyCategoryIds.length === 0)
    return { topics: [], more: false };
  const { tagId } = opts;
  let q = db
    .selectFrom('topics')
    .selectAll('topics')
    .where((eb) => inTopicScope(eb, scope));
  if (tagId !== undefined)
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('topic_tags')
          .select('topic_tags.id')
          .whereRef('topic_tags.topic_id', '=', 'topics.id')
          .where('topic_tags.tag_id', '=', tagId),
      ),
    );
  return pageOfTopics(q, page, after);
}
