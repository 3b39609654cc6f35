// What category and tag tracking share (Discourse's CategoryUser and TagUser, behaviour.md §1.3,
// §5.5, §6 G 78): the five notification levels, who may change whose levels (the person or
// staff, and a staged person's only while allow_changing_staged_user_tracking is on), how
// clients send a list of ids or names, and batch_set — the listed items get the level, the
// person's other items at that level go back to the default. category_users and tag_users have
// the same shape (item, user_id, notification_level), so one writer serves both.
import { sql } from 'kysely';
import { DomainError } from '../../shared/domain/errors';
import { CATEGORY_NOTIFICATION_LEVELS } from '../categories/categories-repository';
import type { Db } from '../db/database';
import type { User } from '../db/schema';
import type { SiteSettings } from '../settings/site-settings';
import { isStaff } from '../users/users-repository';

/** Discourse's NotificationLevels.all, as category_users and tag_users store them. */
export const NOTIFICATION_LEVELS = CATEGORY_NOTIFICATION_LEVELS;

const LEVEL_BY_NAME: Record<string, number> = NOTIFICATION_LEVELS;

/** Guardian#can_edit_user?: the person themself or staff. */
export function canEditUser(actor: User, user: User): boolean {
  return actor.id === user.id || isStaff(actor);
}

/** Guardian#can_change_tracking_preferences?. */
export function canChangeTracking(settings: SiteSettings, actor: User, user: User): boolean {
  return canEditUser(actor, user) && (!user.staged || settings.bool('allow_changing_staged_user_tracking'));
}

/**
 * Refuses a change of someone's levels the actor may not make. Discourse's UserUpdater skips a
 * staged person's levels silently; Foyer says so (403), so staff do not believe a change was made.
 */
export function assertCanChangeTracking(settings: SiteSettings, actor: User, user: User): void {
  if (!canEditUser(actor, user)) throw new DomainError('invalid_access');
  if (!canChangeTracking(settings, actor, user)) throw new DomainError('staged_tracking_locked');
}

/** A level as 0–4 or its name ("watching"). */
export function parseLevel(value: unknown): number {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d$/.test(value.trim())
        ? Number(value)
        : typeof value === 'string'
          ? (LEVEL_BY_NAME[value.trim()] ?? NaN)
          : NaN;
  if (!Object.values(NOTIFICATION_LEVELS).includes(n as never))
    throw new DomainError('invalid_parameters', {
      detail:
        'notification_level must be 0 (muted), 1 (regular), 2 (tracking), 3 (watching) or 4 (watching first post).',
    });
  return n;
}

/**
 * A list as clients send one: a JSON array, "a,b", repeated form fields, or [""] / "" for none.
 * Returns the non-empty entries, trimmed, in order, each once; `what` names them in the error.
 */
export function listParam(value: unknown, field: string, what: string): string[] {
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) =>
    typeof v === 'number' ? [String(v)] : typeof v === 'string' ? v.split(',') : [v],
  );
  const out: string[] = [];
  for (const p of parts) {
    if (p === null || p === undefined || (typeof p === 'string' && p.trim() === '')) continue;
    if (typeof p !== 'string')
      throw new DomainError('invalid_parameters', { detail: `${field} must be a list of ${what}.` });
    if (!out.includes(p.trim())) out.push(p.trim());
  }
  return out;
}

/** The table of one kind of tracking and its item column. */
export type LevelTable =
  { table: 'category_users'; item: 'category_id' } | { table: 'tag_users'; item: 'tag_id' };

export const CATEGORY_LEVELS_TABLE: LevelTable = { table: 'category_users', item: 'category_id' };
export const TAG_LEVELS_TABLE: LevelTable = { table: 'tag_users', item: 'tag_id' };

/** CategoryUser.set_notification_level_for_category / TagUser.change: one item's level. */
export async function upsertLevel(
  db: Db,
  t: LevelTable,
  userId: number,
  itemId: number,
  level: number,
): Promise<void> {
  await sql`insert into ${sql.table(t.table)} (${sql.ref(t.item)}, user_id, notification_level)
    values (${itemId}, ${userId}, ${level})
    on conflict (${sql.ref(t.item)}, user_id) do update set notification_level = excluded.notification_level`.execute(
    db,
  );
}

/**
 * batch_set for each level given: the listed items get that level, and the person's other items
 * at that level go back to the default (their row is removed). Call it inside a transaction.
 */
export async function batchSetLevels(
  db: Db,
  t: LevelTable,
  userId: number,
  sets: ReadonlyArray<{ level: number; itemIds: readonly number[] }>,
): Promise<void> {
  for (const { level, itemIds } of sets) {
    const keep = itemIds.length > 0 ? sql`and ${sql.ref(t.item)} not in (${sql.join(itemIds)})` : sql``;
    await sql`delete from ${sql.table(t.table)}
      where user_id = ${userId} and notification_level = ${level} ${keep}`.execute(db);
    for (const id of itemIds) await upsertLevel(db, t, userId, id, level);
  }
}

/** Groups (item, level) rows into the fields that name each level, e.g. watched_tags. */
export function byLevel<F extends string, T>(
  rows: ReadonlyArray<{ item: T; level: number }>,
  fields: Readonly<Record<F, number>>,
): Record<F, T[]> {
  const out = {} as Record<F, T[]>;
  for (const [field, level] of Object.entries(fields) as Array<[F, number]>)
    out[field] = rows.filter((r) => r.level === level).map((r) => r.item);
  return out;
}
