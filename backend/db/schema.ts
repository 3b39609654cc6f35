// Kysely table types. Column names follow Discourse's so API shapes map one to one.
// Booleans are stored as 0/1 integers (SQLite has no boolean type; PostgreSQL would use boolean).
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type {
  EmailLogsTable,
  IncomingEmailRawsTable,
  IncomingEmailsTable,
  JobsTable,
  PostActionsTable,
  PostReplyKeysTable,
  PostUploadsTable,
  ScreenedEmailsTable,
  UploadsTable,
  UserHistoriesTable,
} from './schema-email';
import type {
  DraftSequencesTable,
  DraftsTable,
  IdempotencyKeysTable,
  LiveEventsTable,
  ScheduledPostsTable,
  UploadOwnersTable,
} from './schema-client';

import type { ReviewTables } from './schema-review';

export type * from './schema-email';
import type { BroadcastTables } from './schema-broadcasts';
export type * from './schema-broadcasts';
import type { TagTables } from './schema-tags';
export type * from './schema-tags';
export type * from './schema-client';
import type { EmailOptOutsTable, GroupMailboxColumns, TranslationOverridesTable } from './schema-outbound';

export type * from './schema-outbound';
import type {
  EmailTokensTable,
  InvitedGroupsTable,
  InvitedUsersTable,
  InvitesTable,
  TopicInvitesTable,
  UserFirstContactsTable,
} from './schema-accounts';

export type * from './schema-accounts';
import type { CategoriesTable, CategoryGroupsTable, CategoryUsersTable } from './schema-categories';
export type * from './schema-categories';
export type * from './schema-review';

export interface UsersTable {
  id: Generated<number>;
  username: string;
  username_lower: string;
  name: string | null;
  active: number;
  staged: number;
  admin: number;
  moderator: number;
  trust_level: number;
  password_hash: string | null;
  created_at: string;
  updated_at: string;
  last_seen_at: string | null;
  last_posted_at: string | null;
  suspended_until: string | null;
  silenced_until: string | null;
  invited_by_id: number | null;
  bounce_score: ColumnType<number, number | undefined, number>;
  reset_bounce_score_after: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface UserEmailsTable {
  id: Generated<number>;
  user_id: number;
  email: string;
  /** Lower-cased, trimmed: the identity of an address. */
  normalized_email: string;
  primary: number;
  created_at: string;
}

export interface UserOptionsTable {
  user_id: number;
  allow_private_messages: Generated<number>;
  enable_allowed_pm_users: Generated<number>;
  /** Discourse's email_messages_level: 0 always, 1 only when away, 2 never. */
  email_messages_level: Generated<number>;
  email_level: Generated<number>;
  email_digests: Generated<number>;
}

export interface UserCustomFieldsTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  value: string;
}

export interface MutedUsersTable {
  user_id: number;
  muted_user_id: number;
  created_at: string;
}

export interface AllowedPmUsersTable {
  user_id: number;
  allowed_pm_user_id: number;
  created_at: string;
}

export interface GroupsTable extends GroupMailboxColumns {
  id: Generated<number>;
  name: string;
  name_lower: string;
  full_name: string | null;
  automatic: number;
  /** Discourse's alias levels: 0 nobody, 1 only admins, 2 mods and admins, 3 members, mods and admins, 4 owners, mods and admins, 99 everyone. */
  messageable_level: number;
  mentionable_level: number;
  visibility_level: number;
  members_visibility_level: number;
  incoming_email: string | null;
  default_notification_level: number;
  public_admission: number;
  public_exit: number;
  allow_membership_requests: number;
  bio_raw: string | null;
  bio_cooked: string | null;
  title: string | null;
  grant_trust_level: number | null;
  primary_group: number;
  has_messages: number;
  publish_read_state: number;
  created_at: string;
  updated_at: string;
  /** §2.2 C6: replies from addresses not in the thread join it instead of starting a new PM. */
  allow_unknown_sender_topic_replies: ColumnType<number, number | undefined, number>;
}

export interface GroupUsersTable {
  group_id: number;
  user_id: number;
  owner: number;
  notification_level: number;
  created_at: string;
}

