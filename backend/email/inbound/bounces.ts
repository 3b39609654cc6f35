// Delivery failure reports (behaviour.md §3.8, §6 E 62–63): recognised by a VERP bounce key in
// any destination (the envelope sender we put on the email, RFC 3464's reports come back to it)
// or by a multipart/report; report-type=delivery-status body (RFC 6522, RFC 3464). The email
// log is marked bounced with the status code and the recipient's bounce score rises: soft
// (4.x.x, RFC 3463 "persistent transient failure") or hard (5.x.x). Bounces never get a reply.
// Crossing bounce_score_threshold revokes the address (staff log + system PM, E 63); a bounce
// to a staged PM participant is shown to the team as a system whisper in that PM (E 65).
import type { Db } from '../../db/database';
import type { EmailLog, User } from '../../db/schema';
import { PM_ARCHETYPE } from '../../policy/guardian';
import { insertPmTopic } from '../../posts/insert-pm-topic';
import { addAllowedUser } from '../../posts/participants';
import { POST_TYPES, publishPrivateMessagePost, writePost } from '../../posts/post-writer';
import type { SiteSettings } from '../../settings/site-settings';
import { findUserByEmail, findUserById, primaryEmail } from '../../users/users-repository';
import { nowIso } from '../../util/clock';
import { replyKeyFromAddress } from '../outbound/reply-addresses';
import { bareId, type ParsedEmail } from './parse-email';

export interface DeliveryReport {
  finalRecipient?: string;
  action?: string;
  /** RFC 3463 status, e.g. "5.1.1". */
  status?: string;
  /** RFC 3464 Diagnostic-Code: the remote server's own words. */
  diagnostic?: string;
}

export interface BounceInfo {
  verpKey?: string;
  /** The email log the bounce is about (by VERP key, else by the returned message's Message-ID). */
  emailLog?: EmailLog;
  /** multipart/report; report-type=delivery-status */
  isReport: boolean;
  reports: DeliveryReport[];
  /** The report's human-readable part, for the whisper when there is no Diagnostic-Code. */
  text?: string;
}

// Discourse's Email::Receiver#verp: a "+verp-<32 hex>@" address, whatever the template.
const GENERIC_VERP = /\+verp-([0-9a-f]{32})@/i;

function verpKeyOf(settings: SiteSettings, addresses: readonly string[]): string | undefined {
  for (const a of addresses) {
    const parsed = replyKeyFromAddress(settings, a);
    if (parsed?.verp) return parsed.key;
    const m = GENERIC_VERP.exec(a);
    if (m?.[1]) return m[1].toLowerCase();
  }
  return undefined;
}

function attachmentText(content: ArrayBuffer | Uint8Array | string): string {
  if (typeof content === 'string') return content;
  return Buffer.from(content instanceof Uint8Array ? content : new Uint8Array(content)).toString('utf8');
}

/** RFC 3464 §2.1: a per-message block, then one block of fields per recipient, blank-line separated. */
export function parseDeliveryStatus(text: string): DeliveryReport[] {
  const reports: DeliveryReport[] = [];
  for (const block of text.replace(/\r/g, '').split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    let last = '';
    for (const line of block.split('\n')) {
      if (/^[ \t]/.test(line) && last) {
        fields.set(last, `${fields.get(last) ?? ''} ${line.trim()}`);
        continue;
      }
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      last = line.slice(0, colon).trim().toLowerCase();
      fields.set(last, line.slice(colon + 1).trim());
    }
    const recipient = fields.get('final-recipient') ?? fields.get('original-recipient');
    const status = /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(fields.get('status') ?? '')?.[1];
    if (!recipient && !status) continue;
    // "Final-Recipient: rfc822; someone@example.com" (address-type ";" generic-address).
    const address = recipient?.includes(';') ? recipient.split(';').slice(1).join(';') : recipient;
    const clean = address?.trim().replace(/^<|>$/g, '').toLowerCase();
    const diagnostic = fields.get('diagnostic-code');
    reports.push({
      ...(clean && clean.includes('@') ? { finalRecipient: clean } : {}),
      ...(diagnostic ? { diagnostic } : {}),
      ...(fields.get('action') ? { action: fields.get('action')?.toLowerCase() } : {}),
      ...(status ? { status } : {}),
    });
  }
  return reports;
}

/** The Message-ID of the returned message (the message/rfc822 or text/rfc822-headers part). */
function returnedMessageId(email: ParsedEmail): string | undefined {
  for (const a of email.attachments) {
    if (a.mimeType !== 'message/rfc822' && a.mimeType !== 'text/rfc822-headers') continue;
    const m = /^message-id:\s*(\S+)/im.exec(attachmentText(a.content));
    if (m?.[1]) return bareId(m[1]);
  }
  return undefined;
}

