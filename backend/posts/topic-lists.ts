// The topic lists of categories (Discourse's /latest and /c/{slug}/{id}): visible, undeleted
// topics of the given categories, most recently bumped first, paged like the PM folders
// (keyset cursor when given, Discourse's page number otherwise; see message-lists.ts).
import type { Db } from '../db/database';
import { REGULAR_ARCHETYPE } from '../categories/categories-repository';
import { pageOfTopics, type ListCursor, type MessagePage } from './message-lists';

export async function listCategoryTopics(
  db: Db,
  categoryIds: readonly number[],
  page: number,
  after?: ListCursor,
): Promise<MessagePage> {
  if (categoryIds.length === 0) return { topics: [], more: false };
  const q = db
    .selectFrom('topics')
    .selectAll('topics')
    .where('topics.archetype', '=', REGULAR_ARCHETYPE)
    .where('topics.deleted_at', 'is', null)
    .where('topics.visible', '=', 1)
    .where('topics.category_id', 'in', [...categoryIds]);
  return pageOfTopics(q, page, after);
}
