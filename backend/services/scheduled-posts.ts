// Send later, executed by the forum (so it goes out with the app closed): a scheduled post is a
// row plus a durable job due at send_at. When the job runs it publishes through createPost, the
// same use case as POST /posts.json, so permissions are checked again at that moment; the row is
// marked sent in the publishing transaction (a job that runs twice cannot post twice), and a
// refusal is recorded on the row for the person to see, edit and reschedule.
import type { Db } from '../db/database';
import type { ScheduledPost, User } from '../db/schema';
import { DomainError } from '../../shared/domain/errors';
import { enqueueJob, jobPayload } from '../jobs/queue';
import type { JobHandler } from '../jobs/runner';
import { canSendPrivateMessages, PM_ARCHETYPE } from '../policy/guardian';
import { findUserById, isSuspended } from '../users/users-repository';
import { nowIso } from '../util/clock';
import type { ForumContext } from './context';
import { createPost, isReply, type CreatePostInput } from './create-post';
import { draftKey } from './drafts';
import { validatePostBody, validateTitle } from './post-validation';
import { toPositiveInt } from './reply-to-topic';
import { resolveRecipients, splitRecipients } from './resolve-recipients';
import { loadVisibleTopic } from './topic-access';

export const SCHEDULED_POST_JOB = 'scheduled_post';
/** Retries for unexpected failures (a refusal is final and recorded at once). */
const MAX_ATTEMPTS = 5;

export interface ScheduleInput {
  sendAt: unknown;
  title?: unknown;
  raw: unknown;
  targetRecipients?: unknown;
  archetype?: unknown;
  topicId?: unknown;
  replyToPostNumber?: unknown;
  draftKey?: unknown;
}

