// Table types of migration 0006 (the review queue).
import type { Generated } from 'kysely';

export interface ReviewablesTable {
  id: Generated<number>;
  type: string;
  /** pending 0, approved 1, rejected 2, ignored 3, deleted 4 (Discourse's Reviewable.statuses). */
  status: Generated<number>;
  /** 'email_spam' | 'staged' */
  reason: string;
  created_by_id: number;
  target_created_by_id: number | null;
  topic_id: number | null;
  target_id: number | null;
  incoming_email_id: number;
  /** JSON { raw, title?, reply_to_post_number? } */
  payload: string;
  version: Generated<number>;
  reviewed_by_id: number | null;
  reviewed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ReviewTables {
  reviewables: ReviewablesTable;
}
