// Creates a PM to usernames, groups and email addresses (behaviour.md §1.2 C1, §5.1, §5.2).
// Recipe: parse → policy → resolve recipients → one transaction (stage addresses, topic,
// first post, participants, notifications) → the new post.
import type { Db } from '../db/database';
import type { Post, Topic, User } from '../db/schema';
import { DomainError } from '../../shared/domain/errors';
import { canSendPrivateMessages, userAcceptsMessagesFrom } from '../policy/guardian';
import { addAllowedGroup, addAllowedUser } from '../posts/participants';
import { publishPrivateMessagePost } from '../posts/post-writer';
import { findOrStageUser } from '../users/stage-user';
import type { ForumContext } from './context';
import { resolveRecipients, splitRecipients } from './resolve-recipients';
import { validatePostBody, validateTitle } from './post-validation';
import { insertPmTopic } from '../posts/insert-pm-topic';

export interface SendPrivateMessageInput {
  title: unknown;
  raw: unknown;
  targetRecipients?: unknown;
  targetUsernames?: unknown;
  targetEmails?: unknown;
  targetGroupNames?: unknown;
}

export interface SentPrivateMessage {
  topic: Topic;
  post: Post;
}

/** Runs inside the publishing transaction, after the post is written (drafts, idempotency, schedules). */
export type InTransaction = (db: Db, result: { topic: Topic; post: Post }) => Promise<void>;

export async function sendPrivateMessage(
  ctx: ForumContext,
  actor: User,
  input: SendPrivateMessageInput,
  inTransaction?: InTransaction,
): Promise<SentPrivateMessage> {
  const { settings } = ctx;
  const title = validateTitle(settings, input.title);
  const raw = validatePostBody(settings, input.raw);
  const entries = splitRecipients(
    input.targetRecipients,
    input.targetUsernames,
    input.targetEmails,
    input.targetGroupNames,
  );
  if (entries.length === 0) throw new DomainError('pm_no_recipients');
  if (!(await canSendPrivateMessages(ctx.db, settings, actor))) throw new DomainError('pm_not_allowed');
  const recipients = await resolveRecipients(ctx, actor, entries);

  return ctx.db.transaction().execute(async (db) => {
    const topic = await insertPmTopic(db, title, actor);
    const participants: User[] = [actor, ...recipients.users];
    for (const email of recipients.emails) {
      const { user, created } = await findOrStageUser(db, settings, email, undefined, {
        invitedByUserId: actor.id,
        topicId: topic.id,
      });
      // An address that belongs to a real account gets the same checks as its username, but a
      // refusal is silent: the sender must not learn that the address has an account (no oracle).
      if (!created && !user.staged && !(await userAcceptsMessagesFrom(db, actor, user))) continue;
      if (user.id !== actor.id) participants.push(user);
    }
    for (const user of participants) await addAllowedUser(db, topic.id, user.id);
    for (const group of recipients.groups) await addAllowedGroup(db, topic.id, group.id);
    const result = await publishPrivateMessagePost(db, settings, { topic, author: actor, raw });
    await inTransaction?.(db, result);
    return result;
  });
}
