// The seams between the email loop's parts, fixed here so each part can be built and tested
// on its own: outbound (email/outbound), the receiver (email/inbound) and the transports
// (email/transports). Implementations live in the files named beside each declaration.

/** How a raw email reached us. */
export type IncomingSource = 'smtp' | 'imap' | 'handle_mail';

/**
 * Sender authentication as verified by our SMTP listener (mailauth) or read from a trusted
 * Authentication-Results header (email_in_authserv_id). Absent: not verified (IMAP without
 * a trusted header, for example).
 */
export interface AuthVerdict {
  spf?: 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'temperror' | 'permerror';
  dkim?: 'pass' | 'fail' | 'none' | 'neutral' | 'temperror' | 'permerror' | 'policy';
  dmarc?: 'pass' | 'fail' | 'none' | 'temperror' | 'permerror';
  /** The Authentication-Results text we stored with the email. */
  header?: string;
}

export interface ReceiveOptions {
  source: IncomingSource;
  auth?: AuthVerdict;
  /** SMTP envelope recipients (RCPT TO), which count as destinations besides To/Cc. */
  envelopeTo?: string[];
}

/**
 * What happened to one received email. `duplicate` means the same Message-ID (or raw hash)
 * was received before: nothing new was created and `incomingEmailId` is the earlier record.
 */
export interface ReceiveOutcome {
  incomingEmailId: number;
  status: 'processed' | 'rejected' | 'held' | 'dropped' | 'bounced' | 'duplicate';
  /** An error code of shared/domain/errors.ts (email_*), when rejected/dropped/held/bounced. */
  errorCode?: string;
  postId?: number;
  topicId?: number;
}

// Implemented in email/inbound/receive-email.ts:
//   export async function receiveEmail(ctx: ForumContext, raw: Buffer | string, opts: ReceiveOptions): Promise<ReceiveOutcome>
// Implemented in email/inbound/destinations.ts:
//   export async function isAcceptedRecipient(ctx: ForumContext, address: string): Promise<boolean>
//     — true for our reply addresses (with a well-formed key, VERP bounce addresses included), group
//       incoming addresses (when email_in is on) and category addresses; the SMTP listener refuses
//       every other RCPT TO (no backscatter).
// Implemented in email/outbound/smtp-transport.ts:
//   export function createSmtpTransport(url: string): MailTransport   (smtp://user:pass@host:port, smtps://…)
// Implemented in email/outbound/enqueue-post-emails.ts:
//   export async function enqueuePostEmails(db: Db, settings: SiteSettings, input: { topic: Topic; post: Post; author: User;
//     notifiedUserIds: number[]; excludeUserIds?: number[] }): Promise<void>
//     — called inside the transaction that wrote the post (posts/post-writer.ts publishPrivateMessagePost).
// Implemented in email/outbound/system-email.ts:
//   export async function enqueueSystemEmail(db: Db, input: { emailType: string; to: string; userId?: number | null;
//     subject: string; text: string; inReplyTo?: string; references?: string[]; incomingEmailId?: number }): Promise<void>
//     — rejection replies and other non-notification mail, through the same durable queue and email log.
// Implemented in email/outbound/message-ids.ts:
//   export function postMessageId(postId: number, host: string): string        // "<foyer/post/123@host>"
//   export function parseOurMessageId(id: string, host: string): { postId?: number; topicId?: number } | undefined
//     — recognises our format and Discourse's historical ones (discourse/post/N@host, topic/T@host, topic/T/P@host).
// Implemented in email/outbound/reply-addresses.ts:
//   export function replyKeyFromAddress(settings: SiteSettings, address: string): { key: string; verp: boolean } | undefined
//   export function isOurReplyAddress(settings: SiteSettings, address: string): boolean   // any template, key or not
