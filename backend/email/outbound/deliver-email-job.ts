// The user_email job (Discourse's Jobs::UserEmail): re-checks everything at send time, logs
// a named skip or builds the email and hands it to the transport. The job is the retry
// unit (runner.ts backs off on a throw); the email log row is the "at most once" guard.
import type { Job } from '../../db/schema';
import { jobPayload } from '../../jobs/queue';
import type { ForumContext } from '../../services/context';
import { findUserById, primaryEmail } from '../../users/users-repository';
import { composePostEmail } from './compose-post-email';
import { dispatchLoggedEmail, EMAIL_STATUS, findPostEmailLog, logSkip, openSendAttempt } from './email-log';
import type { PostEmailPayload } from './enqueue-post-emails';
import { keepStableMessageId, loadPostEmail } from './load-post-email';
import { messageIdHost } from './message-ids';
import { replyByEmailUsable } from './reply-addresses';
import { getOrCreateReplyKey, newHexKey } from './reply-keys';
import { postEmailSkip } from './send-checks';
import { deliverSystemEmail, type SystemEmailPayload } from './system-email';

export async function deliverEmailJob(ctx: ForumContext, job: Job): Promise<void> {
  const payload = jobPayload<PostEmailPayload | SystemEmailPayload>(job);
  if (payload.kind === 'system') return deliverSystemEmail(ctx, payload);
  return deliverPostEmail(ctx, payload);
}

export async function deliverPostEmail(ctx: ForumContext, p: PostEmailPayload): Promise<void> {
  const { db } = ctx;
  const existing = await findPostEmailLog(db, p.postId, p.userId, p.emailType);
  // Sent, skipped or kept for later: this email was handled (A11). A 'failed' row is a retry.
  if (existing && existing.status !== EMAIL_STATUS.failed) return;

  const recipient = await findUserById(db, p.userId);
  const address = recipient ? await primaryEmail(db, recipient.id) : undefined;
  const post = await db.selectFrom('posts').selectAll().where('id', '=', p.postId).executeTakeFirst();
  const topic = post
    ? await db.selectFrom('topics').selectAll().where('id', '=', post.topic_id).executeTakeFirst()
    : undefined;
  const target = {
    emailType: p.emailType,
    toAddress: address ?? '',
    userId: recipient ? p.userId : null,
    postId: post ? p.postId : null,
    topicId: topic?.id ?? null,
  };
  const reason = await postEmailSkip(ctx, p.emailType, { recipient, address, post, topic });
  if (reason || !recipient || !address || !post || !topic) {
    await logSkip(db, target, reason ?? 'user_email_post_not_found', existing);
    return;
  }
  const author = await findUserById(db, post.user_id);
  if (!author) {
    await logSkip(db, target, 'user_email_post_not_found', existing);
    return;
  }

  const host = messageIdHost(ctx.baseUrl);
  await keepStableMessageId(db, post, host);
  const replyKey = replyByEmailUsable(ctx.settings)
    ? await getOrCreateReplyKey(db, post.id, recipient.id)
    : null;
  const bounceKey = existing?.bounce_key ?? newHexKey();
  const input = await loadPostEmail(
    ctx,
    { topic, post, author, recipient, toAddress: address },
    { replyKey, bounceKey },
  );
  const message = composePostEmail(input);
  const log = await openSendAttempt(
    db,
    target,
    { messageId: message.messageId, replyKey, bounceKey },
    existing,
  );
  if (!log) return;
  await dispatchLoggedEmail(ctx, log, message);
}
