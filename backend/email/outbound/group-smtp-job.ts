// The group_smtp_email job (Discourse's Jobs::GroupSmtpEmail): sends the one email about a
// post from the group's own mailbox through the group's SMTP server (behaviour.md §4.2, §6
// F 68–70, E 67). Everything is checked again at send time; every reason not to send is
// logged. The raw message is kept on the email log, and an incoming email record with the
// same Message-ID is written so the mailbox's copy is never imported as a new email.
import type { Db } from '../../db/database';
import type { EmailLog, Group, IncomingEmail, Job, Post, Topic, User } from '../../db/schema';
import { jobPayload, RetryLaterError } from '../../jobs/queue';
import { canSeeTopic } from '../../policy/guardian';
import type { ForumContext, OutgoingMessage } from '../../services/context';
import { normalizeEmail } from '../../../shared/util/email-address';
import { findUserById, primaryEmail } from '../../users/users-repository';
import { nowIso } from '../../util/clock';
import { errorText, EMAIL_STATUS, logSkip, markSent, openSendAttempt, type LogTarget } from './email-log';
import { enqueueUserPostEmails } from './enqueue-post-emails';
import { groupMailTransport, groupSendsBySmtp, isTransientSmtpError, mailboxSettings } from './group-mailbox';
import { composeGroupSmtpEmail } from './group-smtp-compose';
import { GROUP_SMTP_EMAIL_TYPE, type GroupSmtpPayload } from './group-smtp-plan';
import {
  ancestorsOf,
  keepStableMessageId,
  originalSubject,
  postByNumber,
  previousPosts,
} from './load-post-email';
import { bareMessageId, messageIdHost } from './message-ids';
import { renderRawMessage } from './raw-message';
import { newHexKey } from './reply-keys';
import { siteAndRecipientSkip } from './send-checks';
import { ensureSiteId } from './site-identity';
import type { SkipReason } from './skip-reasons';
import { storeIncomingRaw } from '../inbound/incoming-raws';

/** Discourse retries a busy SMTP server after an hour, plus a little jitter per attempt. */
const BUSY_RETRY_MS = 60 * 60_000;

interface Recipient {
  user: User;
  address: string;
}

/** The send attempt of this post's group email (the row that carries its Message-ID). */
async function findSendLog(db: Db, postId: number): Promise<EmailLog | undefined> {
  return db
    .selectFrom('email_logs')
    .selectAll()
    .where('post_id', '=', postId)
    .where('email_type', '=', GROUP_SMTP_EMAIL_TYPE)
    .where('message_id', 'is not', null)
    .executeTakeFirst();
}

/** A skip for one person (or the whole email, when `user` is the would-be To), logged once. */
async function skip(
  db: Db,
  target: Omit<LogTarget, 'emailType' | 'toAddress' | 'userId'>,
  who: { userId: number | null; address: string },
  reason: SkipReason,
): Promise<void> {
  if (who.userId !== null) {
    const logged = await db
      .selectFrom('email_logs')
      .select('id')
      .where('post_id', '=', target.postId)
      .where('user_id', '=', who.userId)
      .where('email_type', '=', GROUP_SMTP_EMAIL_TYPE)
      .executeTakeFirst();
    if (logged) return;
  }
  await logSkip(
    db,
    { ...target, emailType: GROUP_SMTP_EMAIL_TYPE, toAddress: who.address, userId: who.userId },
    reason,
  );
}

/** The email this post was made from, if it came by email (not our own group mail). */
async function sourceEmail(db: Db, postId: number): Promise<IncomingEmail | undefined> {
  return db
    .selectFrom('incoming_emails')
    .selectAll()
    .where('post_id', '=', postId)
    .where('source', '!=', GROUP_SMTP_EMAIL_TYPE)
    .orderBy('id')
    .executeTakeFirst();
}

const addressSet = (...lists: Array<string | null>): Set<string> =>
  new Set(
    lists
      .flatMap((l) => (l ?? '').split(';'))
      .map((a) => a.trim())
      .filter(Boolean)
      .map(normalizeEmail),
  );

