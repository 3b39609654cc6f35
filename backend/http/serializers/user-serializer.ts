// User JSON for getUser (Discourse's UserSerializer), the session's user and
// /session/current.json. Private parts (sessions, mutes, group roles, preferences) are
// filled only for the user themself and staff; others get Discourse's defaults. Email
// addresses never appear here: getUserEmails is the one place they are shown.
import type { Db } from '../../db/database';
import type { Group, User } from '../../db/schema';
import {
  canSeeGroup,
  canSendPrivateMessages,
  canSendPrivateMessagesToEmail,
  PM_ARCHETYPE,
  userAcceptsMessagesFrom,
} from '../../policy/guardian';
import { categoryLevelLists } from '../../services/category-tracking';
import { tagLevelLists } from '../../services/tag-tracking';
import { canChangeTracking } from '../../services/tracking-levels';
import type { ForumContext } from '../../services/context';
import { describeGroups } from '../../services/group-membership';
import { groupIdsOfUser } from '../../users/groups-repository';
import { findUserById, isStaff } from '../../users/users-repository';
import { userGroup } from './group-serializer';
import { unreadCounts } from './notification-serializer';
import { avatarTemplate } from './user-summary';

/** Posts outside personal messages, as Discourse's user_stat.post_count counts them. */
export async function publicPostCount(db: Db, userId: number): Promise<number> {
  const row = await db
    .selectFrom('posts')
    .innerJoin('topics', 'topics.id', 'posts.topic_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('posts.user_id', '=', userId)
    .where('posts.deleted_at', 'is', null)
    .where('topics.archetype', '!=', PM_ARCHETYPE)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The user's groups (automatic ones included) that the viewer may see. */
export async function groupsOfUserFor(db: Db, viewer: User | undefined, user: User): Promise<Group[]> {
  const ids = await groupIdsOfUser(db, user);
  if (ids.length === 0) return [];
  const groups = await db.selectFrom('groups').selectAll().where('id', 'in', ids).orderBy('id').execute();
  const out: Group[] = [];
  for (const g of groups) if (await canSeeGroup(db, viewer, g)) out.push(g);
  return out;
}

function browserOf(ua: string): string {
  if (/Edg\//.test(ua)) return 'Edge';
  if (/Electron\//.test(ua)) return 'Foyer';
  if (/Firefox\//.test(ua)) return 'Firefox';
  if (/Chrome\//.test(ua)) return 'Chrome';
  if (/Safari\//.test(ua)) return 'Safari';
  return ua ? 'Unknown browser' : '';
}

function osOf(ua: string): string {
  if (/Windows/.test(ua)) return 'Windows';
  if (/Android/.test(ua)) return 'Android';
  if (/iPhone|iPad/.test(ua)) return 'iOS';
  if (/Mac OS X/.test(ua)) return 'macOS';
  if (/Linux/.test(ua)) return 'Linux';
  return '';
}

async function sessionsOf(db: Db, userId: number, currentTokenHash: string | undefined) {
  const rows = await db
    .selectFrom('user_auth_tokens')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('seen_at', 'desc')
    .execute();
  return rows.map((t) => {
    const ua = t.user_agent ?? '';
    const browser = browserOf(ua);
    return {
      id: t.id,
      client_ip: t.client_ip ?? '',
      location: '',
      browser,
      device: /Mobile|Android|iPhone/.test(ua) ? 'Phone' : osOf(ua) ? 'Computer' : '',
      os: osOf(ua),
      icon: browser && browser !== 'Unknown browser' ? `fab-${browser.toLowerCase()}` : 'globe',
      created_at: t.created_at,
      seen_at: t.seen_at,
      is_active: t.token_hash === currentTokenHash,
    };
  });
}

const DAY_START = 480; // 08:00, Discourse's default notification schedule
const DAY_END = 1020; // 17:00

function defaultSchedule() {
  const days: Record<string, number> = {};
  for (let d = 0; d < 7; d++) {
    days[`day_${d}_start_time`] = DAY_START;
    days[`day_${d}_end_time`] = DAY_END;
  }
  return { enabled: false, ...days };
}

type Options = {
  allow_private_messages: number;
  enable_allowed_pm_users: number;
  email_messages_level: number;
  email_level: number;
  email_digests: number;
};

/** UserOptionSerializer with Discourse's defaults for everything Foyer does not store. */
function userOption(userId: number, o: Options) {
  return {
    user_id: userId,
    mailing_list_mode: false,
    mailing_list_mode_frequency: 1,
    email_digests: o.email_digests === 1,
    email_level: o.email_level,
    email_messages_level: o.email_messages_level,
    external_links_in_new_tab: false,
    color_scheme_id: null,
    dark_scheme_id: null,
    dynamic_favicon: false,
    enable_quoting: true,
    enable_smart_lists: true,
    enable_defer: false,
    digest_after_minutes: 10080,
    automatically_unpin_topics: true,
    auto_track_topics_after_msecs: 240000,
    notification_level_when_replying: 2,
    new_topic_duration_minutes: 2880,
    email_previous_replies: 2,
    email_in_reply_to: false,
    like_notification_frequency: 1,
    include_tl0_in_digests: false,
    theme_ids: [] as number[],
    theme_key_seq: 0,
    allow_private_messages: o.allow_private_messages === 1,
    enable_allowed_pm_users: o.enable_allowed_pm_users === 1,
    homepage_id: null,
    hide_profile_and_presence: false,
    hide_profile: false,
    hide_presence: false,
    text_size: 'normal',
    text_size_seq: 0,
    title_count_mode: 'notifications',
    timezone: null,
    skip_new_user_tips: false,
    topics_unread_when_closed: true,
  };
}

const DEFAULT_OPTIONS: Options = {
  allow_private_messages: 1,
  enable_allowed_pm_users: 0,
  email_messages_level: 0,
  email_level: 1,
  email_digests: 1,
};

async function mutedUsernames(db: Db, userId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('muted_users')
    .innerJoin('users', 'users.id', 'muted_users.muted_user_id')
    .select('users.username')
    .where('muted_users.user_id', '=', userId)
    .orderBy('users.username_lower')
    .execute();
  return rows.map((r) => r.username);
}

async function allowedPmUsernames(db: Db, userId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('allowed_pm_users')
    .innerJoin('users', 'users.id', 'allowed_pm_users.allowed_pm_user_id')
    .select('users.username')
    .where('allowed_pm_users.user_id', '=', userId)
    .orderBy('users.username_lower')
    .execute();
  return rows.map((r) => r.username);
}

const NO_CATEGORY_LEVELS = {
  muted_category_ids: [] as number[],
  regular_category_ids: [] as number[],
  tracked_category_ids: [] as number[],
  watched_category_ids: [] as number[],
  watched_first_post_category_ids: [] as number[],
};

const NO_TAG_LEVELS = {
  watched_tags: [] as string[],
  watching_first_post_tags: [] as string[],
  tracked_tags: [] as string[],
  muted_tags: [] as string[],
};

/** getUser's `user`. `currentTokenHash` marks the viewer's own session in user_auth_tokens. */
export async function userProfile(
  ctx: ForumContext,
  viewer: User | undefined,
  user: User,
  currentTokenHash?: string,
) {
  const { db, settings } = ctx;
  const self = viewer?.id === user.id;
  const privileged = self || Boolean(viewer && isStaff(viewer));
  const canEdit = privileged;
  const options = (await db
    .selectFrom('user_options')
    .selectAll()
    .where('user_id', '=', user.id)
    .executeTakeFirst()) ?? {
    user_id: user.id,
    ...DEFAULT_OPTIONS,
  };
  const mutedByViewer =
    viewer && !self
      ? Boolean(
          await db
            .selectFrom('muted_users')
            .select('user_id')
            .where('user_id', '=', viewer.id)
            .where('muted_user_id', '=', user.id)
            .executeTakeFirst(),
        )
      : false;
  const viewerCanPm = viewer ? await canSendPrivateMessages(db, settings, viewer) : false;
  const canPmUser =
    viewer !== undefined &&
    !self &&
    !user.staged &&
    viewerCanPm &&
    (await userAcceptsMessagesFrom(db, viewer, user));
  const groupViews = await describeGroups(db, viewer, await groupsOfUserFor(db, viewer, user));
  const groupUsers = privileged
    ? await db
        .selectFrom('group_users')
        .selectAll()
        .where('user_id', '=', user.id)
        .orderBy('group_id')
        .execute()
    : [];
  const inviter =
    privileged && user.invited_by_id !== null ? await findUserById(db, user.invited_by_id) : undefined;
  return {
    id: user.id,
    username: user.username,
    name: user.name ?? '',
    avatar_template: avatarTemplate(user),
    last_posted_at: user.last_posted_at,
    last_seen_at: user.last_seen_at,
    created_at: user.created_at,
    ignored: false,
    muted: mutedByViewer,
    // Foyer has no "ignore" feature; muting follows Discourse's rule (not yourself, not staff).
    can_ignore_user: false,
    can_mute_user: Boolean(viewer && !self && !isStaff(user)),
    can_send_private_messages: viewerCanPm,
    can_send_private_message_to_user: canPmUser,
    trust_level: user.trust_level,
    moderator: user.moderator === 1,
    admin: user.admin === 1,
    title: null,
    badge_count: 0,
    custom_fields: {},
    time_read: 0,
    recent_time_read: 0,
    primary_group_id: null,
    primary_group_name: null,
    flair_group_id: null,
    flair_name: null,
    flair_url: null,
    flair_bg_color: null,
    flair_color: null,
    featured_topic: null,
    staged: user.staged === 1,
    can_edit: canEdit,
    can_edit_username: canEdit,
    can_edit_email: canEdit,
    can_edit_name: canEdit && settings.bool('enable_names'),
    uploaded_avatar_id: null,
    has_title_badges: false,
    pending_count: 0,
    profile_view_count: 0,
    second_factor_enabled: false,
    can_upload_profile_header: false,
    can_upload_user_card_background: false,
    post_count: await publicPostCount(db, user.id),
    // Foyer has no user deletion yet.
    can_be_deleted: false,
    can_delete_all_posts: false,
    locale: null,
    // Discourse shows a person's category and tag levels to themself and staff only.
    ...(privileged ? await categoryLevelLists(db, user.id) : NO_CATEGORY_LEVELS),
    ...(privileged ? await tagLevelLists(db, user.id) : NO_TAG_LEVELS),
    system_avatar_upload_id: null,
    system_avatar_template: avatarTemplate(user),
    muted_usernames: privileged ? await mutedUsernames(db, user.id) : [],
    ignored_usernames: [] as string[],
    allowed_pm_usernames: privileged ? await allowedPmUsernames(db, user.id) : [],
    mailing_list_posts_per_day: 0,
    can_change_bio: canEdit,
    can_change_location: canEdit,
    can_change_website: canEdit,
    // Guardian#can_change_tracking_preferences?: a staged user's only with the setting on (§1.3).
    can_change_tracking_preferences: Boolean(viewer && canChangeTracking(settings, viewer, user)),
    user_api_keys: null,
    user_auth_tokens: self ? await sessionsOf(db, user.id, currentTokenHash) : [],
    user_notification_schedule: defaultSchedule(),
    use_logo_small_as_avatar: false,
    featured_user_badge_ids: [] as number[],
    // The spec types invited_by as a string: the inviter's username, shown to the user and staff.
    invited_by: inviter?.username ?? null,
    groups: groupViews.map(userGroup),
    group_users: groupUsers.map((gu) => ({
      group_id: gu.group_id,
      user_id: gu.user_id,
      notification_level: gu.notification_level,
      owner: gu.owner === 1,
    })),
    // Discourse omits other people's preferences; the spec requires the object, so others get defaults.
    user_option: userOption(user.id, privileged ? options : DEFAULT_OPTIONS),
  };
}

/** /session/current.json's current_user (Discourse's CurrentUserSerializer, the parts Foyer has). */
export async function currentUser(ctx: ForumContext, user: User) {
  const { db, settings } = ctx;
  const groups = await groupsOfUserFor(db, user, user);
  return {
    id: user.id,
    username: user.username,
    name: user.name ?? '',
    avatar_template: avatarTemplate(user),
    active: user.active === 1,
    admin: user.admin === 1,
    moderator: user.moderator === 1,
    staff: isStaff(user),
    // Staged users cannot log in, so a current user is never staged.
    staged: false,
    trust_level: user.trust_level,
    title: null,
    can_send_private_messages: await canSendPrivateMessages(db, settings, user),
    can_send_private_email_messages: await canSendPrivateMessagesToEmail(db, settings, user),
    can_create_group: user.admin === 1,
    ...(await unreadCounts(db, user.id)),
    groups: groups.map((g) => ({ id: g.id, name: g.name, has_messages: g.has_messages === 1 })),
  };
}

/** getUserEmails: the primary and secondary addresses. */
export async function userEmails(db: Db, user: User) {
  const rows = await db
    .selectFrom('user_emails')
    .select(['email', 'primary'])
    .where('user_id', '=', user.id)
    .orderBy('primary', 'desc')
    .orderBy('id')
    .execute();
  return {
    email: rows[0]?.email ?? '',
    secondary_emails: rows.slice(1).map((r) => r.email),
    unconfirmed_emails: [] as string[],
    associated_accounts: [] as never[],
  };
}
