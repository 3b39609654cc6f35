// The topic lists of categories (Discourse's /latest and /c/{slug}/{id}): visible, undeleted
// topics of the given categories, most recently bumped first, paged like the PM folders
// (keyset cursor when given, Discourse's page number otherwise; see message-lists.ts).
import type { Db } from '../db/database';
import { REGULAR_ARCHETYPE } from '../categories/categories-repository';
import { MESSAGES_PER_PAGE, type ListCursor, type MessagePage } from './message-lists';

export async function listCategoryTopics(
  db: Db,
  categoryIds: readonly number[],
  page: number,
  after?: ListCursor,
): Promise<MessagePage> {
  if (categoryIds.length === 0) return { topics: [], more: false };
  let q = db
    .selectFrom('topics')
    .selectAll('topics')
    .where('topics.archetype', '=', REGULAR_ARCHETYPE)
    .where('topics.deleted_at', 'is', null)
    .where('topics.visible', '=', 1)
    .where('topics.category_id', 'in', [...categoryIds]);
  if (after)
    q = q
      .where('topics.bumped_at', '<=', after.bumpedAt)
      .where((eb) => eb.or([eb('topics.bumped_at', '<', after.bumpedAt), eb('topics.id', '<', after.id)]));
  const rows = await q
    .orderBy('topics.bumped_at', 'desc')
    .orderBy('topics.id', 'desc')
    .limit(MESSAGES_PER_PAGE + 1)
    .offset(after ? 0 : page * MESSAGES_PER_PAGE)
    .execute();
  return { topics: rows.slice(0, MESSAGES_PER_PAGE), more: rows.length > MESSAGES_PER_PAGE };
}
