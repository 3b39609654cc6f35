// Kysely table types of migration 0009: first contacts of staged users, email tokens and
// forum invites (behaviour.md §1.4, "differs" 4).
import type { ColumnType, Generated } from 'kysely';

export interface UserFirstContactsTable {
  user_id: number;
  invited_by_user_id: number | null;
  invited_by_group_id: number | null;
  topic_id: number | null;
  created_at: string;
  signed_up_at: ColumnType<string | null, string | null | undefined, string | null>;
}

export type EmailTokenScope = 'signup' | 'password_reset';

export interface EmailTokensTable {
  id: Generated<number>;
  user_id: number;
  email: string;
  token_hash: string;
  scope: EmailTokenScope;
  confirmed: Generated<number>;
  expired: Generated<number>;
  created_at: string;
}

export interface InvitesTable {
  id: Generated<number>;
  invite_key: string;
  email: string | null;
  invited_by_id: number;
  custom_message: string | null;
  max_redemptions_allowed: Generated<number>;
  redemption_count: Generated<number>;
  emailed_status: Generated<number>;
  email_token_hash: string | null;
  expires_at: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface InvitedGroupsTable {
  invite_id: number;
  group_id: number;
}

export interface TopicInvitesTable {
  invite_id: number;
  topic_id: number;
}

export interface InvitedUsersTable {
  id: Generated<number>;
  invite_id: number;
  user_id: number;
  redeemed_at: string;
}
