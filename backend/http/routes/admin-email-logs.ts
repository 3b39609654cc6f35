// Discourse's admin email logs (Admin::EmailLogsController): what was sent, skipped and
// bounced, newest first, 50 at a time, filtered by user, address and type. Foyer adds
// pending.json: mail kept because no outgoing server is configured, and sends that failed.
// Staff only — these rows carry staged users' addresses (quality.md Security).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { DomainError } from '../../../shared/domain/errors';
import type { Db } from '../../db/database';
import type { EmailLog, User } from '../../db/schema';
import { EMAIL_STATUS } from '../../email/outbound/email-log';
import { skipReasonText } from '../../email/outbound/skip-reasons';
import type { ForumContext } from '../../services/context';
import { queryOf, requireStaff } from '../route-helpers';
import { basicUser } from '../serializers/user-summary';

/** Discourse's page size, also the largest limit accepted. */
const PAGE_SIZE = 50;

type ListKind = 'sent' | 'skipped' | 'bounced' | 'pending';

interface Filters {
  offset: number;
  limit: number;
  user?: string;
  /** Foyer's exact filter: one account's mail (a staged user's email history). */
  userId?: number;
  address?: string;
  type?: string;
  status?: string;
  replyKey?: string;
  smtpResponse?: string;
}

function wholeNumber(value: unknown, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  if (typeof value !== 'string' || !/^\d{1,9}$/.test(value))
    throw new DomainError('invalid_parameters', { detail: `${name} must be a whole number.` });
  return Number(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function parseFilters(req: FastifyRequest, kind: ListKind): Filters {
  const q = queryOf(req);
  const f: Filters = {
    offset: wholeNumber(q.offset, 'offset', 0),
    limit: Math.min(PAGE_SIZE, Math.max(1, wholeNumber(q.limit, 'limit', PAGE_SIZE))),
  };
  const user = text(q.user);
  const address = text(q.address);
  const type = text(q.type);
  const replyKey = text(q.reply_key);
  const smtpResponse = text(q.smtp_transaction_response);
  if (user) f.user = user;
  if (q.user_id !== undefined && q.user_id !== '') f.userId = wholeNumber(q.user_id, 'user_id', 0);
  if (address) f.address = address;
  if (type) f.type = type;
  if (replyKey) f.replyKey = replyKey.toLowerCase().replace(/-/g, '');
  if (smtpResponse) f.smtpResponse = smtpResponse;
  const status = text(q.status);
  if (status && kind === 'pending') {
    if (status !== EMAIL_STATUS.pending && status !== EMAIL_STATUS.failed)
      throw new DomainError('invalid_parameters', { detail: 'status must be "pending" or "failed".' });
    f.status = status;
  }
  return f;
}

/** Case-insensitive substring match, as Discourse's ILIKE '%x%', written to run on SQLite and PostgreSQL. */
function contains(column: string, needle: string) {
  const pattern = `%${needle.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}

type Row = EmailLog & {
  reply_key_of_post: string | null;
  topic_slug: string | null;
  topic_title: string | null;
  post_number: number | null;
};

async function findLogs(db: Db, kind: ListKind, f: Filters): Promise<Row[]> {
  let q = db
    .selectFrom('email_logs')
    .leftJoin('users', 'users.id', 'email_logs.user_id')
    .leftJoin('posts', 'posts.id', 'email_logs.post_id')
    .leftJoin('topics', 'topics.id', 'posts.topic_id')
    .leftJoin('post_reply_keys', (j) =>
      j
        .onRef('post_reply_keys.post_id', '=', 'email_logs.post_id')
        .onRef('post_reply_keys.user_id', '=', 'email_logs.user_id'),
    )
    .selectAll('email_logs')
    .select([
      'post_reply_keys.reply_key as reply_key_of_post',
      'topics.slug as topic_slug',
      'topics.title as topic_title',
      'posts.post_number as post_number',
    ]);
  if (kind === 'sent') q = q.where('email_logs.status', '=', EMAIL_STATUS.sent);
  else if (kind === 'bounced')
    q = q.where('email_logs.status', '=', EMAIL_STATUS.sent).where('email_logs.bounced', '=', 1);
  else if (kind === 'skipped') q = q.where('email_logs.status', '=', EMAIL_STATUS.skipped);
  else
    q = q.where(
      'email_logs.status',
      'in',
      f.status ? [f.status] : [EMAIL_STATUS.pending, EMAIL_STATUS.failed],
    );
  if (f.user) q = q.where(contains('users.username', f.user));
  if (f.userId !== undefined) q = q.where('email_logs.user_id', '=', f.userId);
  if (f.address) {
    const address = f.address;
    q = q.where((eb) =>
      eb.or([contains('email_logs.to_address', address), contains('email_logs.cc_addresses', address)]),
    );
  }
  if (f.type) q = q.where(contains('email_logs.email_type', f.type));
  if (f.smtpResponse) q = q.where(contains('email_logs.smtp_response', f.smtpResponse));
  if (f.replyKey) {
    const key = f.replyKey;
    q = q.where((eb) =>
      eb.or([contains('email_logs.reply_key', key), contains('post_reply_keys.reply_key', key)]),
    );
  }
  return q
    .orderBy('email_logs.created_at', 'desc')
    .orderBy('email_logs.id', 'desc')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
}

async function usersOf(db: Db, rows: Row[]): Promise<Map<number, User>> {
  const ids = [...new Set(rows.map((r) => r.user_id).filter((id): id is number => id !== null))];
  if (ids.length === 0) return new Map();
  const users = await db.selectFrom('users').selectAll().where('id', 'in', ids).execute();
  return new Map(users.map((u) => [u.id, u]));
}

/** One row in Discourse's EmailLogSerializer / SkippedEmailLogSerializer shape. */
function logJson(kind: ListKind, r: Row, user: User | undefined) {
  const replyKey = r.reply_key ?? r.reply_key_of_post;
  return {
    id: r.id,
    to_address: r.to_address,
    email_type: r.email_type,
    user_id: r.user_id,
    created_at: r.created_at,
    ...(r.topic_slug !== null && r.post_number !== null && r.post_id !== null
      ? {
          post_url: `/t/${r.topic_slug}/${r.topic_id}/${r.post_number}`,
          post_description: `${r.topic_title ?? ''} #${r.post_number}`,
        }
      : {}),
    ...(kind === 'skipped'
      ? { skipped_reason: skipReasonText(r.skipped_reason) }
      : {
          ...(replyKey ? { reply_key: replyKey } : {}),
          bounced: r.bounced === 1,
          has_bounce_key: r.bounce_key !== null,
          ...(r.bounce_key ? { bounce_key: r.bounce_key } : {}),
          smtp_transaction_response: r.smtp_response,
        }),
    ...(kind === 'bounced' ? { bounce_error_code: r.bounce_error_code } : {}),
    ...(kind === 'pending' ? { status: r.status, skipped_reason: skipReasonText(r.skipped_reason) } : {}),
    user: user ? basicUser(user) : null,
  };
}

export function registerAdminEmailLogRoutes(app: FastifyInstance, ctx: ForumContext): void {
  for (const kind of ['sent', 'skipped', 'bounced', 'pending'] as const) {
    app.get(`/admin/email/${kind}.json`, async (req) => {
      requireStaff(req);
      const rows = await findLogs(ctx.db, kind, parseFilters(req, kind));
      const users = await usersOf(ctx.db, rows);
      return rows.map((r) => logJson(kind, r, r.user_id === null ? undefined : users.get(r.user_id)));
    });
  }
}
