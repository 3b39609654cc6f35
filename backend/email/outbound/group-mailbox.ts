// A group's own mailbox as an SMTP client (behaviour.md §2.2, §4.2): the server, port, TLS
// mode and login set on the group. Replies in the group's messages leave through it, so the
// customer sees the team's address and answers straight back to it.
//
// TLS follows the same rule as the site's transport (smtp-transport.ts): the mailbox password
// never crosses a network in clear text. "none" is accepted only for a server on this
// machine; update-group.ts refuses it for any other host.
import { createTransport, type Transporter } from 'nodemailer';
import type { Group } from '../../db/schema';
import type { MailTransport } from '../../services/context';
import { isLoopbackHost, toNodemailerOptions } from './smtp-transport';

/** Discourse's Group.smtp_ssl_modes. */
export const SMTP_SSL_MODES = { none: 0, ssl_tls: 1, starttls: 2 } as const;
export type SmtpSslModeName = keyof typeof SMTP_SSL_MODES;

/** An SSL mode as clients send it: its name ("starttls") or its number (2); undefined if neither. */
export function parseSslMode(v: number | string): number | undefined {
  const n =
    typeof v === 'number'
      ? v
      : /^\d$/.test(v.trim())
        ? Number(v)
        : SMTP_SSL_MODES[v.trim() as SmtpSslModeName];
  return n !== undefined && (Object.values(SMTP_SSL_MODES) as number[]).includes(n) ? n : undefined;
}

export interface MailboxSettings {
  host: string;
  port: number;
  sslMode: number;
  username: string;
  password: string;
}

/** The group's SMTP settings when every one needed to log in is set. */
export function mailboxSettings(group: Group): MailboxSettings | undefined {
  const { smtp_server: host, smtp_port: port, email_username: username, email_password: password } = group;
  if (!host || !port || !username || !password) return undefined;
  return { host, port, sslMode: group.smtp_ssl_mode, username, password };
}

/** Whether the group sends through its own mailbox: switched on and complete. */
export function groupSendsBySmtp(group: Group): boolean {
  return group.smtp_enabled === 1 && mailboxSettings(group) !== undefined;
}

/** Whether these settings would send the password unprotected to another machine. */
export function exposesPassword(s: Pick<MailboxSettings, 'host' | 'sslMode'>): boolean {
  return s.sslMode === SMTP_SSL_MODES.none && !isLoopbackHost(s.host);
}

function transporter(s: MailboxSettings): Transporter {
  const implicit = s.sslMode === SMTP_SSL_MODES.ssl_tls;
  return createTransport({
    host: s.host,
    port: s.port,
    secure: implicit,
    requireTLS: s.sslMode === SMTP_SSL_MODES.starttls,
    // "none" on loopback: local relays often offer STARTTLS with a self-signed certificate.
    ignoreTLS: s.sslMode === SMTP_SSL_MODES.none,
    auth: { user: s.username, pass: s.password },
    // Announce the mailbox's domain in EHLO, as Discourse's group delivery options do.
    name: s.username.split('@').pop() || 'localhost',
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
}

/** One send through the group's server; the connection is closed afterwards. */
export function groupMailTransport(s: MailboxSettings): MailTransport {
  if (exposesPassword(s))
    throw new Error(
      `the group's smtp_ssl_mode is none for ${s.host}: refusing to send the mailbox password in clear text`,
    );
  return {
    async send(message) {
      const t = transporter(s);
      try {
        const info = await t.sendMail(toNodemailerOptions(message));
        return { response: String(info.response ?? '') };
      } finally {
        t.close();
      }
    },
  };
}

/** Connects and logs in without sending anything: "test settings" before saving them. */
export async function verifyMailbox(s: MailboxSettings): Promise<void> {
  const t = transporter(s);
  try {
    await t.verify();
  } finally {
    t.close();
  }
}

/**
 * SMTP 4xx replies (RFC 5321 §4.2.1: transient) — Discourse's Net::SMTPServerBusy — are worth
 * retrying later; connection failures too. 5xx replies are permanent.
 */
export function isTransientSmtpError(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  const code = (e as { responseCode?: unknown }).responseCode;
  return typeof code === 'number' && code >= 400 && code < 500;
}
