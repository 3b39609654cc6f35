// A person's notification level per category (Discourse's category_users, behaviour.md §1.3,
// §5.5, §6 G 78): set one category's level (POST /category/{id}/notifications), or replace the
// whole set at one level as PUT /u/{username}.json's watched_category_ids and friends do
// (CategoryUser.batch_set). Who may change whose levels, and the writer itself, are shared with
// tag tracking (tracking-levels.ts).
import { DomainError } from '../../shared/domain/errors';
import { findIn, loadCategoryListing } from '../categories/category-listing';
import type { Db } from '../db/database';
import type { User } from '../db/schema';
import type { ForumContext } from './context';
import {
  batchSetLevels,
  byLevel,
  CATEGORY_LEVELS_TABLE,
  listParam,
  NOTIFICATION_LEVELS,
  parseLevel,
  upsertLevel,
} from './tracking-levels';

/** The user fields of PUT /u/{username}.json that set a level, as Discourse's UserUpdater::CATEGORY_IDS. */
export const CATEGORY_LEVEL_FIELDS = {
  watched_category_ids: NOTIFICATION_LEVELS.watching,
  tracked_category_ids: NOTIFICATION_LEVELS.tracking,
  watched_first_post_category_ids: NOTIFICATION_LEVELS.watching_first_post,
  regular_category_ids: NOTIFICATION_LEVELS.regular,
  muted_category_ids: NOTIFICATION_LEVELS.muted,
} as const;

export type CategoryLevelField = keyof typeof CATEGORY_LEVEL_FIELDS;

/** POST /category/{id}/notifications: the actor's own level in a category they can see. */
export async function setCategoryLevel(ctx: ForumContext, actor: User, categoryId: number, level: unknown) {
  const wanted = parseLevel(level);
  const listing = await loadCategoryListing(ctx.db, actor, { counts: false });
  const category = findIn(listing, categoryId);
  if (!category) throw new DomainError('category_not_found');
  await upsertLevel(ctx.db, CATEGORY_LEVELS_TABLE, actor.id, category.id, wanted);
}

/** Category ids as clients send them: a JSON array, "1,2", repeated form fields, or [""] for none. */
export function categoryIdList(value: unknown, field: string): number[] {
  const ids = listParam(value, field, 'category ids');
  if (ids.some((id) => !/^\d+$/.test(id)))
    throw new DomainError('invalid_parameters', { detail: `${field} must be a list of category ids.` });
  return [...new Set(ids.map(Number))];
}

/**
 * Checks the categories of each field given: categories the actor cannot see are refused by id,
 * like categories that do not exist. Returns the sets for setCategoryLevels.
 */
export async function resolveCategoryLevels(
  ctx: ForumContext,
  actor: User,
  fields: Partial<Record<CategoryLevelField, number[]>>,
): Promise<Array<{ level: number; itemIds: number[] }>> {
  if (Object.keys(fields).length === 0) return [];
  const listing = await loadCategoryListing(ctx.db, actor, { counts: false });
  return (Object.entries(fields) as Array<[CategoryLevelField, number[]]>).map(([field, ids]) => {
    for (const id of ids)
      if (!findIn(listing, id))
        throw new DomainError('invalid_parameters', {
          detail: `${field} names category ${id}, which does not exist; use ids from /categories.json.`,
        });
    return { level: CATEGORY_LEVEL_FIELDS[field], itemIds: ids };
  });
}

/** CategoryUser.batch_set for each resolved field; call inside a transaction. */
export async function setCategoryLevels(
  db: Db,
  user: User,
  sets: ReadonlyArray<{ level: number; itemIds: readonly number[] }>,
): Promise<void> {
  await batchSetLevels(db, CATEGORY_LEVELS_TABLE, user.id, sets);
}

/** The ids at each level, for getUser's *_category_ids fields. */
export async function categoryLevelLists(
  db: Db,
  userId: number,
): Promise<Record<CategoryLevelField, number[]>> {
  const rows = await db
    .selectFrom('category_users')
    .select(['category_id as item', 'notification_level as level'])
    .where('user_id', '=', userId)
    .orderBy('category_id')
    .execute();
  return byLevel(rows, CATEGORY_LEVEL_FIELDS);
}
