// A person's notification level per category (Discourse's category_users, behaviour.md §1.3,
// §5.5, §6 G 78): set one category's level (POST /category/{id}/notifications), or replace the
// whole set at one level as PUT /u/{username}.json's watched_category_ids and friends do
// (CategoryUser.batch_set). A staged person's levels change only while
// allow_changing_staged_user_tracking is on (Guardian#can_change_tracking_preferences?).
import { DomainError } from '../../shared/domain/errors';
import { CATEGORY_NOTIFICATION_LEVELS } from '../categories/categories-repository';
import { findIn, loadCategoryListing } from '../categories/category-listing';
import type { Db } from '../db/database';
import type { User } from '../db/schema';
import type { SiteSettings } from '../settings/site-settings';
import { isStaff } from '../users/users-repository';
import type { ForumContext } from './context';

const LEVEL_BY_NAME: Record<string, number> = CATEGORY_NOTIFICATION_LEVELS;

/** The user fields of PUT /u/{username}.json that set a level, as Discourse's UserUpdater::CATEGORY_IDS. */
export const CATEGORY_LEVEL_FIELDS = {
  watched_category_ids: CATEGORY_NOTIFICATION_LEVELS.watching,
  tracked_category_ids: CATEGORY_NOTIFICATION_LEVELS.tracking,
  watched_first_post_category_ids: CATEGORY_NOTIFICATION_LEVELS.watching_first_post,
  regular_category_ids: CATEGORY_NOTIFICATION_LEVELS.regular,
  muted_category_ids: CATEGORY_NOTIFICATION_LEVELS.muted,
} as const;

export type CategoryLevelField = keyof typeof CATEGORY_LEVEL_FIELDS;

/** Guardian#can_edit_user?: the person themself or staff. */
export function canEditUser(actor: User, user: User): boolean {
  return actor.id === user.id || isStaff(actor);
}

/** Guardian#can_change_tracking_preferences?. */
export function canChangeTracking(settings: SiteSettings, actor: User, user: User): boolean {
  return canEditUser(actor, user) && (!user.staged || settings.bool('allow_changing_staged_user_tracking'));
}

export function parseLevel(value: unknown): number {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d$/.test(value.trim())
        ? Number(value)
        : typeof value === 'string'
          ? (LEVEL_BY_NAME[value.trim()] ?? NaN)
          : NaN;
  if (!Object.values(CATEGORY_NOTIFICATION_LEVELS).includes(n as never))
    throw new DomainError('invalid_parameters', {
      detail:
        'notification_level must be 0 (muted), 1 (regular), 2 (tracking), 3 (watching) or 4 (watching first post).',
    });
  return n;
}

async function upsertLevel(db: Db, userId: number, categoryId: number, level: number): Promise<void> {
  await db
    .insertInto('category_users')
    .values({ user_id: userId, category_id: categoryId, notification_level: level })
    .onConflict((oc) => oc.columns(['category_id', 'user_id']).doUpdateSet({ notification_level: level }))
    .execute();
}

/** POST /category/{id}/notifications: the actor's own level in a category they can see. */
export async function setCategoryLevel(ctx: ForumContext, actor: User, categoryId: number, level: unknown) {
  const wanted = parseLevel(level);
  const listing = await loadCategoryListing(ctx.db, actor, { counts: false });
  const category = findIn(listing, categoryId);
  if (!category) throw new DomainError('category_not_found');
  await upsertLevel(ctx.db, actor.id, category.id, wanted);
}

/** Category ids as clients send them: a JSON array, "1,2", repeated form fields, or [""] for none. */
export function categoryIdList(value: unknown, field: string): number[] {
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) =>
    typeof v === 'number' ? [String(v)] : typeof v === 'string' ? v.split(',') : [v],
  );
  const ids: number[] = [];
  for (const p of parts) {
    if (typeof p === 'string' && p.trim() === '') continue;
    if (typeof p !== 'string' || !/^\d+$/.test(p.trim()))
      throw new DomainError('invalid_parameters', { detail: `${field} must be a list of category ids.` });
    if (!ids.includes(Number(p))) ids.push(Number(p));
  }
  return ids;
}

/**
 * CategoryUser.batch_set for each field given: the listed categories get that level, and the
 * person's other categories at that level go back to the default. Categories the actor cannot
 * see are refused by id, like categories that do not exist.
 */
export async function setCategoryLevels(
  ctx: ForumContext,
  actor: User,
  user: User,
  fields: Partial<Record<CategoryLevelField, number[]>>,
): Promise<void> {
  const listing = await loadCategoryListing(ctx.db, actor, { counts: false });
  for (const [field, ids] of Object.entries(fields))
    for (const id of ids)
      if (!findIn(listing, id))
        throw new DomainError('invalid_parameters', {
          detail: `${field} names category ${id}, which does not exist; use ids from /categories.json.`,
        });
  await ctx.db.transaction().execute(async (db) => {
    for (const [field, ids] of Object.entries(fields) as Array<[CategoryLevelField, number[]]>) {
      const level = CATEGORY_LEVEL_FIELDS[field];
      let stale = db
        .deleteFrom('category_users')
        .where('user_id', '=', user.id)
        .where('notification_level', '=', level);
      if (ids.length > 0) stale = stale.where('category_id', 'not in', ids);
      await stale.execute();
      for (const id of ids) await upsertLevel(db, user.id, id, level);
    }
  });
}

/** The ids at each level, for getUser's *_category_ids fields. */
export async function categoryLevelLists(
  db: Db,
  userId: number,
): Promise<Record<CategoryLevelField, number[]>> {
  const rows = await db
    .selectFrom('category_users')
    .select(['category_id', 'notification_level'])
    .where('user_id', '=', userId)
    .orderBy('category_id')
    .execute();
  const out = Object.fromEntries(
    Object.keys(CATEGORY_LEVEL_FIELDS).map((f) => [f, [] as number[]]),
  ) as Record<CategoryLevelField, number[]>;
  for (const [field, level] of Object.entries(CATEGORY_LEVEL_FIELDS) as Array<[CategoryLevelField, number]>)
    out[field] = rows.filter((r) => r.notification_level === level).map((r) => r.category_id);
  return out;
}
