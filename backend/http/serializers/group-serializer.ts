// Group JSON as Discourse's API returns it. The spec declares a slightly different field
// set per operation (with additionalProperties: false), so the full shape is built once
// and each operation picks its fields, as post-serializer does.
import type { User } from '../../db/schema';
import { excerptFromCooked } from '../../cook/excerpt';
import type { GroupView, MemberRow } from '../../services/group-membership';
import { ALIAS_LEVELS } from '../../users/groups-repository';
import { isStaff } from '../../users/users-repository';
import { pick } from './post-serializer';
import { avatarTemplate } from './user-summary';

/** Group::ALIAS_LEVELS as Group#messageable? and #mentionable? apply them to a viewer. */
function aliasLevelAllows(level: number, view: GroupView): boolean {
  const viewer = view.viewer;
  if (!viewer) return false;
  if (viewer.admin) return true;
  if (level === ALIAS_LEVELS.everyone) return true;
  if (level === ALIAS_LEVELS.nobody || level === ALIAS_LEVELS.only_admins) return false;
  if (viewer.moderator) return true;
  if (level === ALIAS_LEVELS.members_mods_and_admins) return view.isMember;
  if (level === ALIAS_LEVELS.owners_mods_and_admins) return view.isOwner;
  return false;
}

export function fullGroup(view: GroupView) {
  const { group, viewer } = view;
  const staff = Boolean(viewer && isStaff(viewer));
  const canEdit = !group.automatic && Boolean(viewer && (viewer.admin || view.isOwner));
  return {
    id: group.id,
    automatic: group.automatic === 1,
    name: group.name,
    display_name: group.automatic ? group.name : (group.full_name ?? group.name),
    user_count: view.userCount,
    mentionable_level: group.mentionable_level,
    messageable_level: group.messageable_level,
    visibility_level: group.visibility_level,
    primary_group: group.primary_group === 1,
    title: group.title,
    // The spec types grant_trust_level as a string.
    grant_trust_level: group.grant_trust_level === null ? null : String(group.grant_trust_level),
    // Group inbox addresses are shown to staff only, as Discourse's BasicGroupSerializer does.
    incoming_email: staff ? group.incoming_email : null,
    has_messages: group.has_messages === 1,
    flair_url: null,
    flair_bg_color: null,
    flair_color: null,
    bio_raw: canEdit || staff ? group.bio_raw : null,
    bio_cooked: group.bio_cooked,
    bio_excerpt: group.bio_cooked ? excerptFromCooked(group.bio_cooked, 110) : null,
    public_admission: group.public_admission === 1,
    public_exit: group.public_exit === 1,
    allow_membership_requests: group.allow_membership_requests === 1,
    full_name: group.full_name,
    default_notification_level: group.default_notification_level,
    membership_request_template: null,
    is_group_user: view.isMember,
    is_group_owner: view.isOwner,
    members_visibility_level: group.members_visibility_level,
    can_see_members: view.canSeeMembers,
    can_admin_group: Boolean(viewer?.admin),
    can_edit_group: canEdit,
    publish_read_state: group.publish_read_state === 1,
  };
}

type FullGroup = ReturnType<typeof fullGroup>;

/** The fields every group shape in the spec shares. */
const BASIC_FIELDS = [
  'id',
  'automatic',
  'name',
  'user_count',
  'mentionable_level',
  'messageable_level',
  'visibility_level',
  'primary_group',
  'title',
  'grant_trust_level',
  'incoming_email',
  'has_messages',
  'flair_url',
  'flair_bg_color',
  'flair_color',
  'bio_raw',
  'bio_cooked',
  'bio_excerpt',
  'public_admission',
  'public_exit',
  'allow_membership_requests',
  'full_name',
  'default_notification_level',
  'membership_request_template',
  'members_visibility_level',
  'can_see_members',
  'can_admin_group',
  'publish_read_state',
] as const satisfies ReadonlyArray<keyof FullGroup>;

/** listGroups items. */
export function listedGroup(view: GroupView) {
  return pick(fullGroup(view), [
    ...BASIC_FIELDS,
    'display_name',
    'is_group_user',
    'is_group_owner',
    'can_edit_group',
  ] as const);
}

/** createGroup's basic_group. */
export function basicGroup(view: GroupView) {
  return pick(fullGroup(view), [...BASIC_FIELDS, 'can_edit_group'] as const);
}

/** Groups embedded in getUser and adminGetUser. */
export function userGroup(view: GroupView) {
  return pick(fullGroup(view), [...BASIC_FIELDS, 'display_name'] as const);
}

/**
 * A group's mail settings, for admins (who change them, behaviour.md §2.2); everyone else sees
 * them empty. email_password is write-only: null for everyone, staff included.
 */
function mailSettings(view: GroupView) {
  const g = view.group;
  const admin = Boolean(view.viewer?.admin);
  return {
    smtp_server: admin ? g.smtp_server : null,
    // The spec types the port as a string.
    smtp_port: admin && g.smtp_port !== null ? String(g.smtp_port) : null,
    smtp_ssl_mode: admin ? g.smtp_ssl_mode : null,
    smtp_enabled: admin && g.smtp_enabled === 1,
    imap_enabled: admin && g.imap_enabled === 1,
    email_username: admin ? g.email_username : null,
    email_password: null,
    email_from_alias: admin ? g.email_from_alias : null,
    allow_unknown_sender_topic_replies: admin && g.allow_unknown_sender_topic_replies === 1,
  };
}

/** getGroup's group: the basic fields plus the viewer's relation and the (empty) mail settings. */
export function shownGroup(view: GroupView, messageCount: number) {
  const full = fullGroup(view);
  return {
    ...pick(full, [...BASIC_FIELDS, 'is_group_user', 'can_edit_group'] as const),
    is_group_owner_display: view.isOwner,
    mentionable: aliasLevelAllows(view.group.mentionable_level, view),
    messageable: aliasLevelAllows(view.group.messageable_level, view),
    automatic_membership_email_domains: null,
    ...mailSettings(view),
    imap_server: null,
    imap_port: null,
    imap_ssl: null,
    imap_mailbox_name: '',
    imap_mailboxes: [] as string[],
    imap_last_error: null,
    imap_old_emails: null,
    imap_new_emails: null,
    message_count: messageCount,
    watching_category_ids: [] as number[],
    tracking_category_ids: [] as number[],
    watching_first_post_category_ids: [] as number[],
    regular_category_ids: [] as number[],
    muted_category_ids: [] as number[],
  };
}

/**
 * A listGroupMembers row. The spec types last_posted_at, last_seen_at and timezone as
 * non-null strings; Foyer sends "" for "never" / "not set" so the shape validates.
 */
export function groupMember(row: MemberRow) {
  const u: User = row.user;
  return {
    id: u.id,
    username: u.username,
    name: u.name,
    avatar_template: avatarTemplate(u),
    title: null,
    last_posted_at: u.last_posted_at ?? '',
    last_seen_at: u.last_seen_at ?? '',
    added_at: row.addedAt,
    timezone: '',
  };
}
