// "Will be emailed" before sending (client.md feature 2): who a new post would reach by email,
// decided by the same rules posting uses — the PM's audience (notifications/notify-post.ts),
// each person's wish (email/outbound/enqueue-post-emails.ts) and a group mailbox
// (group-smtp-plan.ts). Authorized like the send itself: a reply needs a PM the actor can read;
// a new message goes through every recipient check of sending. It names nobody the actor could
// not already see: typed addresses are echoed as typed (never resolved to an account, so no
// address oracle), and members of a group whose member list is hidden from the actor are not
// listed, only the group. Staged participants whose address opted out are reported as not
// emailed (the sender sees "opted out" beside them in the PM already).
import type { Group, User } from '../db/schema';
import { DomainError } from '../../shared/domain/errors';
import { loadPmEmailRows, pmEmailWish } from '../email/outbound/enqueue-post-emails';
import { groupSmtpAudience } from '../email/outbound/group-smtp-plan';
import { groupSendsBySmtp } from '../email/outbound/group-mailbox';
import { optedOutUserIds } from '../email/outbound/opt-outs';
import { TOPIC_NOTIFICATION_LEVELS } from '../notifications/notification-types';
import { privateMessageAudience } from '../notifications/notify-post';
import { canSendPrivateMessages, PM_ARCHETYPE } from '../policy/guardian';
import type { ForumContext } from './context';
import { canSeeGroupMembers } from './group-membership';
import { toPositiveInt } from './reply-to-topic';
import { resolveRecipients, splitRecipients } from './resolve-recipients';
import { loadVisibleTopic } from './topic-access';

/** Why someone gets the email: by email only (staged), their settings, when away, a group's mailbox. */
export type EmailReason = 'by_email' | 'email_preference' | 'when_away' | 'group_mailbox';

export interface EmailPreview {
  users: Array<{ user: User; reason: EmailReason; viaGroup: string | null }>;
  /** Addresses typed in target_recipients, as typed. */
  emails: string[];
  /** Groups whose members get email by their own settings, but whose member list the actor may not see. */
  hiddenGroups: Group[];
  /** Staged participants who would get it but opted out of all mail. */
  optedOut: User[];
}

export interface EmailPreviewInput {
  topicId?: unknown;
  targetRecipients?: unknown;
}

const given = (v: unknown) => v !== undefined && v !== null && v !== '';

/** Members of these groups but the actor, with their group level. */
async function membersOf(ctx: ForumContext, groupIds: number[], actor: User) {
  if (groupIds.length === 0) return [];
  return ctx.db
    .selectFrom('group_users')
    .select(['user_id', 'group_id', 'notification_level'])
    .where('group_id', 'in', groupIds)
    .where('user_id', '!=', actor.id)
    .orderBy('group_id')
    .orderBy('user_id')
    .execute();
}

interface Candidates {
  topicId: number;
  groups: Group[];
  /** People the post would notify: participants first, then members, with the group they come through. */
  people: Map<number, string | null>;
  /** Participants a group mailbox email would go to instead of their own notification email. */
  viaMailbox: Set<number>;
  emails: string[];
}

async function replyCandidates(ctx: ForumContext, actor: User, topicIdParam: unknown): Promise<Candidates> {
  const topic = await loadVisibleTopic(ctx.db, actor, toPositiveInt(topicIdParam, 'topic_id'));
  if (topic.archetype !== PM_ARCHETYPE) throw new DomainError('not_a_private_message');
  const audience = await privateMessageAudience(ctx.db, topic.id, actor.id);
  const groups = await ctx.db
    .selectFrom('topic_allowed_groups')
    .innerJoin('groups', 'groups.id', 'topic_allowed_groups.group_id')
    .selectAll('groups')
    .where('topic_allowed_groups.topic_id', '=', topic.id)
    .orderBy('topic_allowed_groups.id')
    .execute();
  const participants = new Set(
    (
      await ctx.db
        .selectFrom('topic_allowed_users')
        .select('user_id')
        .where('topic_id', '=', topic.id)
        .orderBy('id')
        .execute()
    ).map((r) => r.user_id),
  );
  const memberOf = new Map<number, string>();
  const groupName = new Map(groups.map((g) => [g.id, g.name]));
  // Every member, whatever their level: whoever the audience reaches through a group is shown
  // (or hidden) as that group's member.
  for (const m of await membersOf(
    ctx,
    groups.map((g) => g.id),
    actor,
  ))
    if (!memberOf.has(m.user_id)) memberOf.set(m.user_id, groupName.get(m.group_id) ?? '');
  const people = new Map<number, string | null>();
  for (const id of audience) people.set(id, participants.has(id) ? null : (memberOf.get(id) ?? null));
  const mailbox = await groupSmtpAudience(ctx.db, ctx.settings, topic.id, actor.id);
  // The group mailbox writes to every participant, whatever their notification level.
  for (const id of mailbox?.userIds ?? []) if (!people.has(id)) people.set(id, null);
  return { topicId: topic.id, groups, people, viaMailbox: new Set(mailbox?.userIds ?? []), emails: [] };
}

