// Test support for outbound mail: a test forum wired to a real SMTP sink (backend/testing/
// smtp-sink.ts) with reply-by-email on, and small helpers to send and inspect mail.
import { afterEach, beforeEach } from 'vitest';
import type { User } from '../../db/schema';
import { startTestForum, type Reply, type TestForum } from '../../testing/forum-fixture';
import { createSmtpTransport } from './smtp-transport';
import { startSmtpSink, type SmtpSink } from '../../testing/smtp-sink';

export const REPLY_TEMPLATE = 'reply+%{reply_key}@foyer.test';
export const NOTIFICATION_EMAIL = 'noreply@foyer.test';

/** A test forum that sends through `smtp` (or keeps mail, with `smtp` null), reply-by-email on. */
export async function startMailForum(smtp: SmtpSink | null): Promise<TestForum> {
  const forum = await startTestForum();
  await configureMail(forum, smtp);
  return forum;
}

/**
 * A fresh SMTP sink and mail forum for every test of the file, stopped after it; `use` receives
 * them (test files keep them in their own `let forum`, `let smtp`).
 */
export function mailForumPerTest(use: (forum: TestForum, smtp: SmtpSink) => void): void {
  let current: { forum: TestForum; smtp: SmtpSink } | undefined;
  beforeEach(async () => {
    const smtp = await startSmtpSink();
    const forum = await startMailForum(smtp);
    current = { forum, smtp };
    use(forum, smtp);
  });
  afterEach(async () => {
    await current?.forum.destroy();
    await current?.smtp.stop();
    current = undefined;
  });
}

export async function configureMail(forum: TestForum, smtp: SmtpSink | null): Promise<void> {
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