/** Why the whole email is not sent, checked in Discourse's order; undefined to go on. */
function wholeEmailSkip(
  ctx: ForumContext,
  s: { post: Post | undefined; topic: Topic | undefined; group: Group | undefined },
): SkipReason | undefined {
  if (ctx.settings.str('disable_emails') === 'yes') return 'disable_emails';
  if (!ctx.settings.bool('enable_smtp')) return 'group_smtp_disabled';
  if (!s.post || s.post.deleted_at !== null) return 'group_smtp_post_deleted';
  if (!s.group || !groupSendsBySmtp(s.group)) return 'group_smtp_disabled_for_group';
  if (!s.topic || s.topic.deleted_at !== null) return 'group_smtp_topic_deleted';
  // The mailbox is read over IMAP: the first post *is* an email in it, so sending it would
  // duplicate it there (Discourse's guard against its IMAP race).
  if (s.post.post_number === 1 && ctx.settings.bool('enable_imap') && s.group.imap_enabled === 1)
    return 'group_smtp_first_post_imap';
  return undefined;
}

/** The participants who can still be emailed, oldest first; the others are logged as skipped. */
async function reachable(
  ctx: ForumContext,
  p: GroupSmtpPayload,
  topic: Topic,
  mailbox: string,
): Promise<Recipient[]> {
  const out: Recipient[] = [];
  const target = { postId: p.postId, topicId: topic.id };
  for (const userId of p.userIds) {
    const user = await findUserById(ctx.db, userId);
    const address = user ? await primaryEmail(ctx.db, userId) : undefined;
    // The group's own address never receives a copy (it is the sender).
    if (!user || !address || normalizeEmail(address) === mailbox) continue;
    const reason: SkipReason | undefined = !(await canSeeTopic(ctx.db, user, topic))
      ? 'user_email_access_denied'
      : await siteAndRecipientSkip(ctx, GROUP_SMTP_EMAIL_TYPE, user, address);
    if (reason) await skip(ctx.db, target, { userId, address }, reason);
    else out.push({ user, address });
  }
  return out;
}

