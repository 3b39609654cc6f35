// Discourse's server drafts (Draft and DraftSequence): one draft per user and key
// ("new_private_message", "new_topic", "topic_<id>"), guarded by a sequence so two windows or
// devices cannot silently overwrite each other. A save must carry the sequence it last saw;
// each save moves it on by one; publishing a post moves it on and drops the draft.
import type { Db } from '../db/database';
import type { User } from '../db/schema';
import { DomainError } from '../../shared/domain/errors';
import { recordLiveEvents } from '../live/record-event';
import { nowIso } from '../util/clock';
import type { ForumContext } from './context';

/** Discourse's max_draft_length. */
export const MAX_DRAFT_LENGTH = 400_000;
/** Discourse's max_drafts_per_user. */
export const MAX_DRAFTS_PER_USER = 10_000;

/** Thrown when the sequence a client sent is not the current one (Discourse's Draft::OutOfSequence). */
export class DraftOutOfSequence extends Error {
  constructor(readonly current: { data: string | null; sequence: number }) {
    super('draft sequence conflict');
  }
}

export function draftKey(value: unknown): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9_-]{1,100}$/.test(value))
    throw new DomainError('invalid_parameters', {
      detail: 'draft_key must be a key like new_private_message, new_topic or topic_123.',
    });
  return value;
}

export function sequenceParam(value: unknown): number {
  if (value === undefined || value === null || value === '') return 0;
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d{1,15}$/.test(value)
        ? Number(value)
        : NaN;
  if (!Number.isSafeInteger(n) || n < 0)
    throw new DomainError('invalid_parameters', { detail: 'sequence must be a whole number from 0.' });
  return n;
}

export async function currentSequence(db: Db, userId: number, key: string): Promise<number> {
  const row = await db
    .selectFrom('draft_sequences')
    .select('sequence')
    .where('user_id', '=', userId)
    .where('draft_key', '=', key)
    .executeTakeFirst();
  return row?.sequence ?? 0;
}

async function storedDraft(db: Db, userId: number, key: string) {
  return db
    .selectFrom('drafts')
    .selectAll()
    .where('user_id', '=', userId)
    .where('draft_key', '=', key)
    .executeTakeFirst();
}

/** Draft.get: the draft's data when it belongs to the current sequence, else null. */
export async function getDraft(
  ctx: ForumContext,
  user: User,
  key: string,
): Promise<{ draft: string | null; draft_sequence: number }> {
  const sequence = await currentSequence(ctx.db, user.id, key);
  const draft = await storedDraft(ctx.db, user.id, key);
  return { draft: draft && draft.sequence === sequence ? draft.data : null, draft_sequence: sequence };
}

export interface SaveDraftInput {
  key: string;
  data: unknown;
  sequence: number;
  owner?: unknown;
  forceSave?: boolean;
}

/** Draft.set: saves and returns the new sequence, or throws DraftOutOfSequence. */
export async function saveDraft(ctx: ForumContext, user: User, input: SaveDraftInput): Promise<number> {
  if (typeof input.data !== 'string' || input.data.length > MAX_DRAFT_LENGTH)
    throw new DomainError('invalid_parameters', {
      detail: `data must be the draft as a JSON string of at most ${MAX_DRAFT_LENGTH} characters.`,
    });
  try {
    JSON.parse(input.data);
  } catch {
    throw new DomainError('invalid_parameters', { detail: 'data must be valid JSON.' });
  }
  const data = input.data;
  const owner = typeof input.owner === 'string' ? input.owner.slice(0, 255) : null;
  return ctx.db.transaction().execute(async (db) => {
    const current = await currentSequence(db, user.id, input.key);
    const existing = await storedDraft(db, user.id, input.key);
    // As Discourse: a stale sequence is a conflict, unless nothing is stored under the key
    // (then the save starts from the current sequence) or the client forces it.
    if (current !== input.sequence && !input.forceSave && existing)
      throw new DraftOutOfSequence({
        data: existing.sequence === current ? existing.data : null,
        sequence: current,
      });
    if (!existing) {
      const count = await db
        .selectFrom('drafts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', user.id)
        .executeTakeFirst();
      if (Number(count?.n ?? 0) >= MAX_DRAFTS_PER_USER)
        throw new DomainError('validation_failed', {
          detail: `You have too many drafts (${MAX_DRAFTS_PER_USER}): delete some before saving new ones.`,
        });
    }
    const next = current + 1;
    const now = nowIso();
    await db
      .insertInto('draft_sequences')
      .values({ user_id: user.id, draft_key: input.key, sequence: next })
      .onConflict((oc) => oc.columns(['user_id', 'draft_key']).doUpdateSet({ sequence: next }))
      .execute();
    if (existing) {
      await db
        .updateTable('drafts')
        .set((eb) => ({ data, sequence: next, owner, revisions: eb('revisions', '+', 1), updated_at: now }))
        .where('id', '=', existing.id)
        .execute();
    } else {
      await db
        .insertInto('drafts')
        .values({
          user_id: user.id,
          draft_key: input.key,
          data,
          sequence: next,
          owner,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
    await recordLiveEvents(db, [{ type: 'draft', userId: user.id, draftKey: input.key }]);
    return next;
  });
}

/**
 * Draft.clear: deletes the draft when the sequence is current. A stale sequence leaves the draft
 * in place (Discourse answers success either way, so a composer closing is never an error).
 */
export async function clearDraft(
  ctx: ForumContext,
  user: User,
  key: string,
  sequence: number,
): Promise<boolean> {
  return ctx.db.transaction().execute(async (db) => {
    if ((await currentSequence(db, user.id, key)) !== sequence) return false;
    const deleted = await db
      .deleteFrom('drafts')
      .where('user_id', '=', user.id)
      .where('draft_key', '=', key)
      .executeTakeFirst();
    if (Number(deleted.numDeletedRows) > 0)
      await recordLiveEvents(db, [{ type: 'draft', userId: user.id, draftKey: key }]);
    return true;
  });
}

/**
 * DraftSequence.next!: a post was published from this draft, so its sequence moves on and the
 * draft is dropped; runs in the publishing transaction. An unknown key is ignored.
 */
export async function advanceDraftSequence(db: Db, userId: number, key: string): Promise<void> {
  const current = await currentSequence(db, userId, key);
  const next = current + 1;
  await db
    .insertInto('draft_sequences')
    .values({ user_id: userId, draft_key: key, sequence: next })
    .onConflict((oc) => oc.columns(['user_id', 'draft_key']).doUpdateSet({ sequence: next }))
    .execute();
  const deleted = await db
    .deleteFrom('drafts')
    .where('user_id', '=', userId)
    .where('draft_key', '=', key)
    .executeTakeFirst();
  if (Number(deleted.numDeletedRows) > 0)
    await recordLiveEvents(db, [{ type: 'draft', userId, draftKey: key }]);
}
