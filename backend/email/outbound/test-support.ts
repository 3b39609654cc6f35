// Test support for outbound mail: a real SMTP server on 127.0.0.1 that keeps what it is sent
// and can be stopped and started again on the same port (the "mail server is down" case),
// and a test forum wired to it with reply-by-email on.
import type { AddressInfo } from 'node:net';
import PostalMime, { decodeWords, type Email } from 'postal-mime';
import { SMTPServer } from 'smtp-server';
import type { User } from '../../db/schema';
import { startTestForum, type Reply, type TestForum } from '../../testing/forum-fixture';
import { createSmtpTransport } from './smtp-transport';

export interface Captured {
  raw: string;
  mailFrom: string;
  rcptTo: string[];
  parsed: Email;
  /** A header's value, unfolded and decoded; undefined when absent. */
  header(name: string): string | undefined;
}

export interface CaptureServer {
  port: number;
  url: string;
  messages: Captured[];
  to(address: string): Captured[];
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startCaptureServer(): Promise<CaptureServer> {
  const messages: Captured[] = [];
  let server: SMTPServer | undefined;
  let port = 0;
  const listen = async () => {
    const s = new SMTPServer({
      logger: false,
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      closeTimeout: 200,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.once('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          PostalMime.parse(raw).then(
            (parsed) => {
              messages.push({
                raw,
                mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                rcptTo: session.envelope.rcptTo.map((r) => r.address),
                parsed,
                header(name) {
                  const h = parsed.headers.find((x) => x.key === name.toLowerCase());
                  return h ? decodeWords(h.value) : undefined;
                },
              });
              callback(null, '250 OK: kept by the test server');
            },
            (e: unknown) => callback(e instanceof Error ? e : new Error(String(e))),
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
    async stop() {
      const s = server;
      server = undefined;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    start: listen,
  };
}

export const REPLY_TEMPLATE = 'reply+%{reply_key}@foyer.test';
export const NOTIFICATION_EMAIL = 'noreply@foyer.test';

/** A test forum that sends through `smtp` (or keeps mail, with `smtp` null), reply-by-email on. */
export async function startMailForum(smtp: CaptureServer | null): Promise<TestForum> {
  const forum = await startTestForum();
  await configureMail(forum, smtp);
  return forum;
}

export async function configureMail(forum: TestForum, smtp: CaptureServer | null): Promise<void> {
  await forum.setting('reply_by_email_enabled', 'true');
  await forum.setting('reply_by_email_address', REPLY_TEMPLATE);
  await forum.setting('notification_email', NOTIFICATION_EMAIL);
  forum.ctx.mail = smtp ? createSmtpTransport(smtp.url) : null;
}

/** Runs every job due within the next minute (past personal_email_time_window_seconds). */
export function drainSoon(forum: TestForum): Promise<number> {
  return forum.jobs.drain(new Date(Date.now() + 60_000));
}

export async function sendPm(
  forum: TestForum,
  from: User,
  target: string,
  extra: Record<string, unknown> = {},
): Promise<Reply> {
  const res = await forum.as(from).post('/posts.json', {
    title: 'Quarterly report',
    raw: 'Here is the report we discussed.',
    archetype: 'private_message',
    target_recipients: target,
    ...extra,
  });
  if (res.status !== 200) throw new Error(`PM failed: ${res.status} ${JSON.stringify(res.json)}`);
  return res;
}

export async function reply(
  forum: TestForum,
  from: User,
  topicId: number,
  raw: string,
  replyTo?: number,
): Promise<Reply> {
  const res = await forum.as(from).post('/posts.json', {
    topic_id: topicId,
    raw,
    ...(replyTo ? { reply_to_post_number: replyTo } : {}),
  });
  if (res.status !== 200) throw new Error(`reply failed: ${res.status} ${JSON.stringify(res.json)}`);
  return res;
}

export async function userByEmail(forum: TestForum, email: string): Promise<User> {
  return forum.ctx.db
    .selectFrom('users')
    .innerJoin('user_emails', 'user_emails.user_id', 'users.id')
    .selectAll('users')
    .where('user_emails.normalized_email', '=', email)
    .executeTakeFirstOrThrow();
}

export async function emailLogs(forum: TestForum) {
  return forum.ctx.db.selectFrom('email_logs').selectAll().orderBy('id').execute();
}