export async function deliverGroupSmtpEmail(ctx: ForumContext, job: Job, now = new Date()): Promise<void> {
  const { db } = ctx;
  const p = jobPayload<GroupSmtpPayload>(job);
  const existing = await findSendLog(db, p.postId);
  if (existing && existing.status !== EMAIL_STATUS.failed) return;

  const post = await db.selectFrom('posts').selectAll().where('id', '=', p.postId).executeTakeFirst();
  const topic = post
    ? await db.selectFrom('topics').selectAll().where('id', '=', post.topic_id).executeTakeFirst()
    : undefined;
  const group = await db.selectFrom('groups').selectAll().where('id', '=', p.groupId).executeTakeFirst();
  const firstUserId = p.userIds[0] ?? null;
  const firstAddress = firstUserId === null ? '' : ((await primaryEmail(db, firstUserId)) ?? '');
  const base = { postId: post ? p.postId : null, topicId: topic?.id ?? null };
  const whole = wholeEmailSkip(ctx, { post, topic, group });
  const settings = group ? mailboxSettings(group) : undefined;
  const author = post ? await findUserById(db, post.user_id) : undefined;
  if (whole || !post || !topic || !group || !settings || !author) {
    await skip(db, base, { userId: null, address: firstAddress }, whole ?? 'user_email_post_not_found');
    return;
  }
  const incoming = await sourceEmail(db, post.id);
  // E 67: an auto-reply posted into the thread goes no further, not even to the team's Cc.
  if (incoming?.is_auto_generated) {
    await skip(db, base, { userId: null, address: firstAddress }, 'group_smtp_auto_generated');
    return;
  }
  const mailbox = normalizeEmail(settings.username);
  const recipients = await reachable(ctx, p, topic, mailbox);
  const [to, ...others] = recipients;
  if (!to) {
    await skip(db, base, { userId: null, address: firstAddress }, 'group_smtp_no_recipients');
    return;
  }
  // People who were on the incoming email already have this post (§4.2): no Cc again, and if
  // the To is one of them the group email is called off — the others then get their ordinary
  // notification email, as Discourse does.
  const onEmail = addressSet(incoming?.cc_addresses ?? null);
  if (onEmail.has(normalizeEmail(to.address))) {
    await skip(db, base, { userId: to.user.id, address: to.address }, 'group_smtp_to_was_cc');
    await enqueueUserPostEmails(db, ctx.settings, { topic, post, userIds: p.fallbackUserIds });
    return;
  }
  const cc = others.map((r) => r.address).filter((a) => !onEmail.has(normalizeEmail(a)));

  const host = messageIdHost(ctx.baseUrl);
  await keepStableMessageId(db, post, host);
  const firstPost = post.post_number === 1 ? post : ((await postByNumber(db, topic.id, 1)) ?? post);
  const message = composeGroupSmtpEmail({
    settings: ctx.settings,
    baseUrl: ctx.baseUrl,
    siteId: await ensureSiteId(ctx.settings),
    group,
    topic,
    post,
    author,
    firstPost,
    ancestors: await ancestorsOf(db, post),
    previous: await previousPosts(ctx, post, to.user),
    originalSubject: await originalSubject(db, firstPost),
    to: to.address,
    cc,
  });
  const log = await openSendAttempt(
    db,
    {
      emailType: GROUP_SMTP_EMAIL_TYPE,
      toAddress: to.address,
      userId: to.user.id,
      postId: post.id,
      topicId: topic.id,
      incomingEmailId: incoming?.id ?? null,
    },
    { messageId: message.messageId, replyKey: null, bounceKey: existing?.bounce_key ?? newHexKey() },
    existing,
  );
  if (!log) return;
  const raw = await renderRawMessage(message);
  await db
    .updateTable('email_logs')
    .set({ raw, cc_addresses: cc.length ? cc.join(';') : null, updated_at: nowIso() })
    .where('id', '=', log.id)
    .execute();
  let response: string;
  try {
    response = (await groupMailTransport(settings).send(message)).response;
  } catch (e) {
    await db
      .updateTable('email_logs')
      .set({ smtp_response: errorText(e).slice(0, 1000), updated_at: nowIso() })
      .where('id', '=', log.id)
      .execute();
    if (isTransientSmtpError(e))
      throw new RetryLaterError(
        `the group's SMTP server is busy: ${errorText(e)}`,
        new Date(now.getTime() + BUSY_RETRY_MS + Math.floor(Math.random() * 30_000) * job.attempts),
      );
    throw e;
  }
  await markSent(db, ctx.settings, log, response);
  await recordAsIncoming(db, { message, raw, post, cc });
}

/**
 * The mailbox's own copy (an IMAP sync, a Bcc, a mail server that loops it back) is then a
 * duplicate of this record, never a new email. A post made from an email already has its
 * record under that Message-ID.
 */
async function recordAsIncoming(
  db: Db,
  s: { message: OutgoingMessage; raw: string; post: Post; cc: string[] },
): Promise<void> {
  const now = nowIso();
  const from = /<([^>]+)>\s*$/.exec(s.message.from)?.[1] ?? s.message.from;
  const row = await db
    .insertInto('incoming_emails')
    .values({
      message_id: bareMessageId(s.message.messageId),
      source: GROUP_SMTP_EMAIL_TYPE,
      subject: s.message.subject.slice(0, 255),
      from_address: normalizeEmail(from),
      to_addresses: s.message.to,
      cc_addresses: s.cc.length ? s.cc.join(';') : null,
      user_id: s.post.user_id,
      post_id: s.post.id,
      topic_id: s.post.topic_id,
      status: 'processed',
      error: null,
      rejection_message: null,
      auth_results: null,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('message_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (row) await storeIncomingRaw(db, row.id, s.raw);
}
