// Which posts leave through a group's own mailbox (behaviour.md §4.2; Discourse's
// PostAlerter#group_notifying_via_smtp and #email_using_group_smtp_if_configured). When
// enable_smtp is on and a regular post is written in a PM whose group sends by SMTP, the
// topic's participants (TAU) get ONE email from the group mailbox — To the oldest of them,
// Cc the rest — instead of one notification email each. This runs in the transaction that
// writes the post: it enqueues that email and tells the caller whom it covers, so their
// ordinary notification emails are not queued (they are still notified on the site).
import type { Db } from '../../db/database';
import type { Group, Post, Topic, User } from '../../db/schema';
import { enqueueJob } from '../../jobs/queue';
import { POST_TYPES } from '../../posts/post-writer';
import type { SiteSettings } from '../../settings/site-settings';
import { normalizeEmail } from '../../../shared/util/email-address';
import { groupSendsBySmtp } from './group-mailbox';

export const GROUP_SMTP_JOB = 'group_smtp_email';
export const GROUP_SMTP_EMAIL_TYPE = 'group_smtp';

export interface GroupSmtpPayload {
  postId: number;
  groupId: number;
  /** The participants the email is for, oldest first: To is the first still reachable, Cc the rest. */
  userIds: number[];
  /**
   * Those of them who would have had an ordinary notification email. If the send is called
   * off because its To was already on the incoming email, they get that email after all, as
   * in Discourse (the group mail is skipped, not the notification).
   */
  fallbackUserIds: number[];
}

/** A group's addresses: its incoming addresses and its mailbox, normalized. */
export function groupAddressesOf(group: Pick<Group, 'incoming_email' | 'email_username'>): string[] {
  return [...(group.incoming_email ?? '').split('|'), group.email_username ?? '']
    .map((a) => a.trim())
    .filter((a) => a.includes('@'))
    .map(normalizeEmail);
}

/**
 * The group whose mailbox answers in this topic: its only group, or with several the group
 * the topic's first email was addressed to, falling back to the first group that sends by
 * SMTP (§4.2, §7 item 6 "multi-group PMs only use one group's SMTP").
 */
export async function smtpGroupOfTopic(db: Db, topicId: number): Promise<Group | undefined> {
  const groups = await db
    .selectFrom('topic_allowed_groups')
    .innerJoin('groups', 'groups.id', 'topic_allowed_groups.group_id')
    .selectAll('groups')
    .where('topic_allowed_groups.topic_id', '=', topicId)
    .orderBy('topic_allowed_groups.id')
    .execute();
  if (groups.length === 0) return undefined;
  if (groups.length === 1) return groups[0] && groupSendsBySmtp(groups[0]) ? groups[0] : undefined;
  const first = await db
    .selectFrom('incoming_emails')
    .select('to_addresses')
    .where('topic_id', '=', topicId)
    .where('source', '!=', GROUP_SMTP_EMAIL_TYPE)
    .orderBy('id')
    .executeTakeFirst();
  const to = new Set((first?.to_addresses ?? '').split(';').map((a) => normalizeEmail(a)));
  const addressed = groups.find((g) => groupAddressesOf(g).some((a) => to.has(a)));
  if (addressed && groupSendsBySmtp(addressed)) return addressed;
  return groups.find(groupSendsBySmtp);
}

/**
 * The group mailbox that would carry a new post by `authorId` in this topic, and the
 * participants it would go to (oldest first), or undefined when posts go out the ordinary way.
 */
export async function groupSmtpAudience(
  db: Db,
  settings: SiteSettings,
  topicId: number,
  authorId: number,
): Promise<{ group: Group; userIds: number[] } | undefined> {
  if (!settings.bool('enable_smtp')) return undefined;
  const group = await smtpGroupOfTopic(db, topicId);
  if (!group) return undefined;
  // Oldest first, so To is normally the customer who opened the conversation. The author and
  // bots (the system user has a negative id, as in Discourse) never receive it.
  const participants = await db
    .selectFrom('topic_allowed_users')
    .select('user_id')
    .where('topic_id', '=', topicId)
    .where('user_id', '!=', authorId)
    .where('user_id', '>', 0)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  if (participants.length === 0) return undefined;
  return { group, userIds: participants.map((p) => p.user_id) };
}

/**
 * Enqueues the group's email about this post when §4.2 applies, and returns the people it
 * covers (the participants, and anyone whose address is the group mailbox itself: mail to it
 * would come back in as a new email). Undefined when the post goes out the ordinary way.
 */
export async function planGroupSmtpEmail(
  db: Db,
  settings: SiteSettings,
  input: { topic: Topic; post: Post; author: User; notifiedUserIds: number[] },
): Promise<Set<number> | undefined> {
  const { topic, post, author } = input;
  // Cheap first: most forums never turn group SMTP on, and this runs for every post.
  if (!settings.bool('enable_smtp') || post.post_type !== POST_TYPES.regular) return undefined;
  const audience = await groupSmtpAudience(db, settings, topic.id, author.id);
  if (!audience) return undefined;
  const { group, userIds } = audience;
  const covered = new Set(userIds);
  const mailbox = group.email_username ? normalizeEmail(group.email_username) : undefined;
  if (mailbox) {
    const owners = await db
      .selectFrom('user_emails')
      .select('user_id')
      .where('normalized_email', '=', mailbox)
      .execute();
    for (const o of owners) covered.add(o.user_id);
  }
  const payload: GroupSmtpPayload = {
    postId: post.id,
    groupId: group.id,
    userIds,
    fallbackUserIds: input.notifiedUserIds.filter((id) => userIds.includes(id)),
  };
  await enqueueJob(db, {
    type: GROUP_SMTP_JOB,
    payload: { ...payload },
    // Time to fix a typo before the mail leaves, as for personal emails.
    runAt: new Date(Date.now() + settings.int('personal_email_time_window_seconds') * 1000),
    uniqueKey: `${GROUP_SMTP_JOB}:${post.id}`,
  });
  return covered;
}
