// Helpers for the email transport tests: a PM whose recipients hold reply keys, raw reply
// emails to those keys, answering an email we sent, and waiting for something to become true.
import { randomBytes } from 'node:crypto';
import type { User } from '../db/schema';
import type { ReceiveOutcome } from '../email/contracts';
import { receiveEmail } from '../email/inbound/receive-email';
import { getOrCreateReplyKey } from '../email/outbound/reply-keys';
import { createAccount } from '../services/create-account';
import type { ForumContext } from '../services/context';
import { sendPrivateMessage } from '../services/send-private-message';
import { findUserByEmail } from '../users/users-repository';
import { replyToAddress, type SinkMessage } from './smtp-sink';

export const REPLY_TEMPLATE = 'reply+%{reply_key}@foyer.test';

export async function enableReplyByEmail(ctx: ForumContext): Promise<void> {
  await ctx.settings.set('reply_by_email_enabled', 'true');
  await ctx.settings.set('reply_by_email_address', REPLY_TEMPLATE);
  await ctx.settings.set('manual_polling_enabled', 'true');
}

export async function createAdmin(ctx: ForumContext, username = 'admin'): Promise<User> {
  return (
    await createAccount(ctx, {
      username,
      email: `${username}@foyer-admins.test`,
      password: 'an-admin-password-long-enough',
      active: true,
      admin: true,
    })
  ).user;
}

export interface ReplyTarget {
  topicId: number;
  postId: number;
  /** The recipient's address and their reply address for the PM's first post. */
  recipient: { user: User; email: string; replyTo: string };
}

/** A PM from `sender` to `to` (an address or a username), and the recipient's reply address. */
export async function pmWithReplyKey(
  ctx: ForumContext,
  sender: User,
  to: { email: string; username?: string },
  title = `A conversation with ${to.email}`,
): Promise<ReplyTarget> {
  const { topic, post } = await sendPrivateMessage(ctx, sender, {
    title,
    raw: `Hello ${to.email}, this is the first post of "${title}".`,
    targetRecipients: to.username ?? to.email,
  });
  const user = await findUserByEmail(ctx.db, to.email);
  if (!user) throw new Error(`no user for ${to.email} after the PM`);
  const key = await getOrCreateReplyKey(ctx.db, post.id, user.id);
  return {
    topicId: topic.id,
    postId: post.id,
    recipient: { user, email: to.email, replyTo: REPLY_TEMPLATE.replace('%{reply_key}', key) },
  };
}

export interface ReplyEmail {
  from: string;
  to: string;
  cc?: string;
  subject?: string;
  body: string;
  messageId?: string;
  inReplyTo?: string;
}

export function newMessageId(domain = 'example.org'): string {
  return `<${randomBytes(8).toString('hex')}@${domain}>`;
}

/** A plain-text reply as a mail client writes it (RFC 5322, CRLF line ends). */
export function replyEmail(e: ReplyEmail): { raw: string; messageId: string } {
  const messageId = e.messageId ?? newMessageId(e.from.replace(/^.*@|>.*$/g, ''));
  const headers = [
    `From: ${e.from}`,
    `To: ${e.to}`,
    ...(e.cc ? [`Cc: ${e.cc}`] : []),
    `Subject: ${e.subject ?? 'Re: our conversation'}`,
    `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: ${messageId}`,
    ...(e.inReplyTo ? [`In-Reply-To: ${e.inReplyTo}`, `References: ${e.inReplyTo}`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
  ];
  return { raw: `${headers.join('\r\n')}\r\n\r\n${e.body.replace(/\r?\n/g, '\r\n')}\r\n`, messageId };
}

export interface EmailedAnswer {
  /** The Reply-To address of the email answered, where the answer went. */
  address: string;
  outcome: ReceiveOutcome;
  /** The posts of `topicId` after the answer was received, in order. */
  posts: { user_id: number; raw: string; via_email: number; reply_to_post_number: number | null }[];
}

/**
 * Someone answers `mail` (an email of ours, as the SMTP sink kept it) from their mail client:
 * to its Reply-To address, threaded under it, received as the handle_mail poller receives it.
 */
export async function answerByEmail(
  ctx: ForumContext,
  mail: SinkMessage | undefined,
  topicId: number,
  answer: { from: string; subject: string; body: string },
): Promise<EmailedAnswer> {
  const address = replyToAddress(mail);
  const { raw } = replyEmail({ ...answer, to: address, inReplyTo: mail?.parsed.messageId ?? '' });
  const outcome = await receiveEmail(ctx, Buffer.from(raw), { source: 'handle_mail' });
  const posts = await ctx.db
    .selectFrom('posts')
    .select(['user_id', 'raw', 'via_email', 'reply_to_post_number'])
    .where('topic_id', '=', topicId)
    .orderBy('post_number')
    .execute();
  return { address, outcome, posts };
}

/** Polls `check` until it returns something truthy; fails with `what` after `timeoutMs`. */
export async function waitUntil<T>(
  check: () => T | Promise<T>,
  what: string,
  timeoutMs = 10_000,
  intervalMs = 50,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`,
      );
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
