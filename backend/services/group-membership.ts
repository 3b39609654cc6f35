// Who is in a group, who may see that, and adding or removing members (Discourse's
// /groups/{id}/members.json). Owners and admins manage custom groups; automatic groups
// follow from trust levels and staff flags, so nobody edits them by hand. Staged members
// are listed to staff only (behaviour.md "differs" 8).
import type { Db } from '../db/database';
import type { Group, User } from '../db/schema';
import { DomainError } from '../../shared/domain/errors';
import { normalizeEmail } from '../../shared/util/email-address';
import { canManageGroup, canSeeGroup } from '../policy/guardian';
import { AUTO_GROUPS, findGroupById, findGroupByName, membership } from '../users/groups-repository';
import { isStaff } from '../users/users-repository';
import { nowIso } from '../util/clock';
import type { ForumContext } from './context';

/** Discourse's ADD_MEMBERS_LIMIT: one request may add at most this many people. */
export const ADD_MEMBERS_LIMIT = 1000;

/** Discourse's Group.visibility_levels, used by visibility_level and members_visibility_level. */
export const VISIBILITY_LEVELS = { public: 0, logged_on_users: 1, members: 2, staff: 3, owners: 4 } as const;

/** A group by numeric id or by name (Discourse's routes take either), hidden when the viewer may not see it. */
export async function loadVisibleGroup(db: Db, viewer: User | undefined, idOrName: string): Promise<Group> {
  // A name made of digits is still a name when no group has that id.
  const byId = /^\d+$/.test(idOrName) ? await findGroupById(db, Number(idOrName)) : undefined;
  const group = byId ?? (await findGroupByName(db, idOrName));
  if (!group || !(await canSeeGroup(db, viewer, group))) throw new DomainError('group_not_found');
  return group;
}

/** Group#can_see_members?: the same levels as visibility_level, applied to the member list. */
export async function canSeeGroupMembers(db: Db, viewer: User | undefined, group: Group): Promise<boolean> {
  const level = group.members_visibility_level;
  if (level === VISIBILITY_LEVELS.public) return true;
  if (!viewer || viewer.staged) return false;
  if (isStaff(viewer)) return true;
  if (level === VISIBILITY_LEVELS.logged_on_users) return true;
  const m = await membership(db, group.id, viewer.id);
  if (level === VISIBILITY_LEVELS.members) return Boolean(m);
  return Boolean(m?.owner);
}

/** Every group the viewer may see, by name; automatic groups only for staff (as Discourse's /groups page). */
export async function visibleGroups(
  db: Db,
  viewer: User | undefined,
  opts: { includeAutomatic: boolean },
): Promise<Group[]> {
  const all = await db.selectFrom('groups').selectAll().orderBy('name_lower').execute();
  const out: Group[] = [];
  for (const g of all) {
    if (g.automatic && !opts.includeAutomatic) continue;
    if (await canSeeGroup(db, viewer, g)) out.push(g);
  }
  return out;
}

export interface MemberRow {
  user: User;
  owner: boolean;
  addedAt: string;
}

/** Members of automatic groups are computed from the user's flags, as in groupMemberIds. */
function automaticMembers(db: Db, group: Group, staffView: boolean) {
  let q = db.selectFrom('users').selectAll().where('staged', '=', 0);
  // Non-staff see only people whose profiles they could open (getUser hides inactive accounts).
  if (!staffView) q = q.where('active', '=', 1);
  if (group.id === AUTO_GROUPS.admins) q = q.where('admin', '=', 1);
  else if (group.id === AUTO_GROUPS.moderators) q = q.where('moderator', '=', 1);
  else if (group.id === AUTO_GROUPS.staff)
    q = q.where((eb) => eb.or([eb('admin', '=', 1), eb('moderator', '=', 1)]));
  else if (group.id >= 10 && group.id <= 14) q = q.where('trust_level', '>=', group.id - 10);
  return q;
}

function customMembers(db: Db, group: Group, staffView: boolean) {
  let q = db
    .selectFrom('group_users')
    .innerJoin('users', 'users.id', 'group_users.user_id')
    .where('group_users.group_id', '=', group.id);
  if (!staffView) q = q.where('users.staged', '=', 0).where('users.active', '=', 1);
  return q;
}