export interface TopicsTable {
  id: Generated<number>;
  title: string;
  fancy_title: string;
  slug: string;
  archetype: string;
  subtype: string | null;
  user_id: number;
  category_id: number | null;
  created_at: string;
  updated_at: string;
  bumped_at: string;
  last_posted_at: string | null;
  last_post_user_id: number;
  highest_post_number: number;
  posts_count: number;
  reply_count: number;
  like_count: number;
  word_count: number;
  views: number;
  participant_count: number;
  closed: number;
  archived: number;
  visible: number;
  deleted_at: string | null;
  deleted_by_id: number | null;
  /** Plain-text excerpt of the first post, kept at write time so lists never parse HTML. */
  excerpt: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface PostsTable {
  id: Generated<number>;
  topic_id: number;
  user_id: number;
  post_number: number;
  raw: string;
  cooked: string;
  /** 1 regular, 2 moderator_action, 3 small_action, 4 whisper (Discourse's Post.types). */
  post_type: number;
  action_code: string | null;
  reply_to_post_number: number | null;
  reply_count: number;
  quote_count: number;
  word_count: number;
  version: number;
  edit_reason: string | null;
  via_email: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  deleted_by_id: number | null;
  /** Stable Message-ID of this post in outgoing mail; the incoming Message-ID when the post came by email. */
  outbound_message_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface TopicAllowedUsersTable {
  id: Generated<number>;
  topic_id: number;
  user_id: number;
  created_at: string;
}

export interface TopicAllowedGroupsTable {
  id: Generated<number>;
  topic_id: number;
  group_id: number;
  created_at: string;
}

export interface TopicUsersTable {
  user_id: number;
  topic_id: number;
  /** 0 muted, 1 regular, 2 tracking, 3 watching. */
  notification_level: number;
  notifications_reason_id: number | null;
  last_read_post_number: number | null;
  posted: number;
  first_visited_at: string | null;
  last_visited_at: string | null;
}

export interface UserArchivedMessagesTable {
  user_id: number;
  topic_id: number;
  created_at: string;
}

export interface GroupArchivedMessagesTable {
  group_id: number;
  topic_id: number;
  created_at: string;
}

export interface NotificationsTable {
  id: Generated<number>;
  notification_type: number;
  user_id: number;
  topic_id: number | null;
  post_number: number | null;
  data: string;
  read: number;
  high_priority: number;
  created_at: string;
  updated_at: string;
}

export interface SiteSettingsTable {
  name: string;
  value: string;
  updated_at: string;
}

export interface ApiKeysTable {
  id: Generated<number>;
  key_hash: string;
  truncated_key: string;
  /** null: an all-users ("global") key, any Api-Username may be used with it. */
  user_id: number | null;
  created_by_id: number | null;
  description: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface UserAuthTokensTable {
  id: Generated<number>;
  user_id: number;
  token_hash: string;
  created_at: string;
  seen_at: string;
  client_ip: string | null;
  user_agent: string | null;
}

export interface Database extends BroadcastTables, ReviewTables, TagTables {
  users: UsersTable;
  user_emails: UserEmailsTable;
  user_options: UserOptionsTable;
  user_custom_fields: UserCustomFieldsTable;
  muted_users: MutedUsersTable;
  allowed_pm_users: AllowedPmUsersTable;
  groups: GroupsTable;
  group_users: GroupUsersTable;
  topics: TopicsTable;
  posts: PostsTable;
  topic_allowed_users: TopicAllowedUsersTable;
  topic_allowed_groups: TopicAllowedGroupsTable;
  topic_users: TopicUsersTable;
  user_archived_messages: UserArchivedMessagesTable;
  group_archived_messages: GroupArchivedMessagesTable;
  notifications: NotificationsTable;
  site_settings: SiteSettingsTable;
  api_keys: ApiKeysTable;
  user_auth_tokens: UserAuthTokensTable;
  jobs: JobsTable;
  email_logs: EmailLogsTable;
  post_reply_keys: PostReplyKeysTable;
  incoming_emails: IncomingEmailsTable;
  incoming_email_raws: IncomingEmailRawsTable;
  uploads: UploadsTable;
  post_actions: PostActionsTable;
  post_uploads: PostUploadsTable;
  user_histories: UserHistoriesTable;
  screened_emails: ScreenedEmailsTable;
  drafts: DraftsTable;
  draft_sequences: DraftSequencesTable;
  idempotency_keys: IdempotencyKeysTable;
  scheduled_posts: ScheduledPostsTable;
  live_events: LiveEventsTable;
  email_opt_outs: EmailOptOutsTable;
  translation_overrides: TranslationOverridesTable;
  user_first_contacts: UserFirstContactsTable;
  email_tokens: EmailTokensTable;
  invites: InvitesTable;
  invited_groups: InvitedGroupsTable;
  topic_invites: TopicInvitesTable;
  invited_users: InvitedUsersTable;
  upload_owners: UploadOwnersTable;
  categories: CategoriesTable;
  category_groups: CategoryGroupsTable;
  category_users: CategoryUsersTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Group = Selectable<GroupsTable>;
export type Topic = Selectable<TopicsTable>;
export type Post = Selectable<PostsTable>;
export type Notification = Selectable<NotificationsTable>;
export type Job = Selectable<JobsTable>;
export type EmailLog = Selectable<EmailLogsTable>;
export type IncomingEmail = Selectable<IncomingEmailsTable>;
export type Upload = Selectable<UploadsTable>;
export type Draft = Selectable<DraftsTable>;
export type ScheduledPost = Selectable<ScheduledPostsTable>;
export type LiveEvent = Selectable<LiveEventsTable>;
export type Invite = Selectable<InvitesTable>;
export type Category = Selectable<CategoriesTable>;
