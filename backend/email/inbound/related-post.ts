// Finding the post an email answers from its threading headers (behaviour.md §3.4, §4.1): up
// to five ids, In-Reply-To first then References; candidates are our own Message-IDs for this
// host, posts whose outbound id matches, email logs and incoming emails with that id; the most
// recently created candidate wins.
import type { Db } from '../../db/database';
import type { EmailLog, Post } from '../../db/schema';
import { messageIdHost, parseOurMessageId } from '../outbound/message-ids';
import type { ParsedEmail } from './parse-email';

export const MAX_THREAD_IDS = 5;

export function threadIds(email: Pick<ParsedEmail, 'inReplyTo' | 'references'>): string[] {
  return [...new Set([...email.inReplyTo, ...email.references])].slice(0, MAX_THREAD_IDS);
}

/** Both spellings: columns store bare ids, but older rows may carry the brackets. */
const spellings = (ids: readonly string[]): string[] => ids.flatMap((id) => [id, `<${id}>`]);

async function postById(db: Db, id: number): Promise<Post | undefined> {
  return db.selectFrom('posts').selectAll().where('id', '=', id).executeTakeFirst();
}

async function firstPostOf(db: Db, topicId: number): Promise<Post | undefined> {
  return db
    .selectFrom('posts')
    .selectAll()
    .where('topic_id', '=', topicId)
    .orderBy('post_number')
    .executeTakeFirst();
}

/** §3.4: every candidate post for the email's threading ids, newest first. */
export async function relatedPosts(db: Db, baseUrl: string, email: ParsedEmail): Promise<Post[]> {
  const ids = threadIds(email);
  if (ids.length === 0) return [];
  const host = messageIdHost(baseUrl);
  const found = new Map<number, Post>();
  const keep = (p: Post | undefined) => {
    if (p) found.set(p.id, p);
  };
  for (const id of ids) {
    const ours = parseOurMessageId(id, host);
    if (ours?.postId !== undefined) keep(await postById(db, ours.postId));
    else if (ours?.topicId !== undefined) keep(await firstPostOf(db, ours.topicId));
  }
  const all = spellings(ids);
  for (const p of await db.selectFrom('posts').selectAll().where('outbound_message_id', 'in', all).execute())
    keep(p);
  const logs = await db
    .selectFrom('email_logs')
    .select(['post_id', 'topic_id'])
    .where('message_id', 'in', all)
    .execute();
  for (const l of logs) {
    if (l.post_id !== null) keep(await postById(db, l.post_id));
    else if (l.topic_id !== null) keep(await firstPostOf(db, l.topic_id));
  }
  const incoming = await db
    .selectFrom('incoming_emails')
    .select(['post_id'])
    .where('message_id', 'in', all)
    .where('post_id', 'is not', null)
    .execute();
  for (const i of incoming) if (i.post_id !== null) keep(await postById(db, i.post_id));
  return [...found.values()].sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id - a.id);
}

/** §3.3 step 14: a reply to a digest email. */
export async function digestLogFor(db: Db, email: ParsedEmail): Promise<EmailLog | undefined> {
  const first = email.inReplyTo[0];
  if (!first) return undefined;
  return db
    .selectFrom('email_logs')
    .selectAll()
    .where('message_id', 'in', spellings([first]))
    .where('email_type', '=', 'digest')
    .executeTakeFirst();
}

/**
 * §4.1: the group PM an email continues. Incoming emails with one of its ids, restricted to
 * those where the sender appeared in from/to/cc unless the group lets unknown senders reply;
 * plus, when the first In-Reply-To is one of ours, the latest email log with that id sent to
 * the sender. The most recent matching post wins; only PMs of this group count.
 */
export async function groupThreadPost(
  db: Db,
  baseUrl: string,
  email: ParsedEmail,
  groupId: number,
  senderAddress: string,
  allowUnknownSenders: boolean,
): Promise<Post | undefined> {
  const ids = threadIds(email);
  if (ids.length === 0) return undefined;
  const candidates: Post[] = [];
  const rows = await db
    .selectFrom('incoming_emails')
    .select(['post_id', 'from_address', 'to_addresses', 'cc_addresses'])
    .where('message_id', 'in', spellings(ids))
    .where('post_id', 'is not', null)
    .execute();
  for (const r of rows) {
    const addresses = [r.from_address, r.to_addresses, r.cc_addresses]
      .join(';')
      .toLowerCase()
      .split(/[;,\s]+/);
    if (!allowUnknownSenders && !addresses.includes(senderAddress)) continue;
    const p = r.post_id === null ? undefined : await postById(db, r.post_id);
    if (p) candidates.push(p);
  }
  const first = email.inReplyTo[0];
  if (first && parseOurMessageId(first, messageIdHost(baseUrl))) {
    const log = await db
      .selectFrom('email_logs')
      .select(['post_id'])
      .where('message_id', 'in', spellings([first]))
      .where('to_address', '=', senderAddress)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    const p = log?.post_id ? await postById(db, log.post_id) : undefined;
    if (p) candidates.push(p);
  }
  candidates.sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id - a.id);
  for (const p of candidates) {
    const inGroup = await db
      .selectFrom('topic_allowed_groups')
      .innerJoin('topics', 'topics.id', 'topic_allowed_groups.topic_id')
      .select('topics.id')
      .where('topic_allowed_groups.topic_id', '=', p.topic_id)
      .where('topic_allowed_groups.group_id', '=', groupId)
      .where('topics.deleted_at', 'is', null)
      .executeTakeFirst();
    if (inGroup) return p;
  }
  return undefined;
}
