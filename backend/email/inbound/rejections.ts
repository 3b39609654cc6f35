// The reply a rejected email gets (behaviour.md §3.9, §3.7 loop guards, §6 E 61): only for codes
// whose catalogue entry says rejection 'reply'; never to a bounce, never to one of our own
// addresses; at most one per sender, code and day — except "unrecognised" errors, which are
// always answered (they are our fault). The text is stored on the incoming email record.
import type { Db } from '../../db/database';
import type { SiteSettings } from '../../settings/site-settings';
import { errorCatalog, type ErrorCode, type ErrorParams } from '../../../shared/domain/errors';
import { normalizeEmail } from '../../../shared/util/email-address';
import { enqueueSystemEmail } from '../outbound/system-email';
import { emailSiteTitle } from '../outbound/site-identity';
import { isOwnAddress } from './destinations';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The email log type of a rejection reply, as Discourse's `email_reject_*` templates. */
export function rejectionEmailType(code: ErrorCode): string {
  return `email_reject_${code}`;
}

export function rejectionText(
  settings: SiteSettings,
  code: ErrorCode,
  params: ErrorParams,
  context: { subject: string; destination: string | undefined },
): string {
  const spec = errorCatalog[code];
  const what = context.subject ? `"${context.subject}"` : 'without a subject';
  const where = context.destination ? ` to ${context.destination}` : '';
  return [
    `We're sorry, but your email${where} (${what}) could not be posted on ${emailSiteTitle(settings)}.`,
    '',
    spec.message(params),
    '',
    'This is an automatic reply; answers to it are not read.',
  ].join('\n');
}

export interface RejectionInput {
  code: ErrorCode;
  params: ErrorParams;
  /** The original From address: rejections go back to whoever wrote the email. */
  to: string | undefined;
  userId: number | null;
  subject: string;
  destination: string | undefined;
  incomingEmailId: number;
  messageId: string | undefined;
  isBounce: boolean;
}

/** Whether a rejection of this code already went to this address in the last day. */
async function sentRecently(db: Db, code: ErrorCode, to: string, now: Date): Promise<boolean> {
  const since = new Date(now.getTime() - DAY_MS).toISOString();
  const logged = await db
    .selectFrom('email_logs')
    .select('id')
    .where('email_type', '=', rejectionEmailType(code))
    .where('to_address', '=', to)
    .where('created_at', '>', since)
    .executeTakeFirst();
  if (logged) return true;
  // A rejection still waiting in the job queue has no log row yet; the incoming email that
  // caused it records that one was sent.
  const queued = await db
    .selectFrom('incoming_emails')
    .select('id')
    .where('error', '=', code)
    .where('rejection_message', 'is not', null)
    .where('from_address', '=', to)
    .where('created_at', '>', since)
    .executeTakeFirst();
  return Boolean(queued);
}

/**
 * Enqueues the rejection reply when the rules allow one; returns its text (stored as the
 * record's rejection_message) or undefined when none is sent.
 */
export async function sendRejection(
  db: Db,
  settings: SiteSettings,
  input: RejectionInput,
  now = new Date(),
): Promise<string | undefined> {
  const spec = errorCatalog[input.code];
  if (!('rejection' in spec) || spec.rejection !== 'reply') return undefined;
  if (input.isBounce || !input.to || !input.to.includes('@')) return undefined;
  const to = normalizeEmail(input.to);
  if (to === normalizeEmail(settings.str('notification_email'))) return undefined;
  if (await isOwnAddress(db, settings, to)) return undefined;
  if (input.code !== 'email_unrecognised' && (await sentRecently(db, input.code, to, now))) return undefined;
  const text = rejectionText(settings, input.code, input.params, {
    subject: input.subject,
    destination: input.destination,
  });
  const subject = /^re:/i.test(input.subject) ? input.subject : `Re: ${input.subject || 'your email'}`;
  await enqueueSystemEmail(db, {
    emailType: rejectionEmailType(input.code),
    to,
    userId: input.userId,
    subject,
    text,
    incomingEmailId: input.incomingEmailId,
    ...(input.messageId ? { inReplyTo: input.messageId, references: [input.messageId] } : {}),
  });
  return text;
}
