// Category permissions (Discourse's CategoryGuardian and Category.scoped_to_permissions,
// behaviour.md §1.3, §5.5): who sees a category, and who may start topics (full) or reply
// (full or create_post) in it. A category without category_groups rows is open to everyone;
// "everyone" (group 0) rows apply to every signed-in person, staged ones included; a staged
// person may use a category that takes email from strangers.
import type { Db } from '../db/database';
import type { Category, User } from '../db/schema';
import type { SiteSettings } from '../settings/site-settings';
import {
  categoryGroupRows,
  PERMISSION_TYPES,
  UNCATEGORIZED_CATEGORY_ID,
  type CategoryGroupRow,
  type PermissionType,
} from '../categories/categories-repository';
import { AUTO_GROUPS, groupIdsOfUser } from '../users/groups-repository';
import { isSilenced, isStaff } from '../users/users-repository';

/** Who is asking, with the groups category permissions are matched against. */
export interface CategoryViewer {
  user: User | undefined;
  groupIds: ReadonlySet<number>;
}

export async function categoryViewer(db: Db, user: User | undefined): Promise<CategoryViewer> {
  if (!user) return { user, groupIds: new Set() };
  // groupIdsOfUser leaves automatic groups out for staged people, but Discourse's
  // scoped_to_permissions lets "everyone" rows apply to them too.
  return { user, groupIds: new Set([AUTO_GROUPS.everyone, ...(await groupIdsOfUser(db, user))]) };
}

const takesStrangers = (c: Category): boolean =>
  Boolean(c.email_in?.trim()) && c.email_in_allow_strangers === 1;

/** Discourse's secure_category_ids: a group of the viewer is named on the category (not "everyone"). */
function namedInGroups(v: CategoryViewer, rows: readonly CategoryGroupRow[]): boolean {
  return rows.some((r) => r.group_id !== AUTO_GROUPS.everyone && v.groupIds.has(r.group_id));
}

/** Guardian#can_see_category?. */
export function canSeeCategoryWith(
  v: CategoryViewer,
  c: Category,
  rows: readonly CategoryGroupRow[],
): boolean {
  const u = v.user;
  if (u?.admin) return true;
  if (!c.read_restricted) return true;
  if (!u) return false;
  if (u.staged && takesStrangers(c)) return true;
  return namedInGroups(v, rows);
}

/**
 * Whether the viewer sees every topic of a category they can see. In a read-restricted category
 * a staged person sees only the topics they started unless one of their groups is named on it (§5.5).
 */
export function seesEveryTopicWith(
  v: CategoryViewer,
  c: Category,
  rows: readonly CategoryGroupRow[],
): boolean {
  if (!c.read_restricted || v.user?.admin || !v.user?.staged) return true;
  return namedInGroups(v, rows);
}

/**
 * The viewer's permission in a category as Discourse's Category.set_permission! reports it:
 * full (may start topics), create_post (may reply), readonly (may read), or null (unseen).
 */
export function permissionWith(
  v: CategoryViewer,
  c: Category,
  rows: readonly CategoryGroupRow[],
): PermissionType | null {
  if (!canSeeCategoryWith(v, c, rows)) return null;
  const u = v.user;
  if (!u) return PERMISSION_TYPES.readonly;
  if (u.admin) return PERMISSION_TYPES.full;
  if (u.staged && takesStrangers(c)) return PERMISSION_TYPES.full;
  if (rows.length === 0) return PERMISSION_TYPES.full;
  let best: PermissionType | null = null;
  for (const r of rows)
    if (v.groupIds.has(r.group_id) && (best === null || r.permission_type < best))
      best = r.permission_type as PermissionType;
  return best ?? PERMISSION_TYPES.readonly;
}

export async function categoryPermission(
  db: Db,
  user: User | undefined,
  category: Category,
): Promise<PermissionType | null> {
  return permissionWith(await categoryViewer(db, user), category, await categoryGroupRows(db, category.id));
}

export async function canSeeCategory(db: Db, user: User | undefined, category: Category): Promise<boolean> {
  if (!category.read_restricted || user?.admin) return true;
  return canSeeCategoryWith(
    await categoryViewer(db, user),
    category,
    await categoryGroupRows(db, category.id),
  );
}

/**
 * Guardian#can_see_topic? for a topic in a category: seeing the category, and — in a
 * read-restricted category — a staged person sees only the topics they started unless one of
 * their groups is named on the category (§5.5).
 */
export async function canSeeCategoryTopic(
  db: Db,
  user: User | undefined,
  category: Category,
  topicUserId: number,
): Promise<boolean> {
  if (!category.read_restricted || user?.admin) return true;
  const viewer = await categoryViewer(db, user);
  const rows = await categoryGroupRows(db, category.id);
  if (!canSeeCategoryWith(viewer, category, rows)) return false;
  return seesEveryTopicWith(viewer, category, rows) || topicUserId === user?.id;
}

/** Guardian#can_post_in_category? (replies need full or create_post). */
export async function canPostInCategory(db: Db, user: User, category: Category): Promise<boolean> {
  if (isSilenced(user)) return false;
  const p = await categoryPermission(db, user, category);
  return p === PERMISSION_TYPES.full || p === PERMISSION_TYPES.create_post;
}

/**
 * Guardian#can_create_topic_on_category?: full permission, not silenced, and Uncategorized
 * only while allow_uncategorized_topics is on (staff always).
 */
export async function canCreateTopicInCategory(
  db: Db,
  settings: SiteSettings,
  user: User,
  category: Category,
): Promise<boolean> {
  if (isSilenced(user)) return false;
  if (
    category.id === UNCATEGORIZED_CATEGORY_ID &&
    !isStaff(user) &&
    !settings.bool('allow_uncategorized_topics')
  )
    return false;
  return (await categoryPermission(db, user, category)) === PERMISSION_TYPES.full;
}

/** Creating and editing categories is staff work (Discourse: admins, and moderators by setting). */
export function canEditCategories(user: User | undefined): boolean {
  return Boolean(user && isStaff(user));
}
