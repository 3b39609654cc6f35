// Test helpers for the receiver: Discourse's fixture emails (../shared/corpus/discourse-emails)
// and a forum set up as Discourse's receiver specs set theirs up, so `receive('text_reply')`
// reads like upstream's `process(:text_reply)`.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Group, IncomingEmail, Post, Topic, User } from '../../db/schema';
import { afterEach, beforeEach } from 'vitest';
import { startTestForum, type TestForum } from '../../testing/forum-fixture';
import { nowIso } from '../../util/clock';
import type { ReceiveOptions, ReceiveOutcome } from '../contracts';
import { receiveEmail } from './receive-email';
import { userEmailJobPayloads } from '../../testing/queued-emails';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const corpusDir = resolve(repoRoot, '..', 'shared', 'corpus', 'discourse-emails');

export const REPLY_KEY = '4f97315cc828096c9cb34c6f1a0d6fe8';
export const VERP_KEYS = ['14b08c855160d67f2e0c2f8ef36e251e', 'b542fb5a9bacda6d28cc061d18e4eb83'] as const;

export function requireCorpus(): string {
  if (!existsSync(corpusDir))
    throw new Error(
      `Discourse's fixture emails are missing: expected them in ${corpusDir} (the shared corpus folder beside this repository).`,
    );
  return corpusDir;
}

export function fixture(name: string): Buffer {
  return readFileSync(join(requireCorpus(), name.endsWith('.eml') ? name : `${name}.eml`));
}

/** A fixture as text with placeholders replaced (FROM, TO, MESSAGE_ID_REPLY_TO, …). */
export function fixtureWith(name: string, replace: Record<string, string>): Buffer {
  let text = fixture(name).toString('utf8');
  for (const [from, to] of Object.entries(replace)) text = text.split(from).join(to);
  return Buffer.from(text, 'utf8');
}

/** reply_with_8bit_encoding as upstream has it: an ISO-8859-1 body (the copy stores UTF-8). */
export function latin1Body(name: string): Buffer {
  const text = fixture(name).toString('utf8');
  const split = text.indexOf('\n\n');
  return Buffer.concat([
    Buffer.from(text.slice(0, split + 2), 'utf8'),
    Buffer.from(text.slice(split + 2), 'latin1'),
  ]);
}

export interface UpstreamWorld {
  /** Owner of reply key 4f97…, address discourse@bar.com ("Foo Bar"). */
  replier: User;
  /** Author of the PM's first post. */
  author: User;
  topic: Topic;
  post: Post;
  group: Group;
  /** linux-admin@b-s-c.co.jp, recipient of the two VERP-keyed email logs. */
  bounced: User;
  existing: User;
}

