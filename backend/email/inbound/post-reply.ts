// Posting an email as a reply (behaviour.md §3.3 step 13 "Reply key" and "Creating the reply",
// §6 B 17–37): the reply-key checks, then what every path that replies shares — topic gone or
// closed, body commands, validations for real users, attachments, the trimmed part, created_at
// from the Date header, the post's outbound Message-ID, and the people on the email joining the PM.
import type { Post, Topic, User } from '../../db/schema';
import { DomainError } from '../../../shared/domain/errors';
import { canCreatePostOnTopic, PM_ARCHETYPE } from '../../policy/guardian';
import { publishPost } from '../../posts/post-writer';
import { isStaff } from '../../users/users-repository';
import { nowIso } from '../../util/clock';
import { enqueueSystemEmail } from '../outbound/system-email';
import { keptAttachmentCount, linkUploads, processAttachments } from './attachments';
import { bodyCommand, likePost, setTopicLevel } from './body-commands';
import type { Destination } from './destinations';
import { postRaw, type EmailBody } from './email-body';
import { addParticipantsFromEmail, emailRecipients, usersOnEmail } from './participants-from-email';
import { queueForReview, reviewReason } from './review-queue';
import type { Inbound, Sender, StageOutcome } from './types';
import { minBodyLength, type BodyKind } from '../../services/post-validation';
import { runCached } from '../../util/cached-query';

type ReplyKeyDestination = Extract<Destination, { kind: 'reply_key' }>;

/** created_at is the Date header, never in the future (§3.3, §6 B 37). */
export function postDate(date: Date | undefined, now = new Date()): string {
  if (!date || date.getTime() > now.getTime()) return now.toISOString();
  return date.toISOString();
}

async function loadPost(inb: Inbound, id: number): Promise<Post | undefined> {
  const [post] = await runCached(
    inb.db,
    'replyViaKey:post',
    (q, postId: number) => q.selectFrom('posts').selectAll().where('id', '=', postId),
    id,
  );
  return post;
}

async function loadTopic(inb: Inbound, id: number): Promise<Topic | undefined> {
  const [topic] = await runCached(
    inb.db,
    'replyViaKey:topic',
    (q, topicId: number) => q.selectFrom('topics').selectAll().where('id', '=', topicId),
    id,
  );
  return topic;
}

/**
 * The reply key's owner may reply; so may someone else if this exact reply address and their
 * address were both on an earlier email into the same topic (a reply forwarded or cc'd between
 * participants, §3.3 step 13, §6 B 20).
 */
async function forwardedReplyKey(inb: Inbound, dest: ReplyKeyDestination, topicId: number, sender: Sender) {
  const rows = await inb.db
    .selectFrom('incoming_emails')
    .select(['to_addresses', 'cc_addresses'])
    .where('topic_id', '=', topicId)
    .where('status', '=', 'processed')
    .where('id', '!=', inb.incomingEmailId)
    .execute();
  return rows.some((r) => {
    const addresses = `${r.to_addresses ?? ''};${r.cc_addresses ?? ''}`.toLowerCase().split(/[;,\s]+/);
    return addresses.includes(sender.address) && addresses.some((a) => a.includes(dest.key));
  });
}

/** §3.3 step 13, reply key: never stages, the sender must be allowed and be the key's owner. */
export async function replyViaKey(
  inb: Inbound,
  dest: ReplyKeyDestination,
  sender: Sender,
  body: EmailBody,
): Promise<StageOutcome> {
  const user = sender.user;
  if (!dest.replyKey || !user) throw new DomainError('email_bad_destination');
  const post = await loadPost(inb, dest.replyKey.post_id);
  const topic = post ? await loadTopic(inb, post.topic_id) : undefined;
  if (!post || !topic || topic.deleted_at !== null) throw new DomainError('email_topic_not_found');
  if (!(await canCreatePostOnTopic(inb.db, user, topic))) throw new DomainError('email_reply_not_allowed');
  if (dest.replyKey.user_id !== user.id && !(await forwardedReplyKey(inb, dest, topic.id, sender)))
    throw new DomainError('email_reply_user_not_matching');
  return createReply(inb, { user, topic, post, body, groupMessage: false });
}

export interface CreateReplyInput {
  user: User;
  topic: Topic;
  /** The post replied to (may be deleted: then the reply goes to the topic). */
  post: Post | undefined;
  body: EmailBody;
  groupMessage: boolean;
  /** Group inbox mail skips validations, as Discourse's create_group_post. */
  skipValidations?: boolean;
}

// A mention starts a word (as the cooker's rule): "bob@example.com" mentions no one.
const MENTION = /(?:^|[^\p{L}\p{M}\p{Nd}_.\-@/])@([\p{L}\p{M}\p{Nd}_][\p{L}\p{M}\p{Nd}_.-]*)/gu;

