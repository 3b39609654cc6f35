// Live events are rows in live_events written in the same transaction as the change they
// announce, so a rolled-back change announces nothing and a committed one cannot be missed.
// The row id is the SSE event id. Writers then poke the in-process stream, which reads the new
// rows through the same single connection: it can only run once the writer's transaction has
// ended, so subscribers only ever see committed events.
import { EventEmitter } from 'node:events';
import type { Db } from '../db/database';
import { deferrableWrite } from '../db/deferred-writes';
import { runCachedRows } from '../util/cached-query';
import { nowIso } from '../util/clock';

export const LIVE_EVENT_TYPES = [
  'post_created',
  'post_edited',
  'post_deleted',
  'topic_created',
  'topic_archived',
  'read',
  'notification',
  'draft',
] as const;

export type LiveEventType = (typeof LIVE_EVENT_TYPES)[number];

export interface LiveEventInput {
  type: LiveEventType;
  topicId?: number | null;
  postId?: number | null;
  postNumber?: number | null;
  /** Only this user hears it. */
  userId?: number | null;
  /** Only members of this group hear it (when userId is not set). */
  groupId?: number | null;
  /** Of the people who may see the topic, only staff hear it (whispers). */
  staffOnly?: boolean;
  draftKey?: string | null;
}

/** Process-wide: "live_events may have new rows". Each stream re-reads its own database. */
export const liveEventsWritten = new EventEmitter();
liveEventsWritten.setMaxListeners(0);

type LiveEventRow = ReturnType<typeof rowOf>;

async function insertRows(db: Db, rows: readonly LiveEventRow[]): Promise<void> {
  await runCachedRows(db, 'recordLiveEvents', rows, (q, ...values) =>
    q.insertInto('live_events').values(values),
  );
}

/** In a deferring transaction (db/deferred-writes.ts) the rows wait for its commit, in order. */
const eventInserts = deferrableWrite<LiveEventRow>(insertRows);

function rowOf(e: LiveEventInput, now: string) {
  return {
    type: e.type,
    topic_id: e.topicId ?? null,
    post_id: e.postId ?? null,
    post_number: e.postNumber ?? null,
    user_id: e.userId ?? null,
    group_id: e.groupId ?? null,
    staff_only: e.staffOnly ? 1 : 0,
    draft_key: e.draftKey ?? null,
    created_at: now,
  };
}

export async function recordLiveEvents(db: Db, events: readonly LiveEventInput[]): Promise<void> {
  if (events.length === 0) return;
  const now = nowIso();
  const rows = events.map((e) => rowOf(e, now));
  await eventInserts.write(db, rows);
  // After the current task: the stream's read then queues behind the writer's transaction.
  setImmediate(() => liveEventsWritten.emit('written'));
}