async function newMessageCandidates(ctx: ForumContext, actor: User, targets: unknown): Promise<Candidates> {
  if (!(await canSendPrivateMessages(ctx.db, ctx.settings, actor))) throw new DomainError('pm_not_allowed');
  const entries = splitRecipients(targets);
  if (entries.length === 0) throw new DomainError('pm_no_recipients');
  // Every check sending makes, so the preview refuses exactly what Send would refuse.
  const resolved = await resolveRecipients(ctx, actor, entries);
  const people = new Map<number, string | null>(resolved.users.map((u) => [u.id, null]));
  const groupName = new Map(resolved.groups.map((g) => [g.id, g.name]));
  // A new message has no topic levels yet: members hear about it by their group level.
  for (const m of await membersOf(
    ctx,
    resolved.groups.map((g) => g.id),
    actor,
  ))
    if (!people.has(m.user_id) && m.notification_level >= TOPIC_NOTIFICATION_LEVELS.watching)
      people.set(m.user_id, groupName.get(m.group_id) ?? null);
  // A new message to a group with its own mailbox starts there: the participants get its email.
  const mailbox = ctx.settings.bool('enable_smtp') && resolved.groups.some(groupSendsBySmtp);
  return {
    topicId: 0,
    groups: resolved.groups,
    people,
    viaMailbox: new Set(mailbox ? resolved.users.map((u) => u.id) : []),
    emails: resolved.emails,
  };
}

export async function previewEmailRecipients(
  ctx: ForumContext,
  actor: User,
  input: EmailPreviewInput,
): Promise<EmailPreview> {
  if (given(input.topicId) === given(input.targetRecipients))
    throw new DomainError('invalid_parameters', {
      detail: 'send topic_id (for a reply) or target_recipients (for a new message), one of the two.',
    });
  const c = given(input.topicId)
    ? await replyCandidates(ctx, actor, input.topicId)
    : await newMessageCandidates(ctx, actor, input.targetRecipients);
  if (ctx.settings.str('disable_emails') === 'yes')
    return { users: [], emails: [], hiddenGroups: [], optedOut: [] };

  const hidden = new Set<string>();
  const hiddenGroups: Group[] = [];
  for (const g of c.groups)
    if (!(await canSeeGroupMembers(ctx.db, actor, g))) {
      hidden.add(g.name);
      hiddenGroups.push(g);
    }
  const ids = [...c.people.keys()].filter((id) => {
    const via = c.people.get(id);
    return !(via && hidden.has(via));
  });
  const rows = new Map((await loadPmEmailRows(ctx.db, c.topicId, ids)).map((r) => [r.id, r]));
  const users = new Map(
    (ids.length ? await ctx.db.selectFrom('users').selectAll().where('id', 'in', ids).execute() : []).map(
      (u) => [u.id, u],
    ),
  );
  const optedOut = await optedOutUserIds(
    ctx.db,
    ids.filter((id) => users.get(id)?.staged),
  );
  const preview: EmailPreview = { users: [], emails: c.emails, hiddenGroups, optedOut: [] };
  for (const id of ids) {
    const user = users.get(id);
    const row = rows.get(id);
    if (!user || !row) continue;
    const viaGroup = c.people.get(id) ?? null;
    if (optedOut.has(id)) {
      preview.optedOut.push(user);
      continue;
    }
    if (c.viaMailbox.has(id)) {
      preview.users.push({ user, reason: 'group_mailbox', viaGroup });
      continue;
    }
    const wish = pmEmailWish(row);
    if (wish === 'never') continue;
    const reason: EmailReason = user.staged
      ? 'by_email'
      : wish === 'when_away'
        ? 'when_away'
        : 'email_preference';
    preview.users.push({ user, reason, viaGroup });
  }
  return preview;
}
