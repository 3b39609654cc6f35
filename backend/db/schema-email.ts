// Kysely table types of the email loop and what came with it (migrations 0003–0005): the job
// queue, email logs, reply keys, incoming emails, uploads, likes, staff logs and screening.
import type { ColumnType, Generated } from 'kysely';

export interface JobsTable {
  id: Generated<number>;
  type: string;
  payload: string;
  /** Enqueuing the same unique key twice is a no-op: how "at most once" is kept across crashes. */
  unique_key: string | null;
  run_at: string;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  locked_until: string | null;
  last_error: string | null;
  /** pending | done | failed */
  status: Generated<string>;
  created_at: string;
  finished_at: string | null;
}

export interface EmailLogsTable {
  id: Generated<number>;
  email_type: string;
  to_address: string;
  cc_addresses: string | null;
  user_id: number | null;
  post_id: number | null;
  topic_id: number | null;
  incoming_email_id: number | null;
  message_id: string | null;
  reply_key: string | null;
  bounce_key: string | null;
  bounced: Generated<number>;
  bounce_error_code: string | null;
  /** sent | skipped | pending (no outgoing mail server yet) | failed */
  status: string;
  skipped_reason: string | null;
  smtp_response: string | null;
  raw: string | null;
  created_at: string;
  updated_at: string;
}

export interface PostReplyKeysTable {
  id: Generated<number>;
  post_id: number;
  user_id: number;
  reply_key: string;
  created_at: string;
}

export interface IncomingEmailsTable {
  id: Generated<number>;
  /** The Message-ID header, or a hash of the raw message when it has none. */
  message_id: string;
  /** smtp | imap | handle_mail | group_smtp */
  source: string;
  subject: string | null;
  from_address: string | null;
  to_addresses: string | null;
  cc_addresses: string | null;
  user_id: number | null;
  post_id: number | null;
  topic_id: number | null;
  /** received | processed | rejected | held | dropped | bounced */
  status: string;
  /** The named error (Discourse's class name, e.g. "Email::Receiver::BadDestinationAddress" → our code). */
  error: string | null;
  rejection_message: string | null;
  is_auto_generated: Generated<number>;
  is_bounce: Generated<number>;
  auth_results: string | null;
  created_at: string;
  updated_at: string;
}

/** An incoming email's raw message, apart from its record (migration 0016: updates stay small). */
export interface IncomingEmailRawsTable {
  incoming_email_id: number;
  raw: string;
  /** utf8, or latin1 for a raw that is not UTF-8 (kept byte for byte). */
  raw_encoding: ColumnType<string, string | undefined, string>;
}

export interface UploadsTable {
  id: Generated<number>;
  user_id: number | null;
  original_filename: string;
  filesize: number;
  mime_type: string;
  sha1: string;
  extension: string | null;
  url: string;
  width: number | null;
  height: number | null;
  created_at: string;
}

export interface PostActionsTable {
  id: Generated<number>;
  post_id: number;
  user_id: number;
  /** Discourse's PostActionType ids: 2 = like. */
  post_action_type_id: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface PostUploadsTable {
  post_id: number;
  upload_id: number;
}

/** Discourse's UserHistory and ScreenedEmail; acting_user_id is null when the system acted. */
export interface UserHistoriesTable {
  id: Generated<number>;
  action: string;
  acting_user_id: number | null;
  target_user_id: number | null;
  details: string | null;
  context: string | null;
  created_at: string;
}
export interface ScreenedEmailsTable {
  id: Generated<number>;
  email: string;
  action: 'block' | 'do_nothing';
  match_count: Generated<number>;
  last_match_at: string | null;
  created_at: string;
}