/** How many members the viewer can be shown: staff also count staged and inactive members. */
export async function countMembers(db: Db, group: Group, staffView: boolean): Promise<number> {
  const row = group.automatic
    ? await automaticMembers(db, group, staffView)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst()
    : await customMembers(db, group, staffView)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** One page of members (owners first, then by username) plus every owner, for listGroupMembers. */
export async function listMembers(
  db: Db,
  viewer: User | undefined,
  group: Group,
  page: { limit: number; offset: number },
): Promise<{ members: MemberRow[]; owners: MemberRow[]; total: number }> {
  const staffView = Boolean(viewer && isStaff(viewer));
  const total = await countMembers(db, group, staffView);
  if (group.automatic) {
    const users = await automaticMembers(db, group, staffView)
      .orderBy('username_lower')
      .limit(page.limit)
      .offset(page.offset)
      .execute();
    // Automatic membership has no row of its own: the account's creation is the best "added" date.
    return {
      members: users.map((u) => ({ user: u, owner: false, addedAt: u.created_at })),
      owners: [],
      total,
    };
  }
  const base = customMembers(db, group, staffView)
    .selectAll('users')
    .select(['group_users.owner as gu_owner', 'group_users.created_at as gu_created_at']);
  const toRow = (r: User & { gu_owner: number; gu_created_at: string }): MemberRow => {
    const { gu_owner, gu_created_at, ...user } = r;
    return { user, owner: gu_owner === 1, addedAt: gu_created_at };
  };
  const members = await base
    .orderBy('group_users.owner', 'desc')
    .orderBy('users.username_lower')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const owners = await base.where('group_users.owner', '=', 1).orderBy('users.username_lower').execute();
  return { members: members.map(toRow), owners: owners.map(toRow), total };
}

/** Comma-separated text (Discourse's form) or an array of strings; anything else is refused. */
export function nameList(value: unknown, field: string): string[] {
  if (value === undefined || value === null || value === '') return [];
  const parts = Array.isArray(value) ? value : [value];
  const out: string[] = [];
  for (const p of parts) {
    if (typeof p !== 'string')
      throw new DomainError('invalid_parameters', {
        detail: `${field} must be a comma-separated list of text.`,
      });
    for (const s of p.split(',')) if (s.trim()) out.push(s.trim());
  }
  return [...new Set(out)];
}

async function requireManager(ctx: ForumContext, actor: User, group: Group): Promise<void> {
  if (group.automatic) {
    throw new DomainError('invalid_parameters', {
      detail: `"${group.name}" is an automatic group: its members follow from trust levels and staff flags and cannot be added or removed by hand.`,
    });
  }
  if (!(await canManageGroup(ctx.db, actor, group))) throw new DomainError('invalid_access');
}

/**
 * Users named by username. To non-staff, staged and inactive accounts count as unknown, as
 * their profiles do, so adding someone cannot reveal an account that is hidden elsewhere.
 */
async function usersByUsername(db: Db, actor: User, usernames: string[]): Promise<Map<string, User>> {
  const found = new Map<string, User>();
  if (usernames.length === 0) return found;
  const rows = await db
    .selectFrom('users')
    .selectAll()
    .where(
      'username_lower',
      'in',
      usernames.map((u) => u.toLowerCase()),
    )
    .execute();
  for (const u of rows) if (isStaff(actor) || (!u.staged && u.active)) found.set(u.username_lower, u);
  return found;
}

export interface AddMembersResult {
  usernames: string[];
  emails: string[];
}

/**
 * Adds people by username and/or email. Unknown usernames are an error the manager can fix;
 * unknown (or, for non-staff, staged) addresses are skipped silently and every given address
 * is echoed back, so the answer never tells whether an address has an account ("differs" 2).
 */
export async function addGroupMembers(
  ctx: ForumContext,
  actor: User,
  group: Group,
  input: { usernames: unknown; emails: unknown },
): Promise<AddMembersResult> {
  await requireManager(ctx, actor, group);
  const usernames = nameList(input.usernames, 'usernames');
  const emails = nameList(input.emails, 'emails').map(normalizeEmail);
  if (usernames.length === 0 && emails.length === 0)
    throw new DomainError('invalid_parameters', {
      detail: 'give usernames (comma separated) or emails of the people to add.',
    });
  if (usernames.length + emails.length > ADD_MEMBERS_LIMIT)
    throw new DomainError('invalid_parameters', {
      detail: `add at most ${ADD_MEMBERS_LIMIT} people per request.`,
    });
  const byName = await usersByUsername(ctx.db, actor, usernames);
  const unknown = usernames.filter((u) => !byName.has(u.toLowerCase()));
  if (unknown.length > 0)
    throw new DomainError('invalid_parameters', {
      detail: `there is no user called ${unknown.map((u) => `"${u}"`).join(', ')}; check the spelling.`,
    });
  const byEmail: User[] = [];
  if (emails.length > 0) {
    const rows = await ctx.db
      .selectFrom('users')
      .innerJoin('user_emails', 'user_emails.user_id', 'users.id')
      .selectAll('users')
      .where('user_emails.normalized_email', 'in', emails)
      .execute();
    for (const u of rows) if (isStaff(actor) || (!u.staged && u.active)) byEmail.push(u);
  }
  const named = [...byName.values()];
  const existing = new Set(
    (
      await ctx.db
        .selectFrom('group_users')
        .select('user_id')
        .where('group_id', '=', group.id)
        .where('user_id', 'in', [...named, ...byEmail].map((u) => u.id).concat(-1))
        .execute()
    ).map((r) => r.user_id),
  );
  if (emails.length === 0 && named.every((u) => existing.has(u.id))) {
    throw new DomainError('invalid_parameters', {
      detail: `${named.map((u) => u.username).join(', ')} ${named.length === 1 ? 'is' : 'are'} already a member of ${group.name}.`,
    });
  }
  const now = nowIso();
  await ctx.db.transaction().execute(async (db) => {
    for (const u of [...named, ...byEmail]) {
      if (existing.has(u.id)) continue;
      existing.add(u.id);
      await db
        .insertInto('group_users')
        .values({
          group_id: group.id,
          user_id: u.id,
          owner: 0,
          notification_level: group.default_notification_level,
          created_at: now,
        })
        .execute();
    }
  });
  return { usernames: named.map((u) => u.username), emails };
}

export interface RemoveMembersResult {
  usernames: string[];
  skippedUsernames: string[];
}

/** Removes members by username; names that are not members (or unknown) come back as skipped. */
export async function removeGroupMembers(
  ctx: ForumContext,
  actor: User,
  group: Group,
  input: { usernames: unknown },
): Promise<RemoveMembersResult> {
  await requireManager(ctx, actor, group);
  const usernames = nameList(input.usernames, 'usernames');
  if (usernames.length === 0)
    throw new DomainError('invalid_parameters', {
      detail: 'give usernames (comma separated) of the members to remove.',
    });
  const byName = await usersByUsername(ctx.db, actor, usernames);
  const removed: string[] = [];
  const skipped: string[] = [];
  await ctx.db.transaction().execute(async (db) => {
    for (const given of usernames) {
      const user = byName.get(given.toLowerCase());
      const result = user
        ? await db
            .deleteFrom('group_users')
            .where('group_id', '=', group.id)
            .where('user_id', '=', user.id)
            .executeTakeFirst()
        : undefined;
      if (user && Number(result?.numDeletedRows ?? 0) > 0) removed.push(user.username);
      else skipped.push(given);
    }
  });
  return { usernames: removed, skippedUsernames: skipped };
}

/** What a serializer needs to show a group to one viewer. */
export interface GroupView {
  group: Group;
  viewer: User | undefined;
  userCount: number;
  isMember: boolean;
  isOwner: boolean;
  canSeeMembers: boolean;
}

/** Counts and the viewer's own memberships for several groups, in one query each. */
export async function describeGroups(
  db: Db,
  viewer: User | undefined,
  groups: Group[],
): Promise<GroupView[]> {
  const mine = new Map<number, boolean>();
  if (viewer && groups.length > 0) {
    const rows = await db
      .selectFrom('group_users')
      .select(['group_id', 'owner'])
      .where('user_id', '=', viewer.id)
      .execute();
    for (const r of rows) mine.set(r.group_id, r.owner === 1);
  }
  const staffView = Boolean(viewer && isStaff(viewer));
  const views: GroupView[] = [];
  for (const group of groups) {
    const automaticMember = Boolean(
      viewer &&
      group.automatic &&
      (await automaticMembers(db, group, true).where('id', '=', viewer.id).executeTakeFirst()),
    );
    views.push({
      group,
      viewer,
      userCount: await countMembers(db, group, staffView),
      isMember: mine.has(group.id) || automaticMember,
      isOwner: mine.get(group.id) === true,
      canSeeMembers: await canSeeGroupMembers(db, viewer, group),
    });
  }
  return views;
}

/** Personal messages addressed to the group (its inbox), for the members and admins who can read them. */
export async function groupMessageCount(db: Db, view: GroupView): Promise<number> {
  if (!view.viewer || !(view.viewer.admin || view.isMember)) return 0;
  const row = await db
    .selectFrom('topic_allowed_groups')
    .innerJoin('topics', 'topics.id', 'topic_allowed_groups.topic_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('topic_allowed_groups.group_id', '=', view.group.id)
    .where('topics.deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
