// Kysely table types of what the desktop client needs (migration 0010): drafts and their
// sequences, send idempotency keys, send-later rows and the live event ring. The full-text
// index (post_search, FTS5) is queried with raw SQL and has no type here.
import type { Generated } from 'kysely';

export interface DraftsTable {
  id: Generated<number>;
  user_id: number;
  draft_key: string;
  /** The client's JSON, kept as the string it sent (Discourse returns it as a string). */
  data: string;
  sequence: number;
  owner: string | null;
  revisions: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface DraftSequencesTable {
  user_id: number;
  draft_key: string;
  sequence: number;
}

export interface IdempotencyKeysTable {
  id: Generated<number>;
  user_id: number;
  key: string;
  /** SHA-256 of the request fields that make the message: the same key with other fields is refused. */
  request_hash: string;
  /** What the request created: a post (POST /posts.json) or a scheduled post (send later). */
  post_id: number | null;
  scheduled_post_id: number | null;
  created_at: string;
}

export interface ScheduledPostsTable {
  id: Generated<number>;
  user_id: number;
  send_at: string;
  /** scheduled | sent | failed */
  status: string;
  title: string | null;
  raw: string;
  target_recipients: string | null;
  archetype: string | null;
  topic_id: number | null;
  reply_to_post_number: number | null;
  draft_key: string | null;
  error: string | null;
  post_id: number | null;
  created_at: string;
  updated_at: string;
}

export interface LiveEventsTable {
  id: Generated<number>;
  type: string;
  topic_id: number | null;
  post_id: number | null;
  post_number: number | null;
  user_id: number | null;
  group_id: number | null;
  staff_only: Generated<number>;
  draft_key: string | null;
  created_at: string;
}

export interface UploadOwnersTable {
  upload_id: number;
  user_id: number;
  created_at: string;
}
