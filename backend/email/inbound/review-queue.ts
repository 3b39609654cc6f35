// Posts from email that staff must approve first (behaviour.md §2.1 email_in_spam_header and
// approve_unless_staged, §1.3, §7.12), as Discourse's NewPostManager queues them: nothing is
// posted; a ReviewableQueuedPost keeps the post's raw and title, and the incoming email stays
// 'held' with its raw. Approving processes the email again with the review skipped (it is then
// posted, notified and emailed as any other); rejecting closes both (services/review-queue.ts).
import type { Db } from '../../db/database';
import type { User } from '../../db/schema';
import type { SiteSettings } from '../../settings/site-settings';
import { nowIso } from '../../util/clock';
import { runCached } from '../../util/cached-query';
import type { ReceiveOutcome } from '../contracts';
import { header, type ParsedEmail } from './parse-email';
import type { Inbound, StageOutcome } from './types';

export const QUEUED_POST = 'ReviewableQueuedPost';

/** Discourse's Reviewable.statuses. */
export const REVIEWABLE_STATUS = { pending: 0, approved: 1, rejected: 2, ignored: 3, deleted: 4 } as const;

export type ReviewReason = 'email_spam' | 'staged';

/** What the queue shows of a queued post (Discourse's ReviewableQueuedPost payload). */
export interface QueuedPostPayload {
  raw: string;
  /** For a queued new topic. */
  title?: string;
  reply_to_post_number?: number;
  via_email: true;
}

/**
 * email_in_spam_header (Discourse's Email::Receiver#is_spam?), reading the topmost header of
 * that name — the one our nearest mail server or filter wrote; lower ones came with the mail
 * and may be the sender's own:
 * - X-Spam-Flag (SpamAssassin): `YES`;
 * - X-Spam-Status (SpamAssassin): `Yes, score=… required=…` — the verdict is the first word;
 * - X-SES-Spam-Verdict (Amazon SES): `FAIL` (the others are PASS, GRAY, PROCESSING_FAILED).
 */
export function isSpam(settings: SiteSettings, email: Pick<ParsedEmail, 'headers'>): boolean {
  const name = settings.str('email_in_spam_header');
  if (name === 'none' || name === '') return false;
  const value = header(email, name)?.trim();
  if (value === undefined) return false;
  switch (name) {
    case 'X-Spam-Flag':
      return /^yes$/i.test(value);
    case 'X-Spam-Status':
      return /^yes$/i.test(value.split(/[,\s]/, 1)[0] ?? '');
    case 'X-SES-Spam-Verdict':
      return /^fail$/i.test(value);
    default:
      return false;
  }
}

/** Why a post from this email must be approved first, if it must (never once staff approved it). */
export function reviewReason(inb: Inbound, author: User): ReviewReason | undefined {
  if (inb.released) return undefined;
  const { settings } = inb.ctx;
  if (isSpam(settings, inb.email)) return 'email_spam';
  if (author.staged && settings.bool('approve_unless_staged')) return 'staged';
  return undefined;
}

export interface QueueInput {
  reason: ReviewReason;
  author: User;
  /** The topic a reply goes to; null for a new topic. */
  topicId: number | null;
  title?: string;
  raw: string;
  replyToPostNumber?: number | null;
}

/** Queues the post for review instead of posting it; the email is recorded as held. */
export async function queueForReview(inb: Inbound, input: QueueInput): Promise<StageOutcome> {
  const payload: QueuedPostPayload = {
    raw: input.raw,
    ...(input.title !== undefined ? { title: input.title } : {}),
    ...(input.replyToPostNumber ? { reply_to_post_number: input.replyToPostNumber } : {}),
    via_email: true,
  };
  const now = nowIso();
  await inb.db
    .insertInto('reviewables')
    .values({
      type: QUEUED_POST,
      reason: input.reason,
      created_by_id: input.author.id,
      target_created_by_id: input.author.id,
      topic_id: input.topicId,
      target_id: null,
      incoming_email_id: inb.incomingEmailId,
      payload: JSON.stringify(payload),
      reviewed_by_id: null,
      reviewed_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { status: 'held', code: 'email_queued_for_review', userId: input.author.id };
}

/**
 * A held email was processed after all (approved, or released by staff another way): its
 * queued post, if any, is settled with the outcome, in the same transaction.
 */
export async function settleQueuedPost(
  db: Db,
  incomingEmailId: number,
  outcome: ReceiveOutcome,
): Promise<void> {
  const posted = outcome.status === 'processed';
  await runCached(
    db,
    'reviewables:settle',
    (q, v: { id: number; status: number; postId: number | null; topicId: number | null; now: string }) =>
      q
        .updateTable('reviewables')
        .set((eb) => ({
          status: v.status,
          target_id: v.postId,
          topic_id: eb.fn.coalesce(eb.val(v.topicId), eb.ref('topic_id')),
          version: eb('version', '+', 1),
          reviewed_at: v.now,
          updated_at: v.now,
        }))
        .where('incoming_email_id', '=', v.id)
        .where('status', '=', REVIEWABLE_STATUS.pending),
    {
      id: incomingEmailId,
      status: posted ? REVIEWABLE_STATUS.approved : REVIEWABLE_STATUS.rejected,
      postId: outcome.postId ?? null,
      topicId: outcome.topicId ?? null,
      now: nowIso(),
    },
  );
}
