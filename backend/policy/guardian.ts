// Permission rules (behaviour.md §5), as plain functions of the actor and the target.
// Every route asks these before it loads or changes anything.
import type { Db } from '../db/database';
import type { Group, Topic, User } from '../db/schema';
import type { SettingName } from '../settings/definitions';
import type { SiteSettings } from '../settings/site-settings';
import type { ErrorCode } from '../../shared/domain/errors';
import { recipientCount } from '../posts/participants';
import { ALIAS_LEVELS, groupIdsOfUser, isInAnyGroup, membership } from '../users/groups-repository';
import { isSilenced, isStaff, isSuspended } from '../users/users-repository';
import { runCached } from '../util/cached-query';
import { findCategoryById, UNCATEGORIZED_CATEGORY_ID } from '../categories/categories-repository';
import { canPostInCategory, canSeeCategoryTopic } from './category-guardian';

export const PM_ARCHETYPE = 'private_message';

/**
 * §5.4: a PM to admins, its allowed users and members of its allowed groups (moderators get no
 * automatic access); a topic in a category to whoever may see it there (category-guardian.ts).
 */
export async function canSeeTopic(db: Db, actor: User | undefined, topic: Topic): Promise<boolean> {
  if (topic.deleted_at !== null && !(actor && isStaff(actor))) return false;
  if (topic.archetype !== PM_ARCHETYPE) {
    const category = await findCategoryById(db, topic.category_id ?? UNCATEGORIZED_CATEGORY_ID);
    return !category || (await canSeeCategoryTopic(db, actor, category, topic.user_id));
  }
  if (!actor) return false;
  if (actor.admin) return true;
  return isTopicParticipant(db, actor, topic.id);
}

/**
 * Guardian#can_create_post? on a topic (closed topics are the caller's check): a PM's
 * participants; in a category, those with full or create_post permission there.
 */
export async function canCreatePostOnTopic(db: Db, actor: User, topic: Topic): Promise<boolean> {
  if (topic.deleted_at !== null) return false;
  if (!(await canSeeTopic(db, actor, topic))) return false;
  if (topic.archetype === PM_ARCHETYPE || actor.admin) return true;
  const category = await findCategoryById(db, topic.category_id ?? UNCATEGORIZED_CATEGORY_ID);
  return !category || (await canPostInCategory(db, actor, category));
}

/** In TAU, or a member of a TAG group. */
export async function isTopicParticipant(db: Db, user: User, topicId: number): Promise<boolean> {
  const direct = await runCached(
    db,
    'isTopicParticipant:direct',
    (q, tid: number, uid: number) =>
      q.selectFrom('topic_allowed_users').select('id').where('topic_id', '=', tid).where('user_id', '=', uid),
    topicId,
    user.id,
  );
  if (direct.length > 0) return true;
  const groupIds = await groupIdsOfUser(db, user);
  if (groupIds.length === 0) return false;
  const viaGroup = await db
    .selectFrom('topic_allowed_groups')
    .select('id')
    .where('topic_id', '=', topicId)
    .where('group_id', 'in', groupIds)
    .executeTakeFirst();
  return Boolean(viaGroup);
}

/** Who may send PMs at all: staff, or members of personal_message_enabled_groups. */
export async function canSendPrivateMessages(db: Db, settings: SiteSettings, actor: User): Promise<boolean> {
  if (actor.staged || !actor.active) return false;
  if (isStaff(actor)) return true;
  return isInAnyGroup(db, actor, settings.groupIds('personal_message_enabled_groups'));
}

/** §5.1: staged users on, may send PMs, and in send_email_messages_allowed_groups (or the older trust-level setting). */
export async function canSendPrivateMessagesToEmail(
  db: Db,
  settings: SiteSettings,
  actor: User,
): Promise<boolean> {
  if (!settings.bool('enable_staged_users')) return false;
  if (!(await canSendPrivateMessages(db, settings, actor))) return false;
  return allowedByGroupsOrTrust(
    db,
    settings,
    actor,
    'send_email_messages_allowed_groups',
    'min_trust_to_send_email_messages',
  );
}

/**
 * A permission Discourse moved from a trust-level setting to a group-list setting (e.g.
 * min_trust_to_create_tag → create_tag_allowed_groups): staff, a member of the groups, or at
 * the older setting's trust level — either setting grants it.
 */
