// Discourse's GET /u/search/users.json: @mention and recipient autocomplete. People are found
// by username or name prefix; staged people (email-only participants) are never offered and
// an address finds nobody, so the field cannot be used to learn who has an account (the client
// recognises addresses itself). Groups come back when asked for: those the searcher may see,
// mention or message.
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { DomainError } from '../../../shared/domain/errors';
import type { Group } from '../../db/schema';
import { canMessageGroup, canSeeGroup } from '../../policy/guardian';
import type { ForumContext } from '../../services/context';
import { ALIAS_LEVELS, membership } from '../../users/groups-repository';
import { isStaff } from '../../users/users-repository';
import { boolField, queryOf, requireActor } from '../route-helpers';
import { avatarTemplate } from '../serializers/user-summary';

/** Discourse's default and largest limit. */
const DEFAULT_LIMIT = 6;
const MAX_LIMIT = 20;

const likePrefix = (term: string) => `${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function registerUserSearchRoutes(app: FastifyInstance, ctx: ForumContext): void {
  app.get('/u/search/users.json', async (req) => {
    const actor = requireActor(req);
    const query = queryOf(req);
    const term = (typeof query.term === 'string' ? query.term : '').trim().replace(/^@/, '').toLowerCase();
    if (term.length > 60)
      throw new DomainError('invalid_parameters', { detail: 'term must be at most 60 characters.' });
    const limitRaw =
      typeof query.limit === 'string' && /^\d{1,3}$/.test(query.limit) ? Number(query.limit) : DEFAULT_LIMIT;
    const limit = Math.min(MAX_LIMIT, Math.max(1, limitRaw));
    const wantGroups = boolField(query.include_groups) === true;
    const wantMentionable = boolField(query.include_mentionable_groups) === true;
    const wantMessageable = boolField(query.include_messageable_groups) === true;
    // An address is never looked up: whether it has an account is not the searcher's business.
    if (term === '' || term.includes('@'))
      return { users: [], ...(wantGroups || wantMentionable || wantMessageable ? { groups: [] } : {}) };

    const pattern = likePrefix(term);
    const users = await ctx.db
      .selectFrom('users')
      .select(['id', 'username', 'username_lower', 'name'])
      .where('staged', '=', 0)
      .where('active', '=', 1)
      .where('id', '>', 0)
      .where((eb) =>
        eb.or([
          sql<boolean>`username_lower LIKE ${pattern} ESCAPE '\\'`,
          ...(ctx.settings.bool('enable_names')
            ? [
                sql<boolean>`lower(name) LIKE ${pattern} ESCAPE '\\'`,
                sql<boolean>`lower(name) LIKE ${`% ${pattern}`} ESCAPE '\\'`,
              ]
            : []),
        ]),
      )
      // Exact username first, then username prefixes, then name matches; the recently active first.
      .orderBy(sql`username_lower = ${term}`, 'desc')
      .orderBy(sql`username_lower LIKE ${pattern} ESCAPE '\\'`, 'desc')
      .orderBy(sql`last_seen_at desc nulls last`)
      .orderBy('username_lower')
      .limit(limit)
      .execute();

    const response: { users: unknown[]; groups?: unknown[] } = {
      users: users.map((u) => ({
        username: u.username,
        name: u.name ?? '',
        avatar_template: avatarTemplate(u),
      })),
    };
    if (wantGroups || wantMentionable || wantMessageable) {
      const candidates = await ctx.db
        .selectFrom('groups')
        .selectAll()
        .where((eb) =>
          eb.or([
            sql<boolean>`name_lower LIKE ${pattern} ESCAPE '\\'`,
            sql<boolean>`lower(full_name) LIKE ${pattern} ESCAPE '\\'`,
          ]),
        )
        .where('automatic', '=', 0)
        .orderBy('name_lower')
        .limit(50)
        .execute();
      const groups: Group[] = [];
      for (const g of candidates) {
        if (groups.length >= limit) break;
        if (!(await canSeeGroup(ctx.db, actor, g))) continue;
        const ok =
          wantGroups ||
          (wantMessageable && (await canMessageGroup(ctx.db, actor, g))) ||
          (wantMentionable &&
            (await canMentionGroup(ctx, actor.id, isStaff(actor), Boolean(actor.admin), g)));
        if (ok) groups.push(g);
      }
      response.groups = groups.map((g) => ({ name: g.name, full_name: g.full_name ?? '' }));
    }
    return response;
  });
}

/** Group#mentionable? by its mentionable_level (Discourse's ALIAS_LEVELS). */
async function canMentionGroup(ctx: ForumContext, userId: number, staff: boolean, admin: boolean, g: Group) {
  const level = g.mentionable_level;
  if (level === ALIAS_LEVELS.everyone) return true;
  if (admin) return level !== ALIAS_LEVELS.nobody;
  if (level === ALIAS_LEVELS.nobody || level === ALIAS_LEVELS.only_admins) return false;
  if (staff) return true;
  if (level === ALIAS_LEVELS.mods_and_admins) return false;
  const m = await membership(ctx.db, g.id, userId);
  if (level === ALIAS_LEVELS.members_mods_and_admins) return Boolean(m);
  return Boolean(m?.owner);
}
