// Group membership, including Discourse's automatic groups (everyone, admins, moderators,
// staff, trust_level_0..4) whose membership follows from the user's flags instead of rows.
import type { Db } from '../db/database';
import type { Group, User } from '../db/schema';

export const AUTO_GROUPS = {
  everyone: 0,
  admins: 1,
  moderators: 2,
  staff: 3,
  trust_level_0: 10,
  trust_level_1: 11,
  trust_level_2: 12,
  trust_level_3: 13,
  trust_level_4: 14,
} as const;

/** Discourse's Group::ALIAS_LEVELS, used by messageable_level and friends. */
export const ALIAS_LEVELS = {
  nobody: 0,
  only_admins: 1,
  mods_and_admins: 2,
  members_mods_and_admins: 3,
  owners_mods_and_admins: 4,
  everyone: 99,
} as const;

export function automaticGroupIds(
  user: Pick<User, 'admin' | 'moderator' | 'trust_level' | 'staged'>,
): number[] {
  if (user.staged) return [];
  const ids: number[] = [AUTO_GROUPS.everyone];
  if (user.admin) ids.push(AUTO_GROUPS.admins);
  if (user.moderator) ids.push(AUTO_GROUPS.moderators);
  if (user.admin || user.moderator) ids.push(AUTO_GROUPS.staff);
  for (let tl = 0; tl <= Math.min(user.trust_level, 4); tl++) ids.push(10 + tl);
  return ids;
}

export async function groupIdsOfUser(db: Db, user: User): Promise<number[]> {
  const rows = await db.selectFrom('group_users').select('group_id').where('user_id', '=', user.id).execute();
  return [...automaticGroupIds(user), ...rows.map((r) => r.group_id)];
}

export async function isInAnyGroup(db: Db, user: User, groupIds: readonly number[]): Promise<boolean> {
  if (groupIds.length === 0) return false;
  const mine = await groupIdsOfUser(db, user);
  return groupIds.some((g) => mine.includes(g));
}

export async function findGroupByName(db: Db, name: string): Promise<Group | undefined> {
  return db
    .selectFrom('groups')
    .selectAll()
    .where('name_lower', '=', name.trim().toLowerCase())
    .executeTakeFirst();
}

export async function findGroupById(db: Db, id: number): Promise<Group | undefined> {
  return db.selectFrom('groups').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function membership(db: Db, groupId: number, userId: number) {
  return db
    .selectFrom('group_users')
    .selectAll()
    .where('group_id', '=', groupId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** Real (non-staged) user ids in a group; automatic groups are computed. */
export async function groupMemberIds(db: Db, group: Group): Promise<number[]> {
  if (!group.automatic) {
    const rows = await db
      .selectFrom('group_users')
      .select('user_id')
      .where('group_id', '=', group.id)
      .execute();
    return rows.map((r) => r.user_id);
  }
  let q = db.selectFrom('users').select('id').where('staged', '=', 0);
  if (group.id === AUTO_GROUPS.admins) q = q.where('admin', '=', 1);
  else if (group.id === AUTO_GROUPS.moderators) q = q.where('moderator', '=', 1);
  else if (group.id === AUTO_GROUPS.staff)
    q = q.where((eb) => eb.or([eb('admin', '=', 1), eb('moderator', '=', 1)]));
  else if (group.id >= 10 && group.id <= 14) q = q.where('trust_level', '>=', group.id - 10);
  return (await q.execute()).map((r) => r.id);
}

export async function groupUserCount(db: Db, group: Group): Promise<number> {
  return (await groupMemberIds(db, group)).length;
}
