// Adds a user, an email address or a group to an existing PM (POST /t/{id}/invite.json and
// /t/{id}/invite-group.json), with the checks of §5.3. An address is resolved exactly as when
// composing a PM: staged when unknown, and the answer is the same either way (no oracle).
import type { Group, Topic, User } from '../db/schema';
import { DomainError } from '../../shared/domain/errors';
import { isValidEmail, looksLikeEmail } from '../../shared/util/email-address';
import {
  canMessageGroup,
  canSendPrivateMessagesToEmail,
  inviteRefusal,
  isTopicParticipant,
  userAcceptsMessagesFrom,
} from '../policy/guardian';
import { insertNotification } from '../notifications/notify-post';
import { NOTIFICATION_TYPES } from '../notifications/notification-types';
import { addAllowedGroup, addAllowedUser } from '../posts/participants';
import { POST_TYPES, writePost } from '../posts/post-writer';
import { findOrStageUser } from '../users/stage-user';
import { findGroupByName } from '../users/groups-repository';
import { findUserByUsername } from '../users/users-repository';
import type { ForumContext } from './context';
import { loadVisibleTopic } from './topic-access';
import type { Db } from '../db/database';

async function loadInvitablePm(ctx: ForumContext, actor: User, topicId: number): Promise<Topic> {
  const topic = await loadVisibleTopic(ctx.db, actor, topicId);
  const refusal = await inviteRefusal(ctx.db, ctx.settings, actor, topic);
  if (refusal) throw new DomainError(refusal, { limit: ctx.settings.int('max_allowed_message_recipients') });
  return topic;
}

async function noteInvite(
  db: Db,
  topic: Topic,
  actor: User,
  who: string,
  code: 'invited_user' | 'invited_group' | 'invited_email',
): Promise<void> {
  await writePost(db, {
    topic,
    author: actor,
    raw: '',
    postType: POST_TYPES.small_action,
    actionCode: who ? `${code}:${who}` : code,
  });
}

export type InviteResult = { kind: 'user'; user: User } | { kind: 'email' };

export async function inviteToPrivateMessage(
  ctx: ForumContext,
  actor: User,
  topicId: number,
  input: { user?: unknown; email?: unknown },
): Promise<InviteResult> {
  const identifier = input.user ?? input.email;
  if (typeof identifier !== 'string' || identifier.trim() === '') {
    throw new DomainError('invalid_parameters', {
      detail: 'send "user" (a username) or "email" (an address) as text.',
    });
  }
  const topic = await loadInvitablePm(ctx, actor, topicId);
  if (looksLikeEmail(identifier)) {
    if (!isValidEmail(identifier))
      throw new DomainError('pm_invalid_email', { email: identifier.slice(0, 100) });
    if (!ctx.settings.bool('enable_staged_users')) throw new DomainError('pm_staged_users_disabled');
    if (!(await canSendPrivateMessagesToEmail(ctx.db, ctx.settings, actor)))
      throw new DomainError('pm_email_not_allowed');
    await ctx.db.transaction().execute(async (db) => {
      // The small action names no one and is written whatever the outcome, so the thread
      // does not reveal whether the address had an account or whether it refused PMs.
      await noteInvite(db, topic, actor, '', 'invited_email');
      const { user, created } = await findOrStageUser(db, ctx.settings, identifier, undefined, {
        invitedByUserId: actor.id,
        topicId: topic.id,
      });
      if (!created && !user.staged && !(await userAcceptsMessagesFrom(db, actor, user))) return;
      if (await isTopicParticipant(db, user, topic.id)) return;
      await addAllowedUser(db, topic.id, user.id);
      await notifyInvited(db, topic, actor, user);
    });
    return { kind: 'email' };
  }
  const user = await findUserByUsername(ctx.db, identifier);
  if (!user) throw new DomainError('pm_unknown_username', { name: identifier.slice(0, 60) });
  if (!(await userAcceptsMessagesFrom(ctx.db, actor, user)))
    throw new DomainError('pm_target_not_accepting', { name: user.username });
  if (await isTopicParticipant(ctx.db, user, topic.id))
    throw new DomainError('already_invited', { name: user.username });
  await ctx.db.transaction().execute(async (db) => {
    await addAllowedUser(db, topic.id, user.id);
    await noteInvite(db, topic, actor, user.username, 'invited_user');
    await notifyInvited(db, topic, actor, user);
  });
  return { kind: 'user', user };
}

async function notifyInvited(db: Db, topic: Topic, actor: User, user: User): Promise<void> {
  await insertNotification(db, {
    userId: user.id,
    type: NOTIFICATION_TYPES.invited_to_private_message,
    topicId: topic.id,
    postNumber: 1,
    data: { topic_title: topic.title, display_username: actor.username, original_username: actor.username },
    highPriority: true,
  });
}

export async function inviteGroupToPrivateMessage(
  ctx: ForumContext,
  actor: User,
  topicId: number,
  input: { group?: unknown; shouldNotify?: boolean },
): Promise<Group> {
  if (typeof input.group !== 'string' || input.group.trim() === '') {
    throw new DomainError('invalid_parameters', { detail: 'send "group" (a group name) as text.' });
  }
  const topic = await loadInvitablePm(ctx, actor, topicId);
  const group = await findGroupByName(ctx.db, input.group);
  if (!group) throw new DomainError('pm_unknown_group', { name: input.group.slice(0, 60) });
  if (!(await canMessageGroup(ctx.db, actor, group)))
    throw new DomainError('pm_group_not_messageable', { name: group.name });
  const limit = ctx.settings.int('group_pm_user_limit');
  const already = await ctx.db
    .selectFrom('topic_allowed_groups')
    .select('id')
    .where('topic_id', '=', topic.id)
    .where('group_id', '=', group.id)
    .executeTakeFirst();
  if (already) throw new DomainError('already_invited', { name: group.name });
  const members = await ctx.db
    .selectFrom('group_users')
    .select('user_id')
    .where('group_id', '=', group.id)
    .execute();
  if (members.length > limit) throw new DomainError('pm_group_too_large', { name: group.name, limit });
  await ctx.db.transaction().execute(async (db) => {
    await addAllowedGroup(db, topic.id, group.id);
    await noteInvite(db, topic, actor, group.name, 'invited_group');
    if (input.shouldNotify === false) return;
    for (const m of members) {
      const member = await db.selectFrom('users').selectAll().where('id', '=', m.user_id).executeTakeFirst();
      if (member && member.id !== actor.id) await notifyInvited(db, topic, actor, member);
    }
  });
  return group;
}
