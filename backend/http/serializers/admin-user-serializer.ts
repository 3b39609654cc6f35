// User JSON for staff: adminGetUser (Discourse's AdminDetailedUserSerializer) and
// adminListUsers rows (AdminUserListSerializer). Counters Foyer does not keep (reading
// time, likes, flags, visits) are 0, Discourse's value for a new account.
import type { Db } from '../../db/database';
import type { User } from '../../db/schema';
import { PM_ARCHETYPE } from '../../policy/guardian';
import { userAdminRefusal } from '../../policy/user-admin-policy';
import type { ForumContext } from '../../services/context';
import { describeGroups } from '../../services/group-membership';
import { isSuspended } from '../../users/users-repository';
import { userGroup } from './group-serializer';
import { avatarTemplate } from './user-summary';
import { groupsOfUserFor, publicPostCount } from './user-serializer';

/** Seconds since a timestamp, as Discourse's *_age fields. */
function ageOf(iso: string | null, now: number): number | null {
  return iso === null ? null : Math.max(0, (now - Date.parse(iso)) / 1000);
}

/** The fields adminGetUser and adminListUsers share. */
function adminBase(user: User, postCount: number, now: number) {
  return {
    id: user.id,
    username: user.username,
    name: user.name,
    avatar_template: avatarTemplate(user),
    active: user.active === 1,
    admin: user.admin === 1,
    moderator: user.moderator === 1,
    last_seen_at: user.last_seen_at,
    // Foyer keeps no email log in its schema yet.
    last_emailed_at: null,
    created_at: user.created_at,
    last_seen_age: ageOf(user.last_seen_at, now),
    last_emailed_age: null,
    created_at_age: ageOf(user.created_at, now),
    trust_level: user.trust_level,
    manual_locked_trust_level: null,
    title: null,
    time_read: 0,
    staged: user.staged === 1,
    days_visited: 0,
    posts_read_count: 0,
    topics_entered: 0,
    post_count: postCount,
  };
}

export interface AdminListEmails {
  email: string;
  secondary: string[];
}

/** One adminListUsers row; emails only when the caller asked with show_emails. */
export function adminListedUser(
  user: User,
  postCount: number,
  emails: AdminListEmails | undefined,
  now = Date.now(),
) {
  return {
    ...adminBase(user, postCount, now),
    ...(emails ? { email: emails.email, secondary_emails: emails.secondary } : {}),
    ...(isSuspended(user) ? { suspended_till: user.suspended_until } : {}),
    ...(user.silenced_until !== null && Date.parse(user.silenced_until) > now
      ? { silenced_till: user.silenced_until }
      : {}),
  };
}

async function count(db: Db, q: 'pm_topics' | 'api_keys' | 'topics', userId: number): Promise<number> {
  let row: { n: number } | undefined;
  if (q === 'api_keys') {
    row = await db
      .selectFrom('api_keys')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
  } else {
    row = await db
      .selectFrom('topics')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId)
      .where('deleted_at', 'is', null)
      .where('archetype', q === 'pm_topics' ? '=' : '!=', PM_ARCHETYPE)
      .executeTakeFirst();
  }
  return Number(row?.n ?? 0);
}

/** adminGetUser. What staff may do to the account follows Discourse's guardian rules. */
export async function adminUserDetail(ctx: ForumContext, viewer: User, user: User) {
  const { db } = ctx;
  const now = Date.now();
  const lastSession = await db
    .selectFrom('user_auth_tokens')
    .select('client_ip')
    .where('user_id', '=', user.id)
    .orderBy('seen_at', 'desc')
    .executeTakeFirst();
  const groupViews = await describeGroups(db, viewer, await groupsOfUserFor(db, viewer, user));
  const real = user.staged === 0;
  const isAdmin = viewer.admin === 1;
  return {
    ...adminBase(user, await publicPostCount(db, user.id), now),
    can_send_activation_email: real && user.active === 0,
    can_activate: real && user.active === 0,
    can_deactivate: real && user.active === 1 && user.id !== viewer.id,
    ip_address: lastSession?.client_ip ?? '',
    registration_ip_address: null,
    can_grant_admin: isAdmin && real && user.admin === 0,
    can_revoke_admin: isAdmin && user.admin === 1 && user.id !== viewer.id,
    can_grant_moderation: isAdmin && real && user.moderator === 0,
    can_revoke_moderation: isAdmin && user.moderator === 1,
    can_impersonate: false,
    like_count: 0,
    like_given_count: 0,
    topic_count: await count(db, 'topics', user.id),
    flags_given_count: 0,
    flags_received_count: 0,
    private_topics_count: await count(db, 'pm_topics', user.id),
    can_delete_all_posts: false,
    can_be_deleted: userAdminRefusal(viewer, user, 'deleted') === null,
    can_be_anonymized: userAdminRefusal(viewer, user, 'anonymized') === null,
    can_be_merged: userAdminRefusal(viewer, user, 'merged') === null,
    full_suspend_reason: null,
    primary_group_id: null,
    badge_count: 0,
    warnings_received_count: 0,
    // Foyer's schema has no bounce score yet; 0 is Discourse's starting value.
    bounce_score: 0,
    reset_bounce_score_after: null,
    can_view_action_logs: false,
    can_disable_second_factor: false,
    can_delete_sso_record: false,
    api_key_count: await count(db, 'api_keys', user.id),
    single_sign_on_record: null,
    approved_by: null,
    suspended_by: null,
    silenced_by: null,
    groups: groupViews.map(userGroup),
    external_ids: {},
  };
}
