// Who sent the email (behaviour.md §3.3 steps 3, 6 and 7), in Discourse's order: the
// recipient a bounce is about; the original author of mail a group forwarded into its own inbox;
// the real poster of a Mailman list message; the Reply-To of Google-Groups style mail
// (X-Original-From equal to Reply-To); otherwise From. Then the checks on that sender.
import type { Db } from '../../db/database';
import type { User } from '../../db/schema';
import type { SiteSettings } from '../../settings/site-settings';
import { DomainError } from '../../../shared/domain/errors';
import { findUserByEmail, isSilenced } from '../../users/users-repository';
import { nowIso } from '../../util/clock';
import { runCached } from '../../util/cached-query';
import { normalizeEmail } from '../../../shared/util/email-address';
import { isOurReplyAddress } from '../outbound/reply-addresses';
import { header, parseAddressList, type Mailbox, type ParsedEmail } from './parse-email';
import type { Sender } from './types';

/** Discourse's extract_email_address_and_name: `[mailto:a@b]` → `<a@b>`, quotes off the name. */
export function extractAddress(value: string | undefined): Mailbox | undefined {
  if (!value) return undefined;
  const cleaned = value.replace(/\[mailto:([^[\]]+?)\]/gi, '<$1>').replace(/mailto:/gi, '');
  const first = parseAddressList(cleaned)[0];
  if (!first?.address.includes('@')) return undefined;
  return { address: first.address, name: stripQuotes(first.name) };
}

function stripQuotes(name: string): string {
  const m = /^(['"])(.+)\1$/.exec(name.trim());
  return (m?.[2] ?? name).trim();
}

/**
 * RFC 5322 §3.4: a display name is a phrase; unquoted "[" or "]" cannot appear in one. Discourse's
 * mail library refuses such a From, and its receiver then reports "no sender" (fixture
 * invalid_from_1); a From without an address (invalid_from_2) fails the same way.
 */
export function isParsableFrom(value: string | undefined): boolean {
  if (!value) return false;
  const withoutQuoted = value.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\([^()]*\)/g, '');
  const lt = withoutQuoted.indexOf('<');
  const phrase = lt >= 0 ? withoutQuoted.slice(0, lt) : '';
  return !/[[\]]/.test(phrase);
}

/** Mailman: the poster is the first of From, Reply-To, X-MailFrom, X-Original-From that is not the list. */
function mailmanSender(email: ParsedEmail): Mailbox | undefined {
  const list =
    extractAddress(header(email, 'list-post')?.replace(/^<|>$/g, '')) ??
    extractAddress(header(email, 'x-beenthere'));
  if (!list) return undefined;
  const namesFromCc = new Map(email.cc.map((m) => [m.address, m.name]));
  for (const field of ['from', 'reply-to', 'x-mailfrom', 'x-original-from']) {
    const m = extractAddress(header(email, field));
    if (m && m.address !== list.address)
      return { address: m.address, name: m.name || namesFromCc.get(m.address) || '' };
  }
  return undefined;
}

export interface SenderSources {
  /** From a bounce (bounces.ts): the address the failed delivery was for. */
  bounceAddress?: string | undefined;
  /** Mail forwarded by a group into its own inbox: the embedded original author. */
  forwardedOriginal?: Mailbox | undefined;
}

/** §3.3 step 3. Undefined when no usable sender address can be found. */
export function senderAddressOf(email: ParsedEmail, sources: SenderSources = {}): Mailbox | undefined {
  if (sources.bounceAddress) return { address: sources.bounceAddress.toLowerCase(), name: '' };
  if (!email.fromHeader) return undefined;
  if (sources.forwardedOriginal) return sources.forwardedOriginal;
  if (header(email, 'x-mailman-version')) {
    const m = mailmanSender(email);
    if (m) return m;
  }
  const originalFrom = extractAddress(header(email, 'x-original-from'));
  const replyTo = extractAddress(header(email, 'reply-to'));
  if (originalFrom && replyTo && originalFrom.address === replyTo.address) return replyTo;
  if (!isParsableFrom(email.fromHeader)) return undefined;
  const from = email.from[0];
  if (!from?.address.includes('@')) return undefined;
  return { address: from.address, name: stripQuotes(from.name) };
}

/** §3.3 step 6: the sender's entry on the screened-email list (exact normalized address). */
export async function screenedEntry(
  db: Db,
  address: string,
): Promise<{ id: number; action: 'block' | 'do_nothing' } | undefined> {
  const [row] = await runCached(
    db,
    'screenedEntry',
    (q, email: string) => q.selectFrom('screened_emails').select(['id', 'action']).where('email', '=', email),
    normalizeEmail(address),
  );
  return row;
}

/** Discourse's ScreenedEmail#record_match!: every email that reached the check counts. */
export async function recordScreenedMatch(db: Db, id: number): Promise<void> {
  await db
    .updateTable('screened_emails')
    .set((eb) => ({ match_count: eb('match_count', '+', 1), last_match_at: nowIso() }))
    .where('id', '=', id)
    .execute();
}

export async function loadSender(db: Db, mailbox: Mailbox): Promise<Sender> {
  return { address: mailbox.address, name: mailbox.name, user: await findUserByEmail(db, mailbox.address) };
}

/**
 * §3.3 steps 6–7: no sender, our own reply address (a loop), a blocked address, then the
 * account's state. An
 * inactive *staged* user is normal (staged users are always inactive, §1.3).
 */
export function checkSender(
  settings: SiteSettings,
  sender: Sender | undefined,
  screened?: { action: string },
): asserts sender is Sender {
  if (!sender) throw new DomainError('email_no_sender');
  if (isOurReplyAddress(settings, sender.address)) throw new DomainError('email_from_reply_address');
  if (screened?.action === 'block') throw new DomainError('email_screened');
  const user: User | undefined = sender.user;
  if (user) {
    if (!user.active && !user.staged) throw new DomainError('email_inactive_user');
    if (isSilenced(user)) throw new DomainError('email_silenced_user');
  } else if (!settings.bool('enable_staged_users')) {
    throw new DomainError('email_user_not_found');
  }
}
