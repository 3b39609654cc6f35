// Where an email is going (behaviour.md §3.3 step 13): each recipient address mapped to a group
// incoming address (only when email_in is on), a category incoming address (likewise; see
// category-destination.ts), or a reply key in one of our reply
// address templates. Also answers the SMTP listener's RCPT TO question (isAcceptedRecipient),
// so mail for anything else is refused at the door instead of bounced later (no backscatter).
import type { Db } from '../../db/database';
import type { Group } from '../../db/schema';
import type { ForumContext } from '../../services/context';
import type { SiteSettings } from '../../settings/site-settings';
import type { ReceiveOptions } from '../contracts';
import { isOurReplyAddress, replyKeyFromAddress } from '../outbound/reply-addresses';
import { headerValues, parseAddressList, type ParsedEmail } from './parse-email';
import { runCached } from '../../util/cached-query';
import { categoryForAddress } from './category-destination';

export interface ReplyKeyRow {
  id: number;
  post_id: number;
  user_id: number;
  reply_key: string;
  created_at: string;
}

export type Destination =
  | { kind: 'group'; address: string; group: Group }
  | { kind: 'category'; address: string; categoryId: number }
  | { kind: 'reply_key'; address: string; key: string; replyKey: ReplyKeyRow | undefined };

const normalize = (a: string): string => a.trim().replace(/^<|>$/g, '').trim().toLowerCase();

/**
 * Recipient addresses in Discourse's order — To, Cc, Bcc, X-Forwarded-To, Delivered-To — then
 * the SMTP envelope recipients (RCPT TO), which are what the mail was really delivered to.
 */
export function destinationAddresses(
  email: ParsedEmail,
  opts: Pick<ReceiveOptions, 'envelopeTo'> = {},
): string[] {
  const out: string[] = [];
  const add = (a: string | undefined) => {
    const n = a ? normalize(a) : '';
    if (n.includes('@') && !out.includes(n)) out.push(n);
  };
  for (const m of [...email.to, ...email.cc, ...email.bcc]) add(m.address);
  for (const name of ['x-forwarded-to', 'delivered-to'])
    for (const v of headerValues(email, name)) for (const m of parseAddressList(v)) add(m.address);
  for (const a of opts.envelopeTo ?? []) add(a);
  return out;
}

/**
 * Every group's incoming addresses (pipe-separated in groups.incoming_email, §2.2) and its
 * mailbox (email_username), which customers answer when the group sends by SMTP (§4.2).
 */
export async function groupAddresses(db: Db): Promise<Map<string, Group>> {
  const groups = await db
    .selectFrom('groups')
    .selectAll()
    .where((eb) => eb.or([eb('incoming_email', 'is not', null), eb('email_username', 'is not', null)]))
    .execute();
  const map = new Map<string, Group>();
  for (const g of groups)
    for (const a of [...(g.incoming_email ?? '').split('|'), g.email_username ?? '']) {
      const n = normalize(a);
      if (n.includes('@') && !map.has(n)) map.set(n, g);
    }
  return map;
}

export async function findGroupByIncomingAddress(
  db: Db,
  settings: SiteSettings,
  address: string,
): Promise<Group | undefined> {
  if (!settings.bool('email_in')) return undefined;
  return (await groupAddresses(db)).get(normalize(address));
}

/** A category whose email_in holds the address (category-destination.ts), whatever email_in says. */
export async function findCategoryByIncomingAddress(
  db: Db,
  _settings: SiteSettings,
  address: string,
): Promise<{ id: number } | undefined> {
  return categoryForAddress(db, address);
}

/** Ours in any way: a reply address (keyed or bare), a group or a category incoming address. */
export async function isOwnAddress(db: Db, settings: SiteSettings, address: string): Promise<boolean> {
  const n = normalize(address);
  if (isOurReplyAddress(settings, n)) return true;
  if ((await groupAddresses(db)).has(n)) return true;
  return (await findCategoryByIncomingAddress(db, settings, n)) !== undefined;
}

async function findReplyKey(db: Db, key: string): Promise<ReplyKeyRow | undefined> {
  const [row] = await runCached(
    db,
    'destinations:replyKey',
    (q, k: string) => q.selectFrom('post_reply_keys').selectAll().where('reply_key', '=', k),
    key,
  );
  return row;
}

/** Destinations in address order; VERP bounce addresses are not destinations (bounces.ts). */
export async function resolveDestinations(
  db: Db,
  settings: SiteSettings,
  addresses: readonly string[],
): Promise<Destination[]> {
  const out: Destination[] = [];
  const groups = settings.bool('email_in') ? await groupAddresses(db) : new Map<string, Group>();
  for (const address of addresses) {
    const group = groups.get(address);
    if (group) {
      out.push({ kind: 'group', address, group });
      continue;
    }
    if (settings.bool('email_in')) {
      const category = await findCategoryByIncomingAddress(db, settings, address);
      if (category) {
        out.push({ kind: 'category', address, categoryId: category.id });
        continue;
      }
    }
    const parsed = replyKeyFromAddress(settings, address);
    if (parsed && !parsed.verp)
      out.push({ kind: 'reply_key', address, key: parsed.key, replyKey: await findReplyKey(db, parsed.key) });
  }
  return out;
}

/**
 * Implements the contract in email/contracts.ts: true for our reply addresses with a
 * well-formed key (VERP bounce addresses included), group incoming addresses when email_in is
 * on, and category addresses. The bare reply address counts too while
 * find_related_post_with_key is off, because then replies are matched by their headers (§3.4).
 */
export async function isAcceptedRecipient(ctx: ForumContext, address: string): Promise<boolean> {
  const n = normalize(address);
  if (!n.includes('@')) return false;
  const { settings } = ctx;
  if (replyKeyFromAddress(settings, n)) return true;
  if (!settings.bool('find_related_post_with_key') && isOurReplyAddress(settings, n)) return true;
  if (!settings.bool('email_in')) return false;
  if (await findGroupByIncomingAddress(ctx.db, settings, n)) return true;
  return (await findCategoryByIncomingAddress(ctx.db, settings, n)) !== undefined;
}
