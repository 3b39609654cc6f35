// Email in the end-to-end tests: a real SMTP sink as the outside world Foyer mails, the forum
// started with it (--smtp-url) and with its own inbound SMTP listener, and a person answering a
// received email from their mail client (a real SMTP session to that listener).
import nodemailer from 'nodemailer';
import { replyEmail } from '../../backend/testing/reply-emails';
import { startSmtpSink, type SinkMessage, type SmtpSink } from '../../backend/testing/smtp-sink';
import { test as base } from './backend';
import type { ForumSeed } from './forum-seed';
import { startBackend, type RunningBackend } from './start-backend';

/** Where replies go: Discourse's reply_by_email_address, one key per recipient and post. */
export const REPLY_ADDRESS = 'reply+%{reply_key}@foyer.test';
export const NOTIFICATION_EMAIL = 'noreply@foyer.test';
export const REPLY_KEY_ADDRESS = /^reply\+[0-9a-f]{32}@foyer\.test$/;

/** `test` whose `backend` sends mail to `sink` and receives mail on `backend.inboundSmtpPort`. */
export const test = base.extend<{ sink: SmtpSink }>({
  // Playwright reads the fixture list from the destructuring pattern; this one needs none.
  // eslint-disable-next-line no-empty-pattern
  sink: async ({}, use) => {
    const sink = await startSmtpSink();
    try {
      await use(sink);
    } finally {
      await sink.stop();
    }
  },
  backend: async ({ sink }, use) => {
    const backend = await startBackend({ smtpUrl: sink.url, inboundSmtp: true });
    try {
      await use(backend);
    } finally {
      await backend.stop();
    }
  },
});

export { expect } from './backend';

/**
 * Reply by email on, as an operator sets it up. Personal-message mail waits 20 s by default
 * (personal_email_time_window_seconds, for quick edits); 0 sends at the job runner's next poll.
 */
export async function enableEmail(seed: ForumSeed): Promise<void> {
  const settings: Record<string, string> = {
    reply_by_email_enabled: 'true',
    reply_by_email_address: REPLY_ADDRESS,
    notification_email: NOTIFICATION_EMAIL,
    personal_email_time_window_seconds: '0',
  };
  for (const [name, value] of Object.entries(settings))
    await seed.request(seed.admin.username, 'PUT', `/admin/site_settings/${name}`, { [name]: value });
}

/** Sent to this address (the SMTP envelope, which is what a mail server delivers by). */
export const sentTo = (address: string) => (m: SinkMessage) =>
  m.envelope.rcptTo.map((a) => a.toLowerCase()).includes(address.toLowerCase());

/**
 * Answers `received` from `from`'s mail client: to its Reply-To, threaded (In-Reply-To), with
 * the whole received text quoted below an "On … wrote:" line, as mail clients do by default.
 * Delivered over SMTP to Foyer's inbound listener; resolves once Foyer accepted it (250).
 */
export async function replyByEmail(
  backend: RunningBackend,
  received: SinkMessage,
  from: { name: string; address: string },
  body: string,
): Promise<void> {
  if (backend.inboundSmtpPort === undefined) throw new Error('the backend has no inbound SMTP listener');
  const replyTo = received.parsed.replyTo?.[0]?.address;
  if (!replyTo) throw new Error(`the received email has no Reply-To:\n${received.raw}`);
  const quoted = (received.parsed.text ?? '')
    .trim()
    .split(/\r?\n/)
    .map((line) => `> ${line}`)
    .join('\n');
  const sender = received.parsed.from;
  const { raw } = replyEmail({
    from: `${from.name} <${from.address}>`,
    to: replyTo,
    subject: `Re: ${received.parsed.subject ?? ''}`,
    ...(received.parsed.messageId ? { inReplyTo: received.parsed.messageId } : {}),
    body: `${body}\n\nOn Tue, 3 Mar 2026 at 09:15, ${sender?.name ?? ''} <${sender?.address ?? ''}> wrote:\n${quoted}`,
  });
  const sent = await nodemailer
    .createTransport({ host: '127.0.0.1', port: backend.inboundSmtpPort, secure: false, ignoreTLS: true })
    .sendMail({ envelope: { from: from.address, to: [replyTo] }, raw });
  if (!/^250 /.test(sent.response)) throw new Error(`Foyer did not accept the reply: ${sent.response}`);
}
