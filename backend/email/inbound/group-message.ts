// Email to a group's incoming address (behaviour.md §1.2 C2/C6, §4.1, §6 D 47–50, 56): a reply
// continues the group PM it answers (found from In-Reply-To/References, §4.1), otherwise it
// starts a new group PM — TAG = the group, TAU = the sender (staged when unknown), title = the
// subject, validations skipped. Archived copies come back to the inbox through writePost.
import type { Group, User } from '../../db/schema';
import { isTopicParticipant } from '../../policy/guardian';
import { addAllowedGroup, addAllowedUser } from '../../posts/participants';
import { insertPmTopic } from '../../posts/insert-pm-topic';
import { DomainError } from '../../../shared/domain/errors';
import { postRaw, type EmailBody } from './email-body';
import { createReply, publishFromEmail } from './post-reply';
import { groupThreadPost } from './related-post';
import { queueForReview, reviewReason } from './review-queue';
import { stageTracked } from './staged-cleanup';
import { inboundDb, type Inbound, type Sender, type StageOutcome } from './types';

/** Discourse's emails.incoming.default_subject. */
export const DEFAULT_TITLE = 'This topic needs a title';

export function topicTitle(subject: string): string {
  const title = subject.replace(/\s+/g, ' ').trim().slice(0, 255);
  return title || DEFAULT_TITLE;
}

/**
 * The sender's account, staged when unknown (§1.2 C2: the name comes from the From header).
 * `toGroup`: the group whose address they wrote to, recorded as who brought them in.
 */
export async function senderAccount(inb: Inbound, sender: Sender, toGroup?: Group): Promise<User> {
  if (sender.user) return sender.user;
  if (!inb.ctx.settings.bool('enable_staged_users')) throw new DomainError('email_user_not_found');
  const { user } = await stageTracked(
    inb.db,
    inb.ctx.settings,
    inb.staged,
    sender.address,
    sender.name || undefined,
    toGroup ? { invitedByGroupId: toGroup.id } : {},
  );
  return user;
}

async function allowsUnknownSenders(inb: Inbound, group: Group): Promise<boolean> {
  const row = await inboundDb(inb.db)
    .selectFrom('groups')
    .select('allow_unknown_sender_topic_replies')
    .where('id', '=', group.id)
    .executeTakeFirst();
  return Boolean(row?.allow_unknown_sender_topic_replies);
}

export async function postToGroup(
  inb: Inbound,
  group: Group,
  sender: Sender,
  body: EmailBody,
): Promise<StageOutcome> {
  const user = await senderAccount(inb, sender, group);
  const allowUnknown = await allowsUnknownSenders(inb, group);
  const target = await groupThreadPost(
    inb.db,
    inb.ctx.baseUrl,
    inb.email,
    group.id,
    sender.address,
    allowUnknown,
  );
  // §4.1 also forks a thread older than disallow_reply_by_email_after_days into a new PM when the
  // group sends through its own SMTP server (D 51); Foyer's groups have no SMTP settings yet.
  if (target) {
    const topic = await inb.db
      .selectFrom('topics')
      .selectAll()
      .where('id', '=', target.topic_id)
      .executeTakeFirst();
    if (topic) {
      if (!(await isTopicParticipant(inb.db, user, topic.id))) {
        // C6: a reply from someone not yet in the thread joins it only when the group allows it.
        if (!allowUnknown) throw new DomainError('email_reply_not_allowed');
        await addAllowedUser(inb.db, topic.id, user.id);
      }
      return createReply(inb, { user, topic, post: target, body, groupMessage: true, skipValidations: true });
    }
  }
  return createGroupTopic(inb, group, user, body);
}

/** §4.1 "new group PM": validations skipped, the trimmed part folded below the body. */
export async function createGroupTopic(
  inb: Inbound,
  group: Group,
  user: User,
  body: EmailBody,
): Promise<StageOutcome> {
  const title = topicTitle(inb.email.subject);
  const raw = postRaw(body, true);
  const reason = reviewReason(inb, user);
  if (reason) return queueForReview(inb, { reason, author: user, topicId: null, title, raw });
  const topic = await insertPmTopic(inb.db, title, user);
  await addAllowedUser(inb.db, topic.id, user.id);
  await addAllowedGroup(inb.db, topic.id, group.id);
  return publishFromEmail(inb, { user, topic, raw, replyToPostNumber: null, groupMessage: true });
}
