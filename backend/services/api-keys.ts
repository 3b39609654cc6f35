// API keys: Discourse's "global" (all users) keys let a script act as any Api-Username;
// single-user keys act only as their user. Only the SHA-256 of a key is stored.
import type { User } from '../db/schema';
import { randomToken, sha256 } from '../auth/secrets';
import { nowIso } from '../util/clock';
import type { ForumContext } from './context';

export async function createApiKey(
  ctx: ForumContext,
  opts: { userId: number | null; createdById: number | null; description?: string },
): Promise<string> {
  const key = randomToken(32);
  await ctx.db
    .insertInto('api_keys')
    .values({
      key_hash: sha256(key),
      truncated_key: key.slice(0, 4),
      user_id: opts.userId,
      created_by_id: opts.createdById,
      description: opts.description ?? null,
      created_at: nowIso(),
      last_used_at: null,
      revoked_at: null,
    })
    .execute();
  return key;
}

export interface ApiKeyOwner {
  /** null for an all-users key. */
  userId: number | null;
  id: number;
  lastUsedAt: string | null;
}

export async function findApiKey(ctx: ForumContext, key: string): Promise<ApiKeyOwner | undefined> {
  const row = await ctx.db
    .selectFrom('api_keys')
    .select(['id', 'user_id', 'last_used_at'])
    .where('key_hash', '=', sha256(key))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row ? { id: row.id, userId: row.user_id, lastUsedAt: row.last_used_at } : undefined;
}

export function describeUser(u: User): string {
  return `${u.username} (id ${u.id})`;
}
