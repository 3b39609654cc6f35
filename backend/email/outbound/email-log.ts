// The email log is both the record an admin reads and the guard that keeps "at most one
// email per (post, recipient)" (behaviour.md §3.1; quality.md Reliability). A send is
// written as 'failed' *before* the SMTP conversation and turned into 'sent' after it, so:
//   * a transport error leaves 'failed' and the job retries with backoff, reusing the row;
//   * a crash mid-send leaves 'failed' too, and the retry sends the same Message-ID again
//     (SMTP cannot tell us whether the server kept it; receivers de-duplicate on Message-ID);
//   * a second job for the same (post, user) finds 'sent' / 'skipped' / 'pending' and stops.
// Bare Message-IDs are stored (no angle brackets), as Discourse does.
import { sql } from 'kysely';
import type { Db } from '../../db/database';
import type { EmailLog } from '../../db/schema';
import type { ForumContext, OutgoingMessage } from '../../services/context';
import type { SiteSettings } from '../../settings/site-settings';
import { nowIso } from '../../util/clock';
import { bareMessageId } from './message-ids';
import { renderRawMessage } from './raw-message';
import { NO_OUTGOING_SERVER, type SkipReason } from './skip-reasons';

export const EMAIL_STATUS = {
  sent: 'sent',
  skipped: 'skipped',
  pending: 'pending',
  failed: 'failed',
} as const;

export interface LogTarget {
  emailType: string;
  toAddress: string;
  userId: number | null;
  postId: number | null;
  topicId: number | null;
  incomingEmailId?: number | null;
}

export async function findPostEmailLog(
  db: Db,
  postId: number,
  userId: number,
  emailType: string,
): Promise<EmailLog | undefined> {
  return db
    .selectFrom('email_logs')
    .selectAll()
    .where('post_id', '=', postId)
    .where('user_id', '=', userId)
    .where('email_type', '=', emailType)
    .executeTakeFirst();
}

function baseValues(t: LogTarget) {
  const now = nowIso();
  return {
    email_type: t.emailType,
    to_address: t.toAddress,
    cc_addresses: null,
    user_id: t.userId,
    post_id: t.postId,
    topic_id: t.topicId,
    incoming_email_id: t.incomingEmailId ?? null,
    message_id: null,
    reply_key: null,
    bounce_key: null,
    bounce_error_code: null,
    skipped_reason: null,
    smtp_response: null,
    raw: null,
    created_at: now,
    updated_at: now,
  };
}

/** Records a skip; a row already there for the same (post, user, type) wins unless it is a failed attempt. */
export async function logSkip(
  db: Db,
  target: LogTarget,
  reason: SkipReason,
  existing?: EmailLog,
): Promise<void> {
  if (existing) return markSkipped(db, existing.id, reason);
  await db
    .insertInto('email_logs')
    .values({ ...baseValues(target), status: EMAIL_STATUS.skipped, skipped_reason: reason })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** A failed attempt turned into a skip (the reason appeared before a retry). */
export async function markSkipped(db: Db, logId: number, reason: SkipReason): Promise<void> {
  await db
    .updateTable('email_logs')
    .set({ status: EMAIL_STATUS.skipped, skipped_reason: reason, updated_at: nowIso() })
    .where('id', '=', logId)
    .where('status', '=', EMAIL_STATUS.failed)
    .execute();
}

/**
 * Opens (or reopens, for a retry) the log row of a send as 'failed'. Returns undefined when
 * another row for the same (post, user, type) already exists: that email was handled.
 */
export async function openSendAttempt(
  db: Db,
  target: LogTarget,
  ids: { messageId: string; replyKey: string | null; bounceKey: string },
  existing?: EmailLog,
): Promise<EmailLog | undefined> {
  const fields = {
    to_address: target.toAddress,
    message_id: bareMessageId(ids.messageId),
    reply_key: ids.replyKey,
    bounce_key: ids.bounceKey,
  };
  if (existing) {
    return db
      .updateTable('email_logs')
      .set({ ...fields, updated_at: nowIso() })
      .where('id', '=', existing.id)
      .where('status', '=', EMAIL_STATUS.failed)
      .returningAll()
      .executeTakeFirst();
  }
  return db
    .insertInto('email_logs')
    .values({ ...baseValues(target), ...fields, status: EMAIL_STATUS.failed })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
}

/**
 * Sends a logged message, or keeps it when no outgoing server is configured (status
 * 'pending' with the raw message, delivered later by deliverPendingMail). A transport
 * error is recorded on the row and rethrown so the job runner retries with backoff.
 */
export async function dispatchLoggedEmail(
  ctx: ForumContext,
  log: EmailLog,
  message: OutgoingMessage,
): Promise<void> {
  if (!ctx.mail) {
    await ctx.db
      .updateTable('email_logs')
      .set({
        status: EMAIL_STATUS.pending,
        skipped_reason: NO_OUTGOING_SERVER,
        raw: await renderRawMessage(message),
        updated_at: nowIso(),
      })
      .where('id', '=', log.id)
      .execute();
    return;
  }
  let response: string;
  try {
    response = (await ctx.mail.send(message)).response;
  } catch (e) {
    await ctx.db
      .updateTable('email_logs')
      .set({ smtp_response: errorText(e).slice(0, 1000), updated_at: nowIso() })
      .where('id', '=', log.id)
      .execute();
    throw e;
  }
  await markSent(ctx.db, ctx.settings, log, response);
}

export function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** 'sent', and the recipient's bounce score eroded a little (behaviour.md §6 E64). */
export async function markSent(
  db: Db,
  settings: SiteSettings,
  log: EmailLog,
  response: string,
): Promise<void> {
  await db
    .updateTable('email_logs')
    .set({
      status: EMAIL_STATUS.sent,
      skipped_reason: null,
      smtp_response: response.slice(0, 1000),
      updated_at: nowIso(),
    })
    .where('id', '=', log.id)
    .execute();
  if (log.user_id === null) return;
  const parsed = Number.parseFloat(settings.raw('bounce_score_erode_on_send'));
  const erode = Number.isFinite(parsed) && parsed > 0 ? parsed : 0;
  if (erode === 0) return;
  // CASE rather than MAX/GREATEST so the same statement runs on SQLite and PostgreSQL.
  await db
    .updateTable('users')
    .set({
      bounce_score: sql<number>`CASE WHEN bounce_score > ${erode} THEN bounce_score - ${erode} ELSE 0 END`,
    })
    .where('id', '=', log.user_id)
    .where('bounce_score', '>', 0)
    .execute();
}

/** Emails sent (or kept for sending) to a user or address in the last 24 hours: the daily cap's count. */
export async function emailsInLastDay(
  db: Db,
  who: { userId: number } | { address: string },
  now = new Date(),
): Promise<number> {
  const since = new Date(now.getTime() - 24 * 60 * 60_000).toISOString();
  let q = db
    .selectFrom('email_logs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', 'in', [EMAIL_STATUS.sent, EMAIL_STATUS.pending])
    .where('created_at', '>', since);
  q = 'userId' in who ? q.where('user_id', '=', who.userId) : q.where('to_address', '=', who.address);
  const row = await q.executeTakeFirst();
  return Number(row?.n ?? 0);
}
