// The checks made at send time, when the job runs (behaviour.md §3.1 "Suppression", §3.8,
// §6 E63, E66): things change between a post and its email, so nothing decided at enqueue
// time is trusted here. Each failed check is a named skip reason.
import type { Post, Topic, User } from '../../db/schema';
import { canSeeTopic } from '../../policy/guardian';
import { POST_TYPES } from '../../posts/post-writer';
import type { ForumContext } from '../../services/context';
import { isStaff, isSuspended } from '../../users/users-repository';
import { emailsInLastDay } from './email-log';
import { isOptedOut } from './opt-outs';
import { CRITICAL_EMAIL_TYPES, type SkipReason } from './skip-reasons';
import { PM_EMAIL_TYPE } from './enqueue-post-emails';

/** Checks that apply to every email: disable_emails, an opted-out address, the daily cap and the bounce score. */
export async function siteAndRecipientSkip(
  ctx: ForumContext,
  emailType: string,
  recipient: User | undefined,
  address: string,
): Promise<SkipReason | undefined> {
  const disabled = ctx.settings.str('disable_emails');
  if (disabled === 'yes') return 'disable_emails';
  if (disabled === 'non-staff' && !(recipient && isStaff(recipient))) return 'disable_emails';
  if (CRITICAL_EMAIL_TYPES.has(emailType)) return undefined;
  // "differs" 5: an address that used the one-click opt-out is never emailed again.
  if (address && (await isOptedOut(ctx.db, address))) return 'email_opted_out';
  const cap = ctx.settings.int('max_emails_per_day_per_user');
  if (cap > 0) {
    const count = await emailsInLastDay(ctx.db, recipient ? { userId: recipient.id } : { address });
    if (count >= cap) return 'exceeded_emails_limit';
  }
  if (recipient && recipient.bounce_score >= ctx.settings.int('bounce_score_threshold'))
    return 'exceeded_bounces_limit';
  return undefined;
}

async function isGroupMessage(ctx: ForumContext, topicId: number): Promise<boolean> {
  const row = await ctx.db
    .selectFrom('topic_allowed_groups')
    .select('id')
    .where('topic_id', '=', topicId)
    .executeTakeFirst();
  return Boolean(row);
}

/**
 * Whether a real person who only wants these emails while away was seen within
 * email_time_window_mins: email_messages_level governs PM emails, email_level the rest.
 */
export async function seenRecently(
  ctx: ForumContext,
  user: User,
  now = new Date(),
  emailType = PM_EMAIL_TYPE,
): Promise<boolean> {
  if (user.staged || !user.last_seen_at) return false;
  const options = await ctx.db
    .selectFrom('user_options')
    .select(['email_messages_level', 'email_level'])
    .where('user_id', '=', user.id)
    .executeTakeFirst();
  const level =
    emailType === PM_EMAIL_TYPE ? (options?.email_messages_level ?? 0) : (options?.email_level ?? 1);
  if (level !== 1) return false;
  const windowMs = ctx.settings.int('email_time_window_mins') * 60_000;
  return now.getTime() - new Date(user.last_seen_at).getTime() < windowMs;
}

/** Checks for an email about a post, in Discourse's user_email job order. */
export async function postEmailSkip(
  ctx: ForumContext,
  emailType: string,
  s: {
    recipient: User | undefined;
    address: string | undefined;
    post: Post | undefined;
    topic: Topic | undefined;
  },
): Promise<SkipReason | undefined> {
  const { recipient, post, topic } = s;
  if (!recipient) return 'user_email_no_user';
  if (!s.address) return 'user_email_no_email';
  if (!post) return 'user_email_post_not_found';
  if (post.deleted_at !== null) return 'user_email_post_deleted';
  if (!topic) return 'user_email_topic_nil';
  if (topic.deleted_at !== null) return 'sender_topic_deleted';
  if (!(await canSeeTopic(ctx.db, recipient, topic))) return 'user_email_access_denied';
  // Whispers are for staff only (§3.1: "cannot see the post, e.g. a whisper").
  if (post.post_type === POST_TYPES.whisper && !isStaff(recipient)) return 'user_email_access_denied';
  // Discourse still emails a suspended person their direct messages (staff write to them
  // about the suspension), but not group messages.
  if (isSuspended(recipient) && (await isGroupMessage(ctx, topic.id))) return 'user_email_user_suspended';
  if (await seenRecently(ctx, recipient, new Date(), emailType)) return 'user_email_seen_recently';
  return siteAndRecipientSkip(ctx, emailType, recipient, s.address);
}