export function sendAtParam(value: unknown, now = Date.now()): string {
  const time = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : NaN;
  if (!Number.isFinite(time))
    throw new DomainError('validation_failed', {
      detail: 'send_at must be a date and time in ISO 8601, e.g. 2030-01-31T09:00:00Z.',
    });
  if (time <= now) throw new DomainError('validation_failed', { detail: 'send_at must be in the future.' });
  return new Date(time).toISOString();
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

/** The checks POST /posts.json would make now, without writing anything. */
async function preflight(ctx: ForumContext, actor: User, input: CreatePostInput): Promise<void> {
  validatePostBody(ctx.settings, input.raw);
  if (isReply(input)) {
    const topic = await loadVisibleTopic(ctx.db, actor, toPositiveInt(input.topicId, 'topic_id'));
    if (topic.archetype !== PM_ARCHETYPE) throw new DomainError('not_a_private_message');
    if (
      input.replyToPostNumber !== undefined &&
      input.replyToPostNumber !== null &&
      input.replyToPostNumber !== ''
    )
      toPositiveInt(input.replyToPostNumber, 'reply_to_post_number');
    return;
  }
  if (input.archetype !== PM_ARCHETYPE)
    throw new DomainError('invalid_parameters', {
      detail:
        'schedule a new message with archetype=private_message, title and target_recipients, or topic_id to reply.',
    });
  validateTitle(ctx.settings, input.title);
  const entries = splitRecipients(input.targetRecipients);
  if (entries.length === 0) throw new DomainError('pm_no_recipients');
  if (!(await canSendPrivateMessages(ctx.db, ctx.settings, actor))) throw new DomainError('pm_not_allowed');
  await resolveRecipients(ctx, actor, entries);
}

function postInput(
  row: Pick<
    ScheduledPost,
    'title' | 'raw' | 'target_recipients' | 'archetype' | 'topic_id' | 'reply_to_post_number' | 'draft_key'
  >,
): CreatePostInput {
  return {
    title: row.title ?? undefined,
    raw: row.raw,
    archetype: row.archetype ?? undefined,
    topicId: row.topic_id ?? undefined,
    replyToPostNumber: row.reply_to_post_number ?? undefined,
    targetRecipients: row.target_recipients ?? undefined,
    draftKey: row.draft_key ?? undefined,
  };
}

async function enqueueSend(db: Db, row: Pick<ScheduledPost, 'id' | 'send_at' | 'updated_at'>): Promise<void> {
  await enqueueJob(db, {
    type: SCHEDULED_POST_JOB,
    payload: { id: row.id, send_at: row.send_at },
    runAt: new Date(row.send_at),
    // A new key for every change: an earlier job for the row finds it changed and does nothing.
    uniqueKey: `scheduled_post:${row.id}:${row.send_at}:${row.updated_at}`,
    maxAttempts: MAX_ATTEMPTS,
  });
}

export async function schedulePost(
  ctx: ForumContext,
  actor: User,
  input: ScheduleInput,
  /** Runs in the transaction that stores the row (the Idempotency-Key record). */
  inTransaction?: (db: Db, row: ScheduledPost) => Promise<void>,
): Promise<ScheduledPost> {
  const sendAt = sendAtParam(input.sendAt);
  const targets = input.targetRecipients === undefined ? [] : splitRecipients(input.targetRecipients);
  const fields = {
    title: text(input.title),
    raw: validatePostBody(ctx.settings, input.raw),
    target_recipients: targets.length ? targets.join(',') : null,
    archetype: text(input.archetype),
    topic_id: isReply(input) ? toPositiveInt(input.topicId, 'topic_id') : null,
    reply_to_post_number:
      input.replyToPostNumber === undefined ||
      input.replyToPostNumber === null ||
      input.replyToPostNumber === ''
        ? null
        : toPositiveInt(input.replyToPostNumber, 'reply_to_post_number'),
    draft_key: input.draftKey === undefined || input.draftKey === '' ? null : draftKey(input.draftKey),
  };
  await preflight(ctx, actor, postInput(fields));
  const now = nowIso();
  return ctx.db.transaction().execute(async (db) => {
    const row = await db
      .insertInto('scheduled_posts')
      .values({
        user_id: actor.id,
        send_at: sendAt,
        status: 'scheduled',
        ...fields,
        error: null,
        post_id: null,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await enqueueSend(db, row);
    await inTransaction?.(db, row);
    return row;
  });
}

export async function listScheduledPosts(ctx: ForumContext, actor: User): Promise<ScheduledPost[]> {
  return ctx.db
    .selectFrom('scheduled_posts')
    .selectAll()
    .where('user_id', '=', actor.id)
    .where('status', 'in', ['scheduled', 'failed'])
    .orderBy('send_at')
    .orderBy('id')
    .execute();
}

async function ownPending(ctx: ForumContext, actor: User, id: number): Promise<ScheduledPost> {
  const row = await ctx.db
    .selectFrom('scheduled_posts')
    .selectAll()
    .where('id', '=', id)
    .where('user_id', '=', actor.id)
    .where('status', 'in', ['scheduled', 'failed'])
    .executeTakeFirst();
  if (!row) throw new DomainError('scheduled_post_not_found');
  return row;
}

/**
 * Changes send_at and/or the text (raw, title). Editing a failed one schedules it again: at the
 * new send_at, or at once when none is given and its time has passed.
 */
export async function updateScheduledPost(
  ctx: ForumContext,
  actor: User,
  id: number,
  input: { sendAt?: unknown; raw?: unknown; title?: unknown },
): Promise<ScheduledPost> {
  const row = await ownPending(ctx, actor, id);
  const sendAt =
    input.sendAt !== undefined && input.sendAt !== null && input.sendAt !== ''
      ? sendAtParam(input.sendAt)
      : Date.parse(row.send_at) > Date.now()
        ? row.send_at
        : new Date().toISOString();
  const raw = input.raw === undefined ? row.raw : validatePostBody(ctx.settings, input.raw);
  const title = input.title === undefined ? row.title : text(input.title);
  await preflight(ctx, actor, postInput({ ...row, raw, title }));
  return ctx.db.transaction().execute(async (db) => {
    const updated = await db
      .updateTable('scheduled_posts')
      .set({ send_at: sendAt, raw, title, status: 'scheduled', error: null, updated_at: nowIso() })
      .where('id', '=', row.id)
      .where('status', 'in', ['scheduled', 'failed'])
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw new DomainError('scheduled_post_not_found');
    await enqueueSend(db, updated);
    return updated;
  });
}

export async function cancelScheduledPost(ctx: ForumContext, actor: User, id: number): Promise<void> {
  const deleted = await ctx.db
    .deleteFrom('scheduled_posts')
    .where('id', '=', id)
    .where('user_id', '=', actor.id)
    .where('status', 'in', ['scheduled', 'failed'])
    .executeTakeFirst();
  if (Number(deleted.numDeletedRows) === 0) throw new DomainError('scheduled_post_not_found');
}

/** Raised inside the publishing transaction when the row was sent, changed or cancelled meanwhile. */
class NoLongerDue extends Error {}

async function recordFailure(ctx: ForumContext, id: number, status: 'failed' | 'scheduled', error: string) {
  await ctx.db
    .updateTable('scheduled_posts')
    .set({ status, error: error.slice(0, 2000), updated_at: nowIso() })
    .where('id', '=', id)
    .where('status', '=', 'scheduled')
    .execute();
}

export const scheduledPostJob: JobHandler = async (ctx, job) => {
  const { id, send_at } = jobPayload<{ id: number; send_at: string }>(job);
  const row = await ctx.db.selectFrom('scheduled_posts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || row.status !== 'scheduled' || row.send_at !== send_at) return;
  try {
    const author = await findUserById(ctx.db, row.user_id);
    if (!author || author.staged || !author.active || isSuspended(author))
      throw new DomainError('invalid_access');
    await createPost(ctx, author, postInput(row), async (db, { post }) => {
      const marked = await db
        .updateTable('scheduled_posts')
        .set({ status: 'sent', post_id: post.id, error: null, updated_at: nowIso() })
        .where('id', '=', row.id)
        .where('status', '=', 'scheduled')
        .where('send_at', '=', send_at)
        .executeTakeFirst();
      if (Number(marked.numUpdatedRows) !== 1) throw new NoLongerDue();
    });
  } catch (e) {
    if (e instanceof NoLongerDue) return;
    if (e instanceof DomainError) return recordFailure(ctx, row.id, 'failed', e.message);
    // Unexpected (the disk, a bug): the job retries; after its last attempt the row says so.
    const message = e instanceof Error ? e.message : String(e);
    await recordFailure(ctx, row.id, job.attempts >= job.max_attempts ? 'failed' : 'scheduled', message);
    throw e;
  }
};
