// Mail that is not about a post — rejection replies to incoming email (behaviour.md §3.9) and
// other notices — through the same durable queue, checks and email log as notifications.
import type { Db } from '../../db/database';
import { enqueueJob } from '../../jobs/queue';
import type { ForumContext, OutgoingMessage } from '../../services/context';
import { findUserById } from '../../users/users-repository';
import { normalizeEmail } from '../../../shared/util/email-address';
import { dispatchLoggedEmail, EMAIL_STATUS, logSkip, openSendAttempt } from './email-log';
import { messageIdHost, withAngleBrackets } from './message-ids';
import { verpBounceAddress } from './reply-addresses';
import { newHexKey } from './reply-keys';
import { siteAndRecipientSkip } from './send-checks';
import { emailSiteTitle, ensureSiteId, machineHeaders, mailbox } from './site-identity';

export interface SystemEmailInput {
  emailType: string;
  to: string;
  userId?: number | null;
  subject: string;
  text: string;
  inReplyTo?: string;
  references?: string[];
  incomingEmailId?: number;
}

export interface SystemEmailPayload extends SystemEmailInput {
  kind: 'system';
  /** Names this email's Message-ID, so a retry finds the log row of the first attempt. */
  token: string;
}

export async function enqueueSystemEmail(db: Db, input: SystemEmailInput): Promise<void> {
  const payload: SystemEmailPayload = { ...input, kind: 'system', token: newHexKey() };
  await enqueueJob(db, {
    type: 'user_email',
    payload: { ...payload },
    // One email per incoming email, type and address, however often the receiver runs on it.
    ...(input.incomingEmailId !== undefined
      ? { uniqueKey: `system_email:${input.emailType}:${input.incomingEmailId}:${normalizeEmail(input.to)}` }
      : {}),
  });
}

export function systemMessageId(token: string, host: string): string {
  return `<foyer/email/${token}@${host}>`;
}

export async function composeSystemEmail(
  ctx: ForumContext,
  p: SystemEmailPayload,
  bounceKey: string,
): Promise<OutgoingMessage> {
  const notification = ctx.settings.str('notification_email');
  const headers = machineHeaders(ctx.settings, await ensureSiteId(ctx.settings));
  if (p.inReplyTo) {
    // An answer to a message is "auto-replied", not "auto-generated" (RFC 3834 §5.2).
    headers['Auto-Submitted'] = 'auto-replied';
    headers['In-Reply-To'] = withAngleBrackets(p.inReplyTo);
    const refs = [...(p.references ?? []), p.inReplyTo].map(withAngleBrackets);
    headers['References'] = [...new Set(refs)].join(' ');
  }
  // Rejections carry a VERP envelope sender like every email, so a bounce of a rejection is
  // recognised as a bounce — and bounces are never answered (§3.8), which closes the loop.
  const verp = verpBounceAddress(ctx.settings, bounceKey);
  return {
    from: mailbox(emailSiteTitle(ctx.settings), notification),
    to: p.to,
    subject: p.subject,
    text: p.text,
    messageId: systemMessageId(p.token, messageIdHost(ctx.baseUrl)),
    headers,
    envelope: { from: verp ?? notification, to: [p.to] },
  };
}

export async function deliverSystemEmail(ctx: ForumContext, p: SystemEmailPayload): Promise<void> {
  const { db } = ctx;
  const messageId = systemMessageId(p.token, messageIdHost(ctx.baseUrl));
  const existing = await db
    .selectFrom('email_logs')
    .selectAll()
    .where('message_id', '=', messageId.slice(1, -1))
    .executeTakeFirst();
  if (existing && existing.status !== EMAIL_STATUS.failed) return;
  const recipient = p.userId ? await findUserById(db, p.userId) : undefined;
  const target = {
    emailType: p.emailType,
    toAddress: p.to,
    userId: recipient?.id ?? null,
    postId: null,
    topicId: null,
    incomingEmailId: p.incomingEmailId ?? null,
  };
  const reason = await siteAndRecipientSkip(ctx, p.emailType, recipient, p.to);
  if (reason) {
    await logSkip(db, target, reason, existing);
    return;
  }
  const bounceKey = existing?.bounce_key ?? newHexKey();
  const message = await composeSystemEmail(ctx, p, bounceKey);
  const log = await openSendAttempt(db, target, { messageId, replyKey: null, bounceKey }, existing);
  if (!log) return;
  await dispatchLoggedEmail(ctx, log, message);
}
