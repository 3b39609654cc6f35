// Discourse's notification routes: the actor's own notifications, newest first, and
// marking one or all of them read. Nobody reads or marks another person's notifications.
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../../shared/domain/errors';
import type { Db } from '../../db/database';
import type { User } from '../../db/schema';
import { canSeeTopic } from '../../policy/guardian';
import type { ForumContext } from '../../services/context';
import { nowIso } from '../../util/clock';
import { bodyOf, boolField, queryOf, requireActor } from '../route-helpers';
import {
  notificationJson,
  sawNotification,
  seenNotificationId,
  type NotificationRow,
} from '../serializers/notification-serializer';

/** Discourse's page size for the full notification list; the bell ("recent") asks for fewer. */
const PAGE_SIZE = 60;

function visibleNotifications(db: Db, user: User, filter: string | undefined) {
  let q = db
    .selectFrom('notifications')
    .leftJoin('topics', 'topics.id', 'notifications.topic_id')
    .where('notifications.user_id', '=', user.id)
    // Notification.visible: nothing about a deleted topic.
    .where((eb) => eb.or([eb('notifications.topic_id', 'is', null), eb('topics.deleted_at', 'is', null)]));
  if (filter === 'read') q = q.where('notifications.read', '=', 1);
  if (filter === 'unread') q = q.where('notifications.read', '=', 0);
  return q;
}

/** Drops notifications about PMs the user can no longer see (e.g. removed from the PM). */
async function accessible(db: Db, user: User, rows: NotificationRow[]): Promise<NotificationRow[]> {
  const out: NotificationRow[] = [];
  const seen = new Map<number, boolean>();
  for (const n of rows) {
    if (n.topic_id === null) {
      out.push(n);
      continue;
    }
    let ok = seen.get(n.topic_id);
    if (ok === undefined) {
      const topic = await db.selectFrom('topics').selectAll().where('id', '=', n.topic_id).executeTakeFirst();
      ok = Boolean(topic && (await canSeeTopic(db, user, topic)));
      seen.set(n.topic_id, ok);
    }
    if (ok) out.push(n);
  }
  return out;
}

function intParam(value: unknown, name: string, dflt: number, max: number): number {
  if (value === undefined || value === '') return dflt;
  if (typeof value !== 'string' || !/^\d+$/.test(value))
    throw new DomainError('invalid_parameters', { detail: `${name} must be a whole number.` });
  return Math.min(Number(value), max);
}

export function registerNotificationRoutes(app: FastifyInstance, ctx: ForumContext): void {
  app.get('/notifications.json', async (req) => {
    const actor = requireActor(req);
    const q = queryOf(req);
    const filter = q.filter === 'read' || q.filter === 'unread' ? q.filter : undefined;
    const recent = boolField(q.recent) === true;
    const limit = intParam(q.limit, 'limit', recent ? 10 : PAGE_SIZE, PAGE_SIZE);
    const offset = recent ? 0 : intParam(q.offset, 'offset', 0, Number.MAX_SAFE_INTEGER);
    const page = await visibleNotifications(ctx.db, actor, filter)
      .selectAll('notifications')
      .select(['topics.fancy_title', 'topics.slug'])
      .orderBy('notifications.created_at', 'desc')
      .orderBy('notifications.id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute();
    const notifications = (await accessible(ctx.db, actor, page)).map(notificationJson);
    if (recent) {
      // Opening the bell marks everything shown as seen, unless the client asks to stay silent.
      const newest = notifications.reduce((m, n) => Math.max(m, n.id), 0);
      if (q.silent === undefined && newest > 0) await sawNotification(ctx.db, actor.id, newest);
      return { notifications, seen_notification_id: await seenNotificationId(ctx.db, actor.id) };
    }
    const total = await visibleNotifications(ctx.db, actor, filter)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    const next = new URLSearchParams({ offset: String(offset + PAGE_SIZE) });
    if (filter) next.set('filter', filter);
    return {
      notifications,
      total_rows_notifications: Number(total?.n ?? 0),
      seen_notification_id: await seenNotificationId(ctx.db, actor.id),
      load_more_notifications: `/notifications?${next.toString()}`,
    };
  });

  app.put('/notifications/mark-read.json', async (req) => {
    const actor = requireActor(req);
    const rawId = bodyOf(req).id;
    const now = nowIso();
    if (rawId !== undefined && rawId !== null && rawId !== '') {
      const id = typeof rawId === 'number' ? rawId : typeof rawId === 'string' ? Number(rawId) : Number.NaN;
      if (!Number.isSafeInteger(id) || id <= 0)
        throw new DomainError('invalid_parameters', {
          detail: 'id must be the number of one of your notifications.',
        });
      // Only the actor's own rows match, so another person's id is simply "not found".
      const result = await ctx.db
        .updateTable('notifications')
        .set({ read: 1, updated_at: now })
        .where('id', '=', id)
        .where('user_id', '=', actor.id)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw new DomainError('not_found');
      return { success: 'OK' };
    }
    await ctx.db
      .updateTable('notifications')
      .set({ read: 1, updated_at: now })
      .where('user_id', '=', actor.id)
      .where('read', '=', 0)
      .execute();
    const newest = await ctx.db
      .selectFrom('notifications')
      .select((eb) => eb.fn.max('id').as('id'))
      .where('user_id', '=', actor.id)
      .executeTakeFirst();
    if (newest?.id) await sawNotification(ctx.db, actor.id, Number(newest.id));
    return { success: 'OK' };
  });
}