export async function detectBounce(
  db: Db,
  settings: SiteSettings,
  email: ParsedEmail,
  destinations: readonly string[],
): Promise<BounceInfo | undefined> {
  const ct = email.contentType;
  const isReport =
    /^multipart\/report\b/.test(ct) && /report-type\s*=\s*"?delivery-status/.test(ct.replace(/\s+/g, ' '));
  const verpKey = verpKeyOf(settings, destinations);
  if (!isReport && !verpKey) return undefined;
  const reports = email.attachments
    .filter(
      (a) => a.mimeType === 'message/delivery-status' || a.mimeType === 'message/global-delivery-status',
    )
    .flatMap((a) => parseDeliveryStatus(attachmentText(a.content)));
  let emailLog: EmailLog | undefined;
  if (verpKey)
    emailLog = await db
      .selectFrom('email_logs')
      .selectAll()
      .where('bounce_key', '=', verpKey)
      .executeTakeFirst();
  if (!emailLog) {
    const returned = returnedMessageId(email);
    if (returned)
      emailLog = await db
        .selectFrom('email_logs')
        .selectAll()
        .where('message_id', 'in', [returned, `<${returned}>`])
        .orderBy('id', 'desc')
        .executeTakeFirst();
  }
  return {
    isReport,
    reports,
    ...(verpKey ? { verpKey } : {}),
    ...(emailLog ? { emailLog } : {}),
    ...(email.text ? { text: email.text } : {}),
  };
}

/** §3.3 step 3: a VERP bounce is about the log's recipient; a report about its Final-Recipient. */
export function bounceSender(info: BounceInfo): string | undefined {
  if (info.verpKey && info.emailLog) return info.emailLog.to_address.toLowerCase();
  return info.reports.find((r) => r.finalRecipient)?.finalRecipient;
}

type Severity = 'soft' | 'hard' | 'none';

function severity(status: string | undefined, isReport: boolean): Severity {
  if (status?.startsWith('4.')) return 'soft';
  if (status?.startsWith('5.')) return 'hard';
  if (status?.startsWith('2.')) return 'none';
  // A report we cannot read counts as permanent, as in Discourse. Mail to a VERP address that is
  // not a report at all is an auto-reply sent to the envelope sender (RFC 3834 §4): no score.
  return isReport ? 'hard' : 'none';
}

const points = (settings: SiteSettings, s: Severity): number =>
  s === 'soft' ? settings.int('soft_bounce_score') : s === 'hard' ? settings.int('hard_bounce_score') : 0;

export interface BounceResult {
  /** Users whose score rose, and whether the rise crossed bounce_score_threshold. */
  scored: Array<{ userId: number; added: number; score: number; crossedThreshold: boolean }>;
  statuses: string[];
}

async function addScore(db: Db, settings: SiteSettings, userId: number, added: number) {
  const user = await db
    .selectFrom('users')
    .select('bounce_score')
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user || added <= 0) return undefined;
  const threshold = settings.int('bounce_score_threshold');
  const before = Number(user.bounce_score);
  const after = before + added;
  const resetAfter = new Date(Date.now() + settings.int('reset_bounce_score_after_days') * 86_400_000);
  await db
    .updateTable('users')
    .set({ bounce_score: after, reset_bounce_score_after: resetAfter.toISOString() })
    .where('id', '=', userId)
    .execute();
  const crossedThreshold = before < threshold && after >= threshold;
  if (crossedThreshold) await revokeEmail(db, settings, userId, after, resetAfter.toISOString());
  return { userId, added, score: after, crossedThreshold };
}

export const SYSTEM_USER_ID = -1;