/** Settings and records mirroring spec/lib/email/receiver_spec.rb's. */
export async function upstreamWorld(forum: TestForum): Promise<UpstreamWorld> {
  const settings: Record<string, string> = {
    reply_by_email_enabled: 'true',
    reply_by_email_address: 'reply+%{reply_key}@bar.com',
    alternative_reply_by_email_addresses: 'alt+%{reply_key}@bar.com',
    email_in: 'true',
    manual_polling_enabled: 'true',
    email_in_authserv_id: 'example.com',
    min_personal_message_post_length: '5',
  };
  for (const [k, v] of Object.entries(settings)) await forum.setting(k, v);
  const author = await forum.user({ username: 'alice', email: 'alice@example.com' });
  const replier = await forum.user({ username: 'foobar', email: 'discourse@bar.com', name: 'Foo Bar' });
  const existing = await forum.user({ username: 'existing', email: 'existing@bar.com' });
  const bounced = await forum.user({ username: 'linuxadmin', email: 'linux-admin@b-s-c.co.jp' });
  const res = await forum.as(author).post('/posts.json', {
    title: 'Reply by email works',
    raw: 'This is the first post of the conversation.',
    archetype: 'private_message',
    target_recipients: 'foobar,linuxadmin',
  });
  if (res.status !== 200) throw new Error(`could not create the PM: ${JSON.stringify(res.json)}`);
  const db = forum.ctx.db;
  const post = await db
    .selectFrom('posts')
    .selectAll()
    .where('id', '=', res.json.id)
    .executeTakeFirstOrThrow();
  const topic = await db
    .selectFrom('topics')
    .selectAll()
    .where('id', '=', post.topic_id)
    .executeTakeFirstOrThrow();
  const now = nowIso();
  await db
    .insertInto('post_reply_keys')
    .values({ post_id: post.id, user_id: replier.id, reply_key: REPLY_KEY, created_at: now })
    .execute();
  for (const key of VERP_KEYS)
    await db
      .insertInto('email_logs')
      .values({
        email_type: 'user_private_message',
        to_address: 'linux-admin@b-s-c.co.jp',
        cc_addresses: null,
        user_id: bounced.id,
        post_id: null,
        topic_id: topic.id,
        incoming_email_id: null,
        message_id: `verp-${key}@foyer.test`,
        reply_key: null,
        bounce_key: key,
        bounce_error_code: null,
        status: 'sent',
        skipped_reason: null,
        smtp_response: '250 ok',
        raw: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
  const group = await forum.group('team', { members: [author] });
  await db
    .updateTable('groups')
    .set({ incoming_email: 'team@bar.com|meat@bar.com|support+team@bar.com|team@somesmtpaddress.com' })
    .where('id', '=', group.id)
    .execute();
  return { replier, author, topic, post, group: { ...group }, bounced, existing };
}

export interface ReceiverTest {
  /** This test's forum (a fresh one per test). */
  readonly forum: TestForum;
  /** Its records, as upstreamWorld made them. */
  readonly world: UpstreamWorld;
}

/**
 * The receiver tests' setup in one place: every test of the calling file gets a fresh forum
 * with upstreamWorld's settings and records, destroyed afterwards.
 */
export function receiverTest(): ReceiverTest {
  let current: { forum: TestForum; world: UpstreamWorld } | undefined;
  beforeEach(async () => {
    const forum = await startTestForum();
    current = { forum, world: await upstreamWorld(forum) };
  });
  afterEach(async () => {
    await current?.forum.destroy();
    current = undefined;
  });
  const now = () => {
    if (!current) throw new Error('receiverTest(): used outside a test');
    return current;
  };
  return {
    get forum() {
      return now().forum;
    },
    get world() {
      return now().world;
    },
  };
}

/** The account that owns an address (staged or not), if any. */
export function userByEmail(forum: TestForum, email: string): Promise<User | undefined> {
  return forum.ctx.db
    .selectFrom('users')
    .innerJoin('user_emails', 'user_emails.user_id', 'users.id')
    .selectAll('users')
    .where('user_emails.normalized_email', '=', email)
    .executeTakeFirst();
}

export interface Received {
  outcome: ReceiveOutcome;
  record: IncomingEmail | undefined;
  post: Post | undefined;
}

export async function receive(
  forum: TestForum,
  email: string | Buffer,
  opts: Partial<ReceiveOptions> = {},
): Promise<Received> {
  const raw = typeof email === 'string' ? fixture(email) : email;
  const outcome = await receiveEmail(forum.ctx, raw, { source: 'handle_mail', ...opts });
  const record = await forum.ctx.db
    .selectFrom('incoming_emails')
    .selectAll()
    .where('id', '=', outcome.incomingEmailId)
    .executeTakeFirst();
  const post =
    outcome.postId === undefined
      ? undefined
      : await forum.ctx.db
          .selectFrom('posts')
          .selectAll()
          .where('id', '=', outcome.postId)
          .executeTakeFirst();
  return { outcome, record, post };
}

/** Rejection (and other system) emails waiting in the job queue. */
export async function queuedSystemEmails(
  forum: TestForum,
): Promise<Array<{ emailType: string; to: string; subject: string; text: string }>> {
  const payloads = await userEmailJobPayloads<{
    kind?: string;
    emailType: string;
    to: string;
    subject: string;
    text: string;
  }>(forum.ctx.db);
  return payloads.filter((p) => p.kind === 'system');
}
