// Outgoing mail over SMTP with nodemailer, configured by one URL:
//   smtp://user:pass@host:port   submission with STARTTLS (port 587 by default)
//   smtps://user:pass@host:port  implicit TLS (RFC 8314 §3.3; port 465 by default)
// TLS policy, decided so a password never crosses a network in clear text:
//   * smtps:// always uses TLS with certificate checks.
//   * smtp:// to another machine upgrades with STARTTLS whenever the server offers it, and
//     *requires* it when the URL carries credentials (RFC 4954 §4: no plain-text AUTH
//     without a protected channel) — the send fails rather than leaking the password.
//   * smtp:// to a loopback address (127.0.0.0/8, ::1, localhost) skips STARTTLS: the
//     traffic never leaves the machine, and local relays and test servers often offer
//     STARTTLS with a self-signed certificate that would make every send fail.
import { createTransport, type SendMailOptions } from 'nodemailer';
import { DomainError } from '../../../shared/domain/errors';
import type { MailTransport, OutgoingMessage } from '../../services/context';

export interface SmtpSettings {
  /** Implicit TLS from the first byte (smtps://). */
  secure: boolean;
  host: string;
  port: number;
  auth?: { user: string; pass: string };
  /** Fail unless STARTTLS succeeds. */
  requireTLS: boolean;
  /** Never try STARTTLS (loopback only). */
  ignoreTLS: boolean;
}

const bad = (detail: string) =>
  new DomainError('invalid_parameters', {
    detail: `the outgoing mail server URL ${detail} Use smtp://user:password@host:587 or smtps://user:password@host:465.`,
  });

export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(?:\.\d{1,3}){3}$/.test(h);
}

export function parseSmtpUrl(url: string): SmtpSettings {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    throw bad('is not a URL.');
  }
  const scheme = u.protocol.replace(/:$/, '').toLowerCase();
  if (scheme !== 'smtp' && scheme !== 'smtps')
    throw bad(`starts with "${scheme}://", not smtp:// or smtps://.`);
  if (!u.hostname) throw bad('names no host.');
  if ((u.pathname !== '' && u.pathname !== '/') || u.search || u.hash)
    throw bad('has a path or query; it takes only user, password, host and port.');
  const secure = scheme === 'smtps';
  const port = u.port ? Number(u.port) : secure ? 465 : 587;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw bad(`has an invalid port "${u.port}".`);
  let user: string;
  let pass: string;
  try {
    user = decodeURIComponent(u.username);
    pass = decodeURIComponent(u.password);
  } catch {
    throw bad('has a badly percent-encoded user or password.');
  }
  if (user && !pass) throw bad('has a user but no password (percent-encode ":" "@" "/" in passwords).');
  if (!user && pass) throw bad('has a password but no user.');
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const loopback = isLoopbackHost(host);
  return {
    secure,
    host,
    port,
    ...(user ? { auth: { user, pass } } : {}),
    requireTLS: !secure && !loopback && Boolean(user),
    ignoreTLS: !secure && loopback,
  };
}

/** Our message as nodemailer's fields; also used to render the raw message we keep. */
export function toNodemailerOptions(message: OutgoingMessage): SendMailOptions {
  return {
    from: message.from,
    to: message.to,
    ...(message.cc?.length ? { cc: message.cc } : {}),
    ...(message.replyTo ? { replyTo: message.replyTo } : {}),
    subject: message.subject,
    text: message.text,
    ...(message.html ? { html: message.html } : {}),
    messageId: message.messageId,
    headers: message.headers,
    ...(message.envelope ? { envelope: message.envelope } : {}),
    ...(message.attachments?.length ? { attachments: message.attachments } : {}),
  };
}

export function createSmtpTransport(url: string): MailTransport {
  const s = parseSmtpUrl(url);
  const transporter = createTransport({
    host: s.host,
    port: s.port,
    secure: s.secure,
    requireTLS: s.requireTLS,
    ignoreTLS: s.ignoreTLS,
    ...(s.auth ? { auth: s.auth } : {}),
    // Fail fast when the server is down: the job is retried with backoff (queue.ts).
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  return {
    async send(message) {
      const info = await transporter.sendMail(toNodemailerOptions(message));
      return { response: String(info.response ?? '') };
    },
  };
}
