// A real SMTP server on 127.0.0.1 that keeps every message it is sent: the "outside world"
// Foyer's outgoing mail reaches in tests. It can be stopped and started again on the same
// port (the "mail server is down" case).
import type { AddressInfo } from 'node:net';
import PostalMime, { decodeWords, type Email } from 'postal-mime';
import { SMTPServer } from 'smtp-server';

export interface SinkMessage {
  raw: string;
  mailFrom: string;
  rcptTo: string[];
  envelope: { mailFrom: string; rcptTo: string[] };
  parsed: Email;
  /** The user the client logged in as, when the sink requires a login. */
  authUser: string | undefined;
  /** A header's value, unfolded and decoded; undefined when absent. */
  header(name: string): string | undefined;
}

/** The address a reply to `m` goes to (its first Reply-To); '' when it has none. */
export function replyToAddress(m: SinkMessage | undefined): string {
  const first = m?.parsed.replyTo?.[0];
  return first && 'address' in first ? (first.address ?? '') : '';
}

export interface SmtpSink {
  readonly port: number;
  /** smtp://127.0.0.1:<port>, for --smtp-url. */
  readonly url: string;
  messages: SinkMessage[];
  /** Messages whose envelope names this recipient. */
  to(address: string): SinkMessage[];
  /** The first message (already received or still to come) that matches. */
  waitFor(predicate: (m: SinkMessage) => boolean, timeoutMs?: number): Promise<SinkMessage>;
  stop(): Promise<void>;
  /** Listens again on the same port after stop(). */
  start(): Promise<void>;
  /** Answers every DATA with this transient (4xx) or permanent (5xx) reply until set back to null. */
  refuseWith(reply: { code: number; message: string } | null): void;
}

export interface SmtpSinkOptions {
  /** Require AUTH (PLAIN/LOGIN, allowed without TLS on loopback) with exactly these credentials. */
  auth?: { user: string; pass: string };
}

export async function startSmtpSink(opts: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  let refusal: { code: number; message: string } | null = null;
  const waiters = new Set<(m: SinkMessage) => void>();
  let server: SMTPServer | undefined;
  let port = 0;

  const keep = (
    raw: string,
    parsed: Email,
    mailFrom: string,
    rcptTo: string[],
    authUser: string | undefined,
  ) => {
    const message: SinkMessage = {
      raw,
      mailFrom,
      rcptTo,
      envelope: { mailFrom, rcptTo },
      parsed,
      authUser,
      header(name) {
        const h = parsed.headers.find((x) => x.key === name.toLowerCase());
        return h ? decodeWords(h.value) : undefined;
      },
    };
    messages.push(message);
    for (const w of waiters) w(message);
  };

  const listen = async () => {
    const s = new SMTPServer({
      logger: false,
      secure: false,
      closeTimeout: 200,
      ...(opts.auth
        ? {
            authOptional: false,
            allowInsecureAuth: true,
            authMethods: ['PLAIN', 'LOGIN'],
            disabledCommands: ['STARTTLS'],
            onAuth(auth, _session, callback) {
              const ok = auth.username === opts.auth?.user && auth.password === opts.auth?.pass;
              if (ok) callback(null, { user: auth.username });
              else callback(Object.assign(new Error('535 bad username or password'), { responseCode: 535 }));
            },
          }
        : { authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'] }),
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.once('end', () => {
          if (refusal) {
            callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
            return;
          }
          const raw = Buffer.concat(chunks).toString('utf8');
          PostalMime.parse(raw).then(
            (parsed) => {
              const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
              keep(
                raw,
                parsed,
                mailFrom,
                session.envelope.rcptTo.map((r) => r.address),
                typeof session.user === 'string' ? session.user : undefined,
              );
              callback(null, 'OK: kept by the test sink');
            },
            (e: unknown) =>
              callback(Object.assign(new Error(`554 unparsable: ${String(e)}`), { responseCode: 554 })),
          );
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve());
    });
    port = (s.server.address() as AddressInfo).port;
    server = s;
  };
  await listen();

  return {
    get port() {
      return port;
    },
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    messages,
    to: (address) => messages.filter((m) => m.rcptTo.includes(address)),
    waitFor(predicate, timeoutMs = 10_000) {
      const already = messages.find(predicate);
      if (already) return Promise.resolve(already);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          const seen = messages.map((m) => `${m.rcptTo.join(',')}: ${m.parsed.subject ?? ''}`);
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
    async stop() {
      const s = server;
      server = undefined;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    start: listen,
    refuseWith(reply) {
      refusal = reply;
    },
  };
}