export async function allowedByGroupsOrTrust(
  db: Db,
  settings: SiteSettings,
  actor: User,
  groupsSetting: SettingName,
  trustSetting: SettingName,
): Promise<boolean> {
  if (isStaff(actor)) return true;
  if (await isInAnyGroup(db, actor, settings.groupIds(groupsSetting))) return true;
  const minTrust = settings.str(trustSetting);
  if (minTrust === 'staff' || minTrust === 'admin') return false;
  return actor.trust_level >= Number.parseInt(minTrust, 10);
}

/** Per-target checks for a user recipient (§5.2); staff bypass the target's preferences. */
export async function userAcceptsMessagesFrom(db: Db, actor: User, target: User): Promise<boolean> {
  if (target.id === actor.id) return true;
  if (isSuspended(target)) return false;
  if (isSilenced(actor) && !isStaff(target)) return false;
  if (isStaff(actor)) return true;
  const options = await db
    .selectFrom('user_options')
    .selectAll()
    .where('user_id', '=', target.id)
    .executeTakeFirst();
  if (options && !options.allow_private_messages) return false;
  const muted = await db
    .selectFrom('muted_users')
    .select('user_id')
    .where('user_id', '=', target.id)
    .where('muted_user_id', '=', actor.id)
    .executeTakeFirst();
  if (muted) return false;
  if (options?.enable_allowed_pm_users) {
    const allowed = await db
      .selectFrom('allowed_pm_users')
      .select('user_id')
      .where('user_id', '=', target.id)
      .where('allowed_pm_user_id', '=', actor.id)
      .executeTakeFirst();
    if (!allowed) return false;
  }
  return true;
}

/** Group#messageable? — admins may message any group. */
export async function canMessageGroup(db: Db, actor: User, group: Group): Promise<boolean> {
  if (actor.admin) return true;
  const level = group.messageable_level;
  if (level === ALIAS_LEVELS.everyone) return true;
  if (level === ALIAS_LEVELS.nobody) return false;
  if (level === ALIAS_LEVELS.only_admins) return false;
  if (actor.moderator) return true;
  if (level === ALIAS_LEVELS.mods_and_admins) return false;
  const m = await membership(db, group.id, actor.id);
  if (level === ALIAS_LEVELS.members_mods_and_admins) return Boolean(m);
  if (level === ALIAS_LEVELS.owners_mods_and_admins) return Boolean(m?.owner);
  return false;
}

/** Who may see a group: public groups for everyone, otherwise members and staff (visibility_level). */
export async function canSeeGroup(db: Db, actor: User | undefined, group: Group): Promise<boolean> {
  if (group.visibility_level === 0) return true;
  if (!actor) return false;
  if (isStaff(actor)) return true;
  if (group.visibility_level === 1) return !actor.staged;
  const m = await membership(db, group.id, actor.id);
  if (group.visibility_level === 2) return Boolean(m);
  return Boolean(m?.owner);
}

/** Group owners and admins manage membership. */
export async function canManageGroup(db: Db, actor: User | undefined, group: Group): Promise<boolean> {
  if (!actor || group.automatic) return false;
  if (actor.admin) return true;
  return Boolean((await membership(db, group.id, actor.id))?.owner);
}

/** Private-message lists and archive: the user themself or an admin. */
export function canSeePrivateMessagesOf(actor: User | undefined, owner: User): boolean {
  return Boolean(actor && (actor.admin || actor.id === owner.id));
}

export function canEditPost(actor: User, post: { user_id: number }, topic: Topic): boolean {
  if (isStaff(actor)) return true;
  return post.user_id === actor.id && !topic.archived && topic.deleted_at === null;
}

/**
 * §5.3: why the actor may not add people to this PM, or null when they may. The same answer
 * drives the invite routes and the can_invite_to flags, so the two cannot drift apart.
 */
export async function inviteRefusal(
  db: Db,
  settings: SiteSettings,
  actor: User,
  topic: Topic,
): Promise<ErrorCode | null> {
  if (topic.archetype !== PM_ARCHETYPE) return 'not_a_private_message';
  if (!actor.admin && !(await canSendPrivateMessages(db, settings, actor))) return 'pm_not_allowed';
  if (
    !isStaff(actor) &&
    (await recipientCount(db, topic.id)) >= settings.int('max_allowed_message_recipients')
  ) {
    return 'pm_too_many_recipients';
  }
  return null;
}
