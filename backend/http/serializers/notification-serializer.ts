// Notification JSON as Discourse's NotificationSerializer returns it, and the per-user
// "seen" marker and unread counts the notification bell and current user need.
import type { Db } from '../../db/database';
import type { Notification } from '../../db/schema';

/** A notification joined with its topic's title and slug (null when it has no topic). */
export type NotificationRow = Notification & { fancy_title: string | null; slug: string | null };

function parseData(data: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(data);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

export function notificationJson(n: NotificationRow) {
  return {
    id: n.id,
    user_id: n.user_id,
    external_id: null,
    notification_type: n.notification_type,
    read: n.read === 1,
    high_priority: n.high_priority === 1,
    created_at: n.created_at,
    post_number: n.post_number,
    topic_id: n.topic_id,
    fancy_title: n.fancy_title,
    slug: n.slug,
    data: parseData(n.data),
  };
}

// Discourse keeps users.seen_notification_id; Foyer's schema has no such column, so the
// marker lives in user_custom_fields under the same name.
const SEEN_FIELD = 'seen_notification_id';

export async function seenNotificationId(db: Db, userId: number): Promise<number> {
  const row = await db
    .selectFrom('user_custom_fields')
    .select('value')
    .where('user_id', '=', userId)
    .where('name', '=', SEEN_FIELD)
    .executeTakeFirst();
  const n = row ? Number.parseInt(row.value, 10) : 0;
  return Number.isSafeInteger(n) ? n : 0;
}

/** Moves the marker forward only (User#saw_notification_id). */
export async function sawNotification(db: Db, userId: number, notificationId: number): Promise<void> {
  if (notificationId <= (await seenNotificationId(db, userId))) return;
  await db.transaction().execute(async (tx) => {
    await tx
      .deleteFrom('user_custom_fields')
      .where('user_id', '=', userId)
      .where('name', '=', SEEN_FIELD)
      .execute();
    await tx
      .insertInto('user_custom_fields')
      .values({ user_id: userId, name: SEEN_FIELD, value: String(notificationId) })
      .execute();
  });
}

/** Discourse's counters: low-priority unread newer than "seen", high-priority unread, all unread newer than "seen". */
export async function unreadCounts(db: Db, userId: number) {
  const seen = await seenNotificationId(db, userId);
  const rows = await db
    .selectFrom('notifications')
    .leftJoin('topics', 'topics.id', 'notifications.topic_id')
    .select(['notifications.id', 'notifications.high_priority'])
    .where('notifications.user_id', '=', userId)
    .where('notifications.read', '=', 0)
    .where((eb) => eb.or([eb('notifications.topic_id', 'is', null), eb('topics.deleted_at', 'is', null)]))
    .execute();
  return {
    seen_notification_id: seen,
    unread_notifications: rows.filter((r) => !r.high_priority && r.id > seen).length,
    unread_high_priority_notifications: rows.filter((r) => r.high_priority).length,
    all_unread_notifications_count: rows.filter((r) => r.id > seen).length,
  };
}
