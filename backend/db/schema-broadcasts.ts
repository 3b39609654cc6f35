// Kysely table types of broadcasts with private replies (migration 0011).
import type { Generated } from 'kysely';

export interface BroadcastsTable {
  id: Generated<number>;
  group_id: number;
  title: string;
  created_by_id: number | null;
  created_at: string;
}

export interface BroadcastParticipantsTable {
  broadcast_id: number;
  user_id: number;
  added_by_id: number | null;
  created_at: string;
}

export interface BroadcastAnnouncementsTable {
  id: Generated<number>;
  broadcast_id: number;
  title: string;
  raw: string;
  user_id: number | null;
  created_at: string;
}

export interface BroadcastDeliveriesTable {
  announcement_id: number;
  user_id: number;
  topic_id: number;
  /** 0 for a late participant's copy of an earlier announcement: kept for history, not mailed. */
  emailed: number;
  created_at: string;
}

export interface BroadcastTables {
  broadcasts: BroadcastsTable;
  broadcast_participants: BroadcastParticipantsTable;
  broadcast_announcements: BroadcastAnnouncementsTable;
  broadcast_deliveries: BroadcastDeliveriesTable;
}
