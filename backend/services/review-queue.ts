// The review queue for staff (Discourse's ReviewablesController, minimal): list what waits, and
// approve or reject a queued post from email (email/inbound/review-queue.ts puts them there).
// Approving processes the held email with the review skipped — posted, notified and emailed
// like any other; rejecting records the email as rejected and posts nothing. Staff only.
import type { Selectable } from 'kysely';
import { DomainError } from '../../shared/domain/errors';
import type { ReviewablesTable, User } from '../db/schema';
import { processStoredEmail } from '../email/inbound/receive-email';
import { REVIEWABLE_STATUS, type QueuedPostPayload } from '../email/inbound/review-queue';
import { isStaff } from '../users/users-repository';
import { nowIso } from '../util/clock';
import type { ForumContext } from './context';
import { truncateIncomingRaw } from '../email/inbound/incoming-raws';

export type Reviewable = Selectable<ReviewablesTable>;
export type ReviewAction = 'approve_post' | 'reject_post';

const STATUS_NAMES = Object.fromEntries(Object.entries(REVIEWABLE_STATUS).map(([k, v]) => [v, k])) as Record<
  number,
  string
>;

export function statusName(status: number): string {
  return STATUS_NAMES[status] ?? String(status);
}

/** Discourse's ?status= values: one status, "reviewed" (anything but pending) or "all". */
export function statusFilter(value: unknown): number[] | 'all' {
  if (value === undefined || value === '') return [REVIEWABLE_STATUS.pending];
  if (value === 'all') return 'all';
  if (value === 'reviewed')
    return Object.values(REVIEWABLE_STATUS).filter((s) => s !== REVIEWABLE_STATUS.pending);
  if (typeof value === 'string' && value in REVIEWABLE_STATUS)
    return [REVIEWABLE_STATUS[value as keyof typeof REVIEWABLE_STATUS]];
  throw new DomainError('invalid_parameters', {
    detail: `status must be one of ${[...Object.keys(REVIEWABLE_STATUS), 'reviewed', 'all'].join(', ')}.`,
  });
}

/** Who may see the queue: staff (Discourse's can_see_review_queue without category moderators). */
export function requireReviewer(actor: User | undefined, whenHidden: 'invalid_access' | 'not_found'): User {
  if (!actor) throw new DomainError('not_logged_in');
  // A reviewable someone may not see does not exist for them (404); the queue itself is 403.
  if (!isStaff(actor)) throw new DomainError(whenHidden);
  return actor;
}

export async function listReviewables(
  ctx: ForumContext,
  opts: { statuses: number[] | 'all'; offset: number; limit: number },
): Promise<{ rows: Reviewable[]; total: number }> {
  let q = ctx.db.selectFrom('reviewables');
  if (opts.statuses !== 'all') q = q.where('status', 'in', opts.statuses);
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('id', 'desc').limit(opts.limit).offset(opts.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
  ]);
  return { rows, total: Number(count?.n ?? 0) };
}

export function payloadOf(row: Reviewable): QueuedPostPayload {
  return JSON.parse(row.payload) as QueuedPostPayload;
}

export interface PerformResult {
  reviewable: Reviewable;
  transitionTo: string;
  createdPostId?: number;
  createdPostTopicId?: number;
}

async function load(ctx: ForumContext, id: number): Promise<Reviewable> {
  const row = await ctx.db.selectFrom('reviewables').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new DomainError('not_found');
  return row;
}

/** Approves or rejects a pending queued post; `version`, when given, must be the current one. */
export async function performReviewable(
  ctx: ForumContext,
  actor: User,
  id: number,
  action: ReviewAction,
  version: number | undefined,
): Promise<PerformResult> {
  const row = await load(ctx, id);
  if (version !== undefined && version !== row.version) throw new DomainError('reviewable_conflict');
  if (row.status !== REVIEWABLE_STATUS.pending)
    throw new DomainError('reviewable_not_pending', { status: statusName(row.status) });
  if (action === 'approve_post') {
    // Settles the reviewable in the same transaction as the post (process-batch.ts).
    const outcome = await processStoredEmail(ctx, row.incoming_email_id, { release: true });
    await markReviewed(ctx, id, actor);
    const after = await load(ctx, id);
    if (outcome.status !== 'processed')
      // The conversation changed while the post waited (closed, deleted, …): nothing was posted.
      throw new DomainError('invalid_parameters', {
        detail: `the post could not be published (${outcome.errorCode ?? outcome.status}); it was rejected instead.`,
      });
    return {
      reviewable: after,
      transitionTo: 'approved',
      ...(outcome.postId !== undefined ? { createdPostId: outcome.postId } : {}),
      ...(outcome.topicId !== undefined ? { createdPostTopicId: outcome.topicId } : {}),
    };
  }
  await reject(ctx, row, actor);
  return { reviewable: await load(ctx, id), transitionTo: 'rejected' };
}

async function markReviewed(ctx: ForumContext, id: number, actor: User): Promise<void> {
  await ctx.db.updateTable('reviewables').set({ reviewed_by_id: actor.id }).where('id', '=', id).execute();
}

/** The queued post is dropped: the reviewable and its email are both closed as rejected. */
async function reject(ctx: ForumContext, row: Reviewable, actor: User): Promise<void> {
  const now = nowIso();
  const limit = ctx.settings.int('raw_rejected_email_max_length');
  await ctx.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('reviewables')
      .set((eb) => ({
        status: REVIEWABLE_STATUS.rejected,
        version: eb('version', '+', 1),
        reviewed_by_id: actor.id,
        reviewed_at: now,
        updated_at: now,
      }))
      .where('id', '=', row.id)
      .where('status', '=', REVIEWABLE_STATUS.pending)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0)
      throw new DomainError('reviewable_not_pending', { status: 'handled' });
    // Rejected mail keeps only the start of its raw, as every rejected email (§2.1).
    const rejected = await trx
      .updateTable('incoming_emails')
      .set({ status: 'rejected', error: 'email_rejected_in_review', updated_at: now })
      .where('id', '=', row.incoming_email_id)
      .where('status', '=', 'held')
      .executeTakeFirst();
    if (Number(rejected.numUpdatedRows) > 0) await truncateIncomingRaw(trx, row.incoming_email_id, limit);
  });
}
