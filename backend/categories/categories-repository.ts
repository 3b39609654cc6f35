// Reading categories: by id and slug, their group permissions, their incoming addresses, the
// children of a parent and the topic counts lists show (counted when read, as one grouped query,
// so no counter can drift from the topics themselves).
import { sql } from 'kysely';
import type { Db } from '../db/database';
import type { Category } from '../db/schema';
import { runCached } from '../util/cached-query';

/** Discourse's Archetype.default: a topic in a category, as opposed to a personal message. */
export const REGULAR_ARCHETYPE = 'regular';

/** Discourse's uncategorized_category_id: the default category, seeded by migration 0008. */
export const UNCATEGORIZED_CATEGORY_ID = 1;

/** Discourse's CategoryGroup.permission_types. */
export const PERMISSION_TYPES = { full: 1, create_post: 2, readonly: 3 } as const;
export type PermissionType = (typeof PERMISSION_TYPES)[keyof typeof PERMISSION_TYPES];

/** Discourse's NotificationLevels.all, as category_users stores them. */
export const CATEGORY_NOTIFICATION_LEVELS = {
  muted: 0,
  regular: 1,
  tracking: 2,
  watching: 3,
  watching_first_post: 4,
} as const;

export interface CategoryGroupRow {
  group_id: number;
  permission_type: number;
}

export async function findCategoryById(db: Db, id: number): Promise<Category | undefined> {
  const [row] = await runCached(
    db,
    'categories:byId',
    (q, categoryId: number) => q.selectFrom('categories').selectAll().where('id', '=', categoryId),
    id,
  );
  return row;
}

/** Every category in Discourse's display order: position, then id. */
export async function allCategories(db: Db): Promise<Category[]> {
  return db.selectFrom('categories').selectAll().orderBy('position').orderBy('id').execute();
}

export async function categoryGroupRows(db: Db, categoryId: number): Promise<CategoryGroupRow[]> {
  return runCached(
    db,
    'categories:groupRows',
    (q, id: number) =>
      q
        .selectFrom('category_groups')
        .select(['group_id', 'permission_type'])
        .where('category_id', '=', id)
        .orderBy('group_id'),
    categoryId,
  );
}

/** category_groups of every category, keyed by category id (a category without rows is absent). */
export async function allCategoryGroupRows(db: Db): Promise<Map<number, CategoryGroupRow[]>> {
  const rows = await db
    .selectFrom('category_groups')
    .select(['category_id', 'group_id', 'permission_type'])
    .orderBy('group_id')
    .execute();
  const map = new Map<number, CategoryGroupRow[]>();
  for (const r of rows) {
    const list = map.get(r.category_id) ?? [];
    list.push({ group_id: r.group_id, permission_type: r.permission_type });
    map.set(r.category_id, list);
  }
  return map;
}

/** Discourse's slug_for_url: the slug, or "<id>-category" when it has none. */
export function slugForUrl(category: Pick<Category, 'id' | 'slug'>): string {
  return category.slug || `${category.id}-category`;
}

export function categoryUrl(category: Pick<Category, 'id' | 'slug'>): string {
  return `/c/${slugForUrl(category)}/${category.id}`;
}

/**
 * The addresses in a category's email_in. Discourse separates them with "|"; a comma is
 * accepted too because that is what people type. Lower-cased: addresses compare without case.
 */
export function incomingAddresses(emailIn: string | null): string[] {
  if (!emailIn) return [];
  const out: string[] = [];
  for (const part of emailIn.split(/[|,]/)) {
    const a = part.trim().replace(/^<|>$/g, '').trim().toLowerCase();
    if (a.includes('@') && !out.includes(a)) out.push(a);
  }
  return out;
}

/** The category whose email_in holds this address (case-insensitive), if any. */
export async function findCategoryByIncomingAddress(db: Db, address: string): Promise<Category | undefined> {
  const wanted = address.trim().replace(/^<|>$/g, '').trim().toLowerCase();
  if (!wanted.includes('@')) return undefined;
  // LIKE narrows the scan to categories that mention the address; the exact split decides.
  const candidates = await runCached(
    db,
    'categories:byIncomingAddress',
    (q, pattern: string) =>
      q
        .selectFrom('categories')
        .selectAll()
        .where('email_in', 'is not', null)
        .where(sql<boolean>`lower(email_in) like ${pattern} escape '\\'`)
        .orderBy('id'),
    `%${wanted.replace(/[\\%_]/g, '\\$&')}%`,
  );
  return candidates.find((c) => incomingAddresses(c.email_in).includes(wanted));
}

export interface CategoryStats {
  topic_count: number;
  post_count: number;
  topics_day: number;
  topics_week: number;
  topics_month: number;
  topics_year: number;
}

const EMPTY_STATS: CategoryStats = {
  topic_count: 0,
  post_count: 0,
  topics_day: 0,
  topics_week: 0,
  topics_month: 0,
  topics_year: 0,
};

/** Visible, undeleted regular topics and their posts per category (Discourse's update_stats). */
export async function categoryStats(db: Db, now = Date.now()): Promise<Map<number, CategoryStats>> {
  const since = (days: number) => new Date(now - days * 86_400_000).toISOString();
  const rows = await db
    .selectFrom('topics')
    .select((eb) => [
      'category_id',
      eb.fn.countAll<number>().as('topic_count'),
      eb.fn.sum<number>('posts_count').as('post_count'),
      sql<number>`sum(case when created_at >= ${since(1)} then 1 else 0 end)`.as('topics_day'),
      sql<number>`sum(case when created_at >= ${since(7)} then 1 else 0 end)`.as('topics_week'),
      sql<number>`sum(case when created_at >= ${since(30)} then 1 else 0 end)`.as('topics_month'),
      sql<number>`sum(case when created_at >= ${since(365)} then 1 else 0 end)`.as('topics_year'),
    ])
    .where('archetype', '=', REGULAR_ARCHETYPE)
    .where('deleted_at', 'is', null)
    .where('visible', '=', 1)
    .where('category_id', 'is not', null)
    .groupBy('category_id')
    .execute();
  const map = new Map<number, CategoryStats>();
  for (const r of rows)
    map.set(r.category_id as number, {
      topic_count: Number(r.topic_count),
      post_count: Number(r.post_count ?? 0),
      topics_day: Number(r.topics_day ?? 0),
      topics_week: Number(r.topics_week ?? 0),
      topics_month: Number(r.topics_month ?? 0),
      topics_year: Number(r.topics_year ?? 0),
    });
  return map;
}

export function statsOf(stats: Map<number, CategoryStats>, id: number): CategoryStats {
  return stats.get(id) ?? EMPTY_STATS;
}

/** The person's level per category (only categories they set a level for). */
export async function categoryLevelsOf(db: Db, userId: number): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('category_users')
    .select(['category_id', 'notification_level'])
    .where('user_id', '=', userId)
    .execute();
  return new Map(rows.map((r) => [r.category_id, r.notification_level]));
}
