// Discourse's staff routes for people: one account in detail, and the filtered lists of
// the admin "Users" page. Staff only; this is where staged users and addresses are visible.
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../../shared/domain/errors';
import { normalizeEmail } from '../../../shared/util/email-address';
import type { Db } from '../../db/database';
import type { User } from '../../db/schema';
import { PM_ARCHETYPE } from '../../policy/guardian';
import type { ForumContext } from '../../services/context';
import { findUserById } from '../../users/users-repository';
import { nowIso } from '../../util/clock';
import { containsText } from '../../util/sql-like';
import { boolField, idParam, param, queryOf, requireStaff } from '../route-helpers';
import { adminListedUser, adminUserDetail } from '../serializers/admin-user-serializer';

/** AdminUserIndexQuery's page size. */
const PAGE_SIZE = 100;

// "blocked" is the older name of "silenced"; "suspect" needs profile signals Foyer does not keep.
const FLAGS = [
  'active',
  'new',
  'staff',
  'admins',
  'moderators',
  'suspended',
  'silenced',
  'blocked',
  'staged',
  'suspect',
] as const;
type Flag = (typeof FLAGS)[number];

const ORDERS = ['created', 'seen', 'username', 'email', 'trust_level'] as const;
type Order = (typeof ORDERS)[number];

interface ListFilter {
  flag: Flag;
  order: Order | undefined;
  asc: boolean;
  page: number;
  email: string | undefined;
  /** Discourse's `filter`: part of a username, name or address. */
  search: string | undefined;
}

function parseFilter(flagParam: string, q: Record<string, unknown>): ListFilter {
  const flag = flagParam.replace(/\.json$/, '');
  if (!(FLAGS as readonly string[]).includes(flag)) throw new DomainError('not_found');
  const order =
    typeof q.order === 'string' && (ORDERS as readonly string[]).includes(q.order)
      ? (q.order as Order)
      : undefined;
  const pageText = typeof q.page === 'string' ? q.page : '1';
  if (!/^\d+$/.test(pageText))
    throw new DomainError('invalid_parameters', { detail: 'page must be a whole number.' });
  const email = typeof q.email === 'string' && q.email.trim() ? normalizeEmail(q.email) : undefined;
  const search = typeof q.filter === 'string' && q.filter.trim() ? q.filter.trim().toLowerCase() : undefined;
  return {
    flag: flag as Flag,
    order,
    asc: q.asc === 'true',
    page: Math.max(1, Number(pageText)),
    email,
    search,
  };
}

type Row = User & { primary_email: string | null };

async function findUsers(db: Db, f: ListFilter): Promise<Row[]> {
  if (f.flag === 'suspect') return [];
  const now = nowIso();
  let q = db
    .selectFrom('users')
    .leftJoin('user_emails as pe', (j) => j.onRef('pe.user_id', '=', 'users.id').on('pe.primary', '=', 1))
    .selectAll('users')
    .select('pe.email as primary_email')
    // Staged users appear only in their own list, as in Discourse.
    .where('users.staged', '=', f.flag === 'staged' ? 1 : 0);
  if (f.flag === 'active') q = q.where('users.active', '=', 1);
  else if (f.flag === 'new') q = q.where('users.trust_level', '=', 0);
  else if (f.flag === 'staff')
    q = q.where((eb) => eb.or([eb('users.admin', '=', 1), eb('users.moderator', '=', 1)]));
  else if (f.flag === 'admins') q = q.where('users.admin', '=', 1);
  else if (f.flag === 'moderators') q = q.where('users.moderator', '=', 1);
  else if (f.flag === 'suspended') q = q.where('users.suspended_until', '>', now);
  else if (f.flag === 'silenced' || f.flag === 'blocked') q = q.where('users.silenced_until', '>', now);
  if (f.email)
    q = q.where('users.id', 'in', (eb) =>
      eb
        .selectFrom('user_emails')
        .select('user_emails.user_id')
        .where('user_emails.normalized_email', '=', f.email!),
    );
  if (f.search) {
    const text = f.search;
    q = q.where((eb) =>
      eb.or([
        containsText('users.username_lower', text),
        containsText('users.name', text),
        eb(
          'users.id',
          'in',
          eb
            .selectFrom('user_emails')
            .select('user_emails.user_id')
            .where(containsText('user_emails.normalized_email', text)),
        ),
      ]),
    );
  }
  const dir = f.asc ? 'asc' : 'desc';
  if (f.order === 'created') q = q.orderBy('users.created_at', dir);
  else if (f.order === 'seen')
    q = q.orderBy('users.last_seen_at', (ob) => (f.asc ? ob.asc() : ob.desc()).nullsLast());
  else if (f.order === 'username') q = q.orderBy('users.username_lower', dir);
  else if (f.order === 'email') q = q.orderBy('pe.email', dir);
  else if (f.order === 'trust_level') q = q.orderBy('users.trust_level', dir);
  else if (f.flag === 'active') q = q.orderBy('users.last_seen_at', (ob) => ob.desc().nullsLast());
  else q = q.orderBy('users.created_at', 'desc');
  return q
    .orderBy('users.username_lower')
    .limit(PAGE_SIZE)
    .offset((f.page - 1) * PAGE_SIZE)
    .execute();
}

/** Posts outside PMs per user (Discourse's user_stat.post_count), for one page of users. */
async function postCounts(db: Db, ids: number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('posts')
    .innerJoin('topics', 'topics.id', 'posts.topic_id')
    .select(['posts.user_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('posts.user_id', 'in', ids)
    .where('posts.deleted_at', 'is', null)
    .where('topics.archetype', '!=', PM_ARCHETYPE)
    .groupBy('posts.user_id')
    .execute();
  return new Map(rows.map((r) => [r.user_id, Number(r.n)]));
}

async function secondaryEmails(db: Db, ids: number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('user_emails')
    .select(['user_id', 'email'])
    .where('user_id', 'in', ids)
    .where('primary', '=', 0)
    .orderBy('id')
    .execute();
  for (const r of rows) out.set(r.user_id, [...(out.get(r.user_id) ?? []), r.email]);
  return out;
}

export function registerAdminUserRoutes(app: FastifyInstance, ctx: ForumContext): void {
  app.get('/admin/users/:id.json', async (req) => {
    const viewer = requireStaff(req);
    const user = await findUserById(ctx.db, idParam(req));
    if (!user) throw new DomainError('user_not_found');
    return adminUserDetail(ctx, viewer, user);
  });

  app.get('/admin/users/list/:flag.json', async (req) => {
    requireStaff(req);
    const q = queryOf(req);
    const filter = parseFilter(param(req, 'flag'), q);
    const showEmails = boolField(q.show_emails) === true;
    const users = await findUsers(ctx.db, filter);
    const ids = users.map((u) => u.id);
    const counts = await postCounts(ctx.db, ids);
    const secondary = showEmails ? await secondaryEmails(ctx.db, ids) : new Map<number, string[]>();
    const now = Date.now();
    return users.map(({ primary_email, ...user }) =>
      adminListedUser(
        user,
        counts.get(user.id) ?? 0,
        showEmails ? { email: primary_email ?? '', secondary: secondary.get(user.id) ?? [] } : undefined,
        now,
      ),
    );
  });
}