/** Discourse's post validations for an emailed post by a real (non-staged) person. */
export function validate(inb: Inbound, user: User, raw: string, kind: BodyKind): void {
  // Staged users' posts skip validations (§1.3): they cannot fix and resend through a form.
  if (user.staged) return;
  const s = inb.ctx.settings;
  // An attachment is content too (no_body_with_image): the minimum length is for text alone.
  const hasFiles = keptAttachmentCount(s, inb.email.attachments) > 0;
  const min = minBodyLength(s, kind);
  if (!hasFiles && raw.trim().length < min) throw new DomainError('email_too_short', { min });
  const max = s.int('max_post_length');
  if (raw.length > max)
    throw new DomainError('email_invalid_post', { detail: `it is longer than ${max} characters` });
  const mentions = new Set([...raw.matchAll(MENTION)].map((m) => (m[1] ?? '').toLowerCase()));
  const maxMentions = s.int('max_mentions_per_post');
  if (mentions.size > maxMentions)
    throw new DomainError('email_invalid_post', { detail: `it mentions more than ${maxMentions} people` });
}

/** For PMs: someone evidently using email gets PM emails again (Discourse's enable_email_pm_setting). */
async function enableEmailPmSetting(inb: Inbound, user: User): Promise<void> {
  if (user.staged) return;
  await runCached(
    inb.db,
    'enableEmailPmSetting',
    (q, userId: number) =>
      q
        .updateTable('user_options')
        .set({ email_messages_level: 0 })
        .where('user_id', '=', userId)
        .where('email_messages_level', '=', 2),
    user.id,
  );
}

export async function createReply(inb: Inbound, input: CreateReplyInput): Promise<StageOutcome> {
  const { user, topic, body } = input;
  const { db, ctx } = inb;
  if (topic.deleted_at !== null) throw new DomainError('email_topic_not_found');
  const post = input.post && input.post.deleted_at === null ? input.post : undefined;
  const isPm = topic.archetype === PM_ARCHETYPE;
  if (isPm) await enableEmailPmSetting(inb, user);

  const command = bodyCommand(body.markdown);
  if (command?.kind === 'like') {
    if (!post) throw new DomainError('email_invalid_post_action');
    await likePost(db, user, post, topic);
    return { status: 'processed', userId: user.id, topicId: topic.id };
  }
  if (command?.kind === 'level') {
    await setTopicLevel(db, user.id, topic.id, command.level);
    return { status: 'processed', userId: user.id, topicId: topic.id };
  }
  if ((topic.closed || topic.archived) && !isStaff(user)) throw new DomainError('email_topic_closed');
  if (!input.skipValidations) validate(inb, user, body.markdown, isPm ? 'pm' : 'reply');

  const showElided = isPm || ctx.settings.bool('always_show_trimmed_content');
  const raw = postRaw(body, showElided);
  const replyToPostNumber = post?.post_number ?? null;
  const reason = reviewReason(inb, user);
  if (reason) return queueForReview(inb, { reason, author: user, topicId: topic.id, raw, replyToPostNumber });
  return publishFromEmail(inb, { user, topic, raw, replyToPostNumber, groupMessage: input.groupMessage });
}

export interface PublishInput {
  user: User;
  topic: Topic;
  raw: string;
  replyToPostNumber: number | null;
  groupMessage: boolean;
  /** Default: the email's Date header (never in the future). */
  createdAt?: string;
}

/**
 * Attachments, the post itself (notifications and emails enqueued in the same transaction,
 * not to the people who were on the email), its outbound Message-ID, its uploads, then the
 * other people on the email join the PM (§3.3 "On success").
 */
export async function publishFromEmail(inb: Inbound, input: PublishInput): Promise<StageOutcome> {
  const { db, ctx, email } = inb;
  const { user, topic } = input;
  const attached = await processAttachments(db, ctx.settings, email.attachments, {
    dataDir: ctx.dataDir,
    userId: user.id,
    topicId: topic.id,
    raw: input.raw,
    groupMessage: input.groupMessage,
  });
  const excludeEmailUserIds = await usersOnEmail(db, ctx.settings, email);
  const { post } = await publishPost(db, ctx.settings, {
    topic,
    author: user,
    raw: attached.raw,
    ...(inb.prepared?.precooked?.raw === attached.raw ? { cooked: inb.prepared.precooked.cooked } : {}),
    // Every path here read or created the topic in this transaction and wrote nothing to its row since.
    topicIsCurrent: true,
    replyToPostNumber: input.replyToPostNumber,
    viaEmail: true,
    createdAt: input.createdAt ?? postDate(email.date),
    // Replies to notifications about this post then thread under the sender's own message (§3.1).
    ...(email.messageId ? { outboundMessageId: email.messageId, updatedAt: nowIso() } : {}),
    excludeEmailUserIds,
  });
  await linkUploads(db, post.id, attached.uploads);
  if (attached.failures.length > 0 && !user.staged && email.from[0]?.address)
    await enqueueSystemEmail(db, {
      emailType: 'email_reject_attachment',
      to: email.from[0].address,
      userId: user.id,
      subject: `Re: ${email.subject || topic.title}`,
      text: [
        'Your email was posted, but some attachments could not be added:',
        '',
        ...attached.failures.map((f) => `- ${f.filename}: ${f.reason}`),
      ].join('\n'),
      incomingEmailId: inb.incomingEmailId,
      ...(email.messageId ? { inReplyTo: email.messageId } : {}),
    });
  if (topic.archetype === PM_ARCHETYPE)
    await addParticipantsFromEmail(db, ctx.settings, {
      topic,
      sender: user,
      recipients: emailRecipients(email),
      staged: inb.staged,
    });
  return { status: 'processed', userId: user.id, postId: post.id, topicId: topic.id };
}
