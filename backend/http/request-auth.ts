// Who is asking: Api-Key + Api-Username headers (Discourse's API auth), or a session cookie.
// A bad key is an error, never a silent fall-back to anonymous.
import type { FastifyRequest } from 'fastify';
import type { User } from '../db/schema';
import { DomainError } from '../../shared/domain/errors';
import { findApiKey } from '../services/api-keys';
import type { ForumContext } from '../services/context';
import { userForSessionToken } from '../services/sessions';
import { findUserById, findUserByUsername } from '../users/users-repository';

export const SESSION_COOKIE = '_foyer_session';

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

export function sessionTokenFrom(req: FastifyRequest): string | undefined {
  const cookie = header(req, 'cookie');
  if (!cookie) return undefined;
  for (const part of cookie.split(';')) {
    const [k, ...rest] = part.trim().split('=');
    if (k === SESSION_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

// Recording every use would turn each read into a write; a minute's precision is enough.
const TOUCH_INTERVAL_MS = 60_000;

async function touchApiKey(ctx: ForumContext, key: { id: number; lastUsedAt: string | null }): Promise<void> {
  const now = Date.now();
  if (key.lastUsedAt && now - Date.parse(key.lastUsedAt) < TOUCH_INTERVAL_MS) return;
  await ctx.db
    .updateTable('api_keys')
    .set({ last_used_at: new Date(now).toISOString() })
    .where('id', '=', key.id)
    .execute();
}

export async function authenticate(ctx: ForumContext, req: FastifyRequest): Promise<User | undefined> {
  const apiKey = header(req, 'api-key');
  if (apiKey !== undefined) {
    const key = await findApiKey(ctx, apiKey);
    if (!key) throw new DomainError('invalid_access');
    const username = header(req, 'api-username');
    let user: User | undefined;
    if (key.userId === null) {
      // A global key must name the user it acts as.
      if (!username) throw new DomainError('invalid_access');
      user = await findUserByUsername(ctx.db, username);
    } else {
      user = await findUserById(ctx.db, key.userId);
      if (user && username && user.username_lower !== username.trim().toLowerCase())
        throw new DomainError('invalid_access');
    }
    if (!user || user.staged || !user.active) throw new DomainError('invalid_access');
    await touchApiKey(ctx, key);
    return user;
  }
  const token = sessionTokenFrom(req);
  return token ? userForSessionToken(ctx, token) : undefined;
}
