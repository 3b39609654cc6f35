// One-time email tokens (Discourse's EmailToken): the proof that someone reads an address,
// for account activation and password reset. Only the SHA-256 is stored; a token is valid
// once, for email_token_valid_hours, and only for the scope it was made for.
import type { Db } from '../db/database';
import type { EmailTokenScope } from '../db/schema';
import type { SiteSettings } from '../settings/site-settings';
import { randomToken, sha256 } from '../auth/secrets';
import { nowIso } from '../util/clock';

/** Returns the token to put in the email. */
export async function createEmailToken(
  db: Db,
  userId: number,
  email: string,
  scope: EmailTokenScope,
): Promise<string> {
  const token = randomToken(16);
  await db
    .insertInto('email_tokens')
    .values({ user_id: userId, email, token_hash: sha256(token), scope, created_at: nowIso() })
    .execute();
  return token;
}

export interface ConfirmedToken {
  userId: number;
  email: string;
}

/** The stored row of a token still usable for `scope`: known, unused, unexpired and in time. */
async function usableToken(db: Db, settings: SiteSettings, token: unknown, scope: EmailTokenScope) {
  if (typeof token !== 'string' || !/^[0-9a-f]{32}$/.test(token)) return undefined;
  const row = await db
    .selectFrom('email_tokens')
    .selectAll()
    .where('token_hash', '=', sha256(token))
    .where('scope', '=', scope)
    .executeTakeFirst();
  if (!row || row.confirmed || row.expired) return undefined;
  const validMs = settings.int('email_token_valid_hours') * 3_600_000;
  if (Date.parse(row.created_at) < Date.now() - validMs) return undefined;
  return row;
}

/**
 * Whether a token would confirm, without using it up: what a page shows before the person
 * acts (Discourse's password_reset_show with committing_change: false). A GET must never
 * spend a link, or mail scanners that follow links would.
 */
export async function peekEmailToken(
  db: Db,
  settings: SiteSettings,
  token: unknown,
  scope: EmailTokenScope,
): Promise<ConfirmedToken | undefined> {
  const row = await usableToken(db, settings, token, scope);
  return row ? { userId: row.user_id, email: row.email } : undefined;
}

/**
 * Confirms a token of `scope`: undefined when unknown, used, expired or of another scope. The
 * user's other unused tokens of the same scope expire with it, so an older email cannot be
 * replayed after a newer one was used.
 */
export async function confirmEmailToken(
  db: Db,
  settings: SiteSettings,
  token: unknown,
  scope: EmailTokenScope,
): Promise<ConfirmedToken | undefined> {
  const row = await usableToken(db, settings, token, scope);
  if (!row) return undefined;
  const used = await db
    .updateTable('email_tokens')
    .set({ confirmed: 1 })
    .where('id', '=', row.id)
    .where('confirmed', '=', 0)
    .executeTakeFirst();
  // A concurrent confirmation of the same token won the race.
  if (Number(used.numUpdatedRows) === 0) return undefined;
  await db
    .updateTable('email_tokens')
    .set({ expired: 1 })
    .where('user_id', '=', row.user_id)
    .where('scope', '=', scope)
    .where('confirmed', '=', 0)
    .execute();
  return { userId: row.user_id, email: row.email };
}