/** Discourse's system user (id -1): the author of system messages, made on first use. */
export async function systemUser(db: Db): Promise<User> {
  const existing = await findUserById(db, SYSTEM_USER_ID);
  if (existing) return existing;
  const now = nowIso();
  // Inactive with no password or email, so nobody can log in as it or mail it; admin-flagged
  // (as Discourse's) so its posts read as the site's. Not staged: it is not an email address.
  const user = await db
    .insertInto('users')
    .values({
      id: SYSTEM_USER_ID,
      username: 'system',
      username_lower: 'system',
      name: 'system',
      active: 0,
      staged: 0,
      admin: 1,
      moderator: 0,
      trust_level: 4,
      password_hash: null,
      created_at: now,
      updated_at: now,
      last_seen_at: null,
      last_posted_at: null,
      suspended_until: null,
      silenced_until: null,
      invited_by_id: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db.insertInto('user_options').values({ user_id: user.id }).execute();
  return user;
}

/**
 * E 63: Discourse's StaffActionLogger#log_revoke_email plus SystemMessage :email_revoked. Runs in
 * the receiver's transaction, so the score, the log entry and the PM commit together.
 */
async function revokeEmail(db: Db, settings: SiteSettings, userId: number, score: number, until: string) {
  const user = await findUserById(db, userId);
  if (!user) return;
  const address = (await primaryEmail(db, userId)) ?? 'your email address';
  const threshold = settings.int('bounce_score_threshold');
  const date = until.slice(0, 10);
  await db
    .insertInto('user_histories')
    .values({
      action: 'revoke_email',
      acting_user_id: null,
      target_user_id: userId,
      details: `Bounce score ${score} reached bounce_score_threshold ${threshold}; no more emails to ${address} until ${date}.`,
      context: null,
      created_at: nowIso(),
    })
    .execute();
  const system = await systemUser(db);
  const topic = await insertPmTopic(db, 'Email delivery problem', system);
  await db.updateTable('topics').set({ subtype: 'system_message' }).where('id', '=', topic.id).execute();
  await addAllowedUser(db, topic.id, system.id);
  await addAllowedUser(db, topic.id, userId);
  const raw = [
    `Emails we sent to ${address} have bounced repeatedly, so we have stopped sending email to it until ${date}.`,
    '',
    'Please check that the address in your preferences is correct and that its mailbox accepts mail ' +
      '(it is not full, and our messages are not blocked as spam). If the address is no longer yours, ' +
      'change it in your preferences; otherwise email will resume automatically after that date.',
  ].join('\n');
  await publishPrivateMessagePost(db, settings, { topic, author: system, raw });
}

/** E 65: the team sees why a staged participant is not getting the conversation. */
async function bounceWhisper(db: Db, log: EmailLog, info: BounceInfo, status: string | undefined) {
  if (log.user_id === null) return;
  const user = await findUserById(db, log.user_id);
  if (!user?.staged) return;
  const topicId =
    log.topic_id ??
    (log.post_id === null
      ? undefined
      : (await db.selectFrom('posts').select('topic_id').where('id', '=', log.post_id).executeTakeFirst())
          ?.topic_id);
  if (topicId === undefined) return;
  const topic = await db
    .selectFrom('topics')
    .selectAll()
    .where('id', '=', topicId)
    .where('archetype', '=', PM_ARCHETYPE)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!topic) return;
  const report = info.reports.find((r) => r.diagnostic) ?? info.reports[0];
  const detail = report?.diagnostic ?? info.text?.trim().slice(0, WHISPER_TEXT_MAX);
  const lines = [`The email to ${log.to_address} bounced (status ${status ?? 'unknown'}).`];
  if (detail) lines.push('', '```text', detail.replace(/```/g, "'''"), '```');
  await writePost(db, {
    topic,
    author: await systemUser(db),
    raw: lines.join('\n'),
    postType: POST_TYPES.whisper,
  });
}

// Enough of a bounce's human-readable part to say why, without pasting the whole report.
const WHISPER_TEXT_MAX = 1000;

/** Marks the email log and raises bounce scores (§3.8). */
export async function handleBounce(
  db: Db,
  settings: SiteSettings,
  info: BounceInfo,
  senderAddress: string | undefined,
): Promise<BounceResult> {
  const statuses = info.reports.map((r) => r.status).filter((s): s is string => Boolean(s));
  const scored: BounceResult['scored'] = [];
  const log = info.emailLog;
  if (log) {
    const status = statuses[0];
    const now = severity(status, info.isReport);
    const before = log.bounced ? severity(log.bounce_error_code ?? undefined, true) : 'none';
    // A repeated report for the same log counts once; a permanent one upgrades a transient one.
    const added = Math.max(0, points(settings, now) - points(settings, before));
    if (!log.bounced || (now === 'hard' && before !== 'hard')) {
      await db
        .updateTable('email_logs')
        .set({ bounced: 1, bounce_error_code: status ?? log.bounce_error_code, updated_at: nowIso() })
        .where('id', '=', log.id)
        .execute();
      // Once per log, like the score: a repeated report adds no second whisper.
      if (now !== 'none') await bounceWhisper(db, log, info, status);
    }
    const userId = log.user_id ?? (await findUserByEmail(db, log.to_address))?.id;
    if (userId !== undefined) {
      const r = await addScore(db, settings, userId, added);
      if (r) scored.push(r);
    }
    return { scored, statuses };
  }
  const targets = info.reports.filter((r) => r.finalRecipient);
  if (targets.length === 0 && senderAddress) targets.push({ finalRecipient: senderAddress });
  const seen = new Set<number>();
  for (const r of targets) {
    const user = r.finalRecipient ? await findUserByEmail(db, r.finalRecipient) : undefined;
    if (!user || seen.has(user.id)) continue;
    seen.add(user.id);
    const added = points(settings, severity(r.status, info.isReport));
    const res = await addScore(db, settings, user.id, added);
    if (res) scored.push(res);
  }
  return { scored, statuses };
}
