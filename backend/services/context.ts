// What every service receives: the database, the site settings, and the outside world the
// forum talks to (outgoing mail, the public URL). Built once in main.ts.
import type { Db } from '../db/database';
import type { SiteSettings } from '../settings/site-settings';
import type { Clock } from '../util/clock';
import type { ForumEvents } from '../events/forum-events';

/** One outgoing email, as handed to the transport (nodemailer's message fields). */
export interface OutgoingMessage {
  from: string;
  to: string;
  cc?: string[];
  replyTo?: string;
  subject: string;
  text: string;
  html?: string;
  messageId: string;
  headers: Record<string, string>;
  /** SMTP envelope; `from` carries the VERP bounce address when there is one. */
  envelope?: { from: string; to: string[] };
  attachments?: Array<{ filename: string; content: Buffer; contentType: string }>;
}

export interface MailTransport {
  send(message: OutgoingMessage): Promise<{ response: string }>;
}

export interface ForumContext {
  db: Db;
  settings: SiteSettings;
  /** Where people reach this forum, for links in emails ("http://127.0.0.1:4200" by default). */
  baseUrl: string;
  /** Outgoing mail; null when no SMTP server is configured (mail is kept, not lost). */
  mail: MailTransport | null;
  /** Data folder (uploads live under it). */
  dataDir: string;
  /** The time scheduled work runs at; the system clock when absent (tests inject their own). */
  clock?: Clock;
  /** In-process events (user_unstaged, …) for subscribers such as a welcome-message sender. */
  events: ForumEvents;
}
