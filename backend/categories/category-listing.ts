// What every category response needs, loaded once per request for all categories: which the
// viewer may see, the viewer's permission and notification level in each, group permissions,
// topic counts and children. Categories are few (tens), so one query per table beats per-row work.
import type { Db } from '../db/database';
import type { Category, User } from '../db/schema';
import {
  categoryViewer,
  canSeeCategoryWith,
  permissionWith,
  type CategoryViewer,
} from '../policy/category-guardian';
import {
  allCategories,
  allCategoryGroupRows,
  categoryLevelsOf,
  categoryStats,
  CATEGORY_NOTIFICATION_LEVELS,
  PERMISSION_TYPES,
  type CategoryGroupRow,
  type CategoryStats,
  type PermissionType,
  statsOf,
} from './categories-repository';

export interface CategoryListing {
  viewer: CategoryViewer;
  /** The categories the viewer may see, in display order. */
  categories: Category[];
  rows: Map<number, CategoryGroupRow[]>;
  stats: Map<number, CategoryStats>;
  /** The viewer's own levels (categories without a row are at Discourse's default, regular). */
  levels: Map<number, number>;
}

/**
 * Everything about the categories a viewer may see. Topic counts take a grouped scan of the
 * topics, so callers that show no counts (topic lists, level changes) leave them out.
 */
export async function loadCategoryListing(
  db: Db,
  user: User | undefined,
  opts: { counts: boolean } = { counts: true },
): Promise<CategoryListing> {
  const viewer = await categoryViewer(db, user);
  const rows = await allCategoryGroupRows(db);
  const categories = (await allCategories(db)).filter((c) =>
    canSeeCategoryWith(viewer, c, rows.get(c.id) ?? []),
  );
  return {
    viewer,
    categories,
    rows,
    stats: opts.counts ? await categoryStats(db) : new Map(),
    levels: user ? await categoryLevelsOf(db, user.id) : new Map(),
  };
}

export function permissionIn(l: CategoryListing, c: Category): PermissionType | null {
  return permissionWith(l.viewer, c, l.rows.get(c.id) ?? []);
}

export function levelIn(l: CategoryListing, c: Category): number {
  return l.levels.get(c.id) ?? CATEGORY_NOTIFICATION_LEVELS.regular;
}

export function statsIn(l: CategoryListing, c: Category): CategoryStats {
  return statsOf(l.stats, c.id);
}

/** Whether the viewer (signed in) holds full permission in at least one category. */
export function canStartTopicsSomewhere(l: CategoryListing): boolean {
  return Boolean(l.viewer.user) && l.categories.some((c) => permissionIn(l, c) === PERMISSION_TYPES.full);
}

/** Visible children of a category, in display order. */
export function childrenIn(l: CategoryListing, c: Category): Category[] {
  return l.categories.filter((x) => x.parent_category_id === c.id);
}

export function findIn(l: CategoryListing, id: number): Category | undefined {
  return l.categories.find((c) => c.id === id);
}
