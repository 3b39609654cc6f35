// A real SMTP server on 127.0.0.1 that keeps every message it is sent: the "outside world"
// Foyer's outgoing mail reaches in end-to-end tests.
import type { AddressInfo } from 'node:net';
import PostalMime, { type Email } from 'postal-mime';
import { SMTPServer } from 'smtp-server';

export interface SinkMessage {
  raw: Buffer;
  envelope: { mailFrom: string; rcptTo: string[] };
  parsed: Email;
}

export interface SmtpSink {
  port: number;
  /** smtp://127.0.0.1:<port>, for --smtp-url. */
  url: string;
  messages: SinkMessage[];
  /** The first message (already received or still to come) that matches. */
  waitFor(predicate: (m: SinkMessage) => boolean, timeoutMs?: number): Promise<SinkMessage>;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  const waiters = new Set<(m: SinkMessage) => void>();
  const server = new SMTPServer({
    logger: false,
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    closeTimeout: 1_000,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.once('end', () => {
        const raw = Buffer.concat(chunks);
        PostalMime.parse(raw).then(
          (parsed) => {
            const message: SinkMessage = {
              raw,
              envelope: {
                mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                rcptTo: session.envelope.rcptTo.map((r) => r.address),
              },
              parsed,
            };
            messages.push(message);
            for (const w of waiters) w(message);
            callback(null, 'OK: kept by the test sink');
          },
          (e: unknown) =>
            callback(Object.assign(new Error(`554 unparsable: ${String(e)}`), { responseCode: 554 })),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;

  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitFor(predicate, timeoutMs = 10_000) {
      const already = messages.find(predicate);
      if (already) return Promise.resolve(already);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          const seen = messages.map((m) => `${m.envelope.rcptTo.join(',')}: ${m.parsed.subject ?? ''}`);
          reject(new Error(`no matching message within ${timeoutMs} ms; the sink has:\n${seen.join('\n')}`));
        }, timeoutMs);
        const check = (m: SinkMessage) => {
          if (!predicate(m)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(m);
        };
        waiters.add(check);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
