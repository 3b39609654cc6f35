// Broadcasts with private replies (behaviour.md "Where Foyer differs" 6, the conference case).
// An organiser group keeps a series of participants (usernames and addresses). Announcing
// writes one group PM per participant — TAU = the author and that participant, TAG = the
// organisers — so each participant gets it by email like any PM post, and a reply (by email or
// on the site) lands in a conversation only the organisers and that participant can see.
// Someone added later gets a copy of every earlier announcement, unmailed, so the history is
// there when they sign up (sign-up unstages the same user id, so nothing has to move).
import type { Db } from '../db/database';
import type { Group, User } from '../db/schema';
import { DomainError } from '../../shared/domain/errors';
import { userAcceptsMessagesFrom } from '../policy/guardian';
import { addAllowedGroup, addAllowedUser } from '../posts/participants';
import { insertPmTopic } from '../posts/insert-pm-topic';
import { publishPrivateMessagePost, writePost } from '../posts/post-writer';
import { findGroupById, findGroupByName, membership } from '../users/groups-repository';
import { findOrStageUser } from '../users/stage-user';
import { findUserById, isStaff } from '../users/users-repository';
import { nowIso } from '../util/clock';
import type { ForumContext } from './context';
import { validatePostBody, validateTitle } from './post-validation';
import { resolveRecipients, splitRecipients } from './resolve-recipients';

export interface BroadcastRow {
  id: number;
  group_id: number;
  title: string;
  created_by_id: number | null;
  created_at: string;
}

/** Staff, or a member of the organiser group: the organisers run their own series. */
async function canOrganise(db: Db, actor: User, group: Group): Promise<boolean> {
  if (actor.staged) return false;
  return isStaff(actor) || Boolean(await membership(db, group.id, actor.id));
}

/**
 * The series and its group, when the actor organises it. Anyone else gets the same 404 as for a
 * series that does not exist: the existence of a group's broadcasts is not public.
 */
export async function loadOrganisedBroadcast(
  ctx: ForumContext,
  actor: User,
  id: number,
): Promise<{ broadcast: BroadcastRow; group: Group }> {
  const broadcast = await ctx.db.selectFrom('broadcasts').selectAll().where('id', '=', id).executeTakeFirst();
  const group = broadcast && (await findGroupById(ctx.db, broadcast.group_id));
  if (!broadcast || !group || !(await canOrganise(ctx.db, actor, group))) throw new DomainError('not_found');
  return { broadcast, group };
}

/**
 * Participants as typed: usernames and addresses, checked like PM recipients one by one (each
 * announcement is a PM to one person, so the per-PM recipient limit does not apply; the series
 * is capped by group_pm_user_limit instead). Groups are refused: a group would turn private
 * replies into a reply-all.
 */
async function resolveParticipants(
  ctx: ForumContext,
  actor: User,
  input: unknown,
): Promise<{ users: User[]; emails: string[] }> {
  const entries = splitRecipients(input);
  if (entries.length === 0)
    throw new DomainError('invalid_parameters', {
      detail: 'participants must list at least one username or email address.',
    });
  const limit = ctx.settings.int('group_pm_user_limit');
  if (entries.length > limit)
    throw new DomainError('invalid_parameters', {
      detail: `a broadcast can have at most ${limit} participants (group_pm_user_limit).`,
    });
  const users = new Map<number, User>();
  const emails = new Map<string, string>();
  for (const entry of entries) {
    const one = await resolveRecipients(ctx, actor, [entry]);
    if (one.groups.length > 0)
      throw new DomainError('invalid_parameters', {
        detail: `"${entry.slice(0, 60)}" is a group; participants are people (usernames or email addresses), so that replies stay private.`,
      });
    for (const u of one.users) users.set(u.id, u);
    for (const e of one.emails) emails.set(e.toLowerCase(), e);
  }
  return { users: [...users.values()], emails: [...emails.values()] };
}

/** Adds people inside the caller's transaction; returns the ones who were not in the series yet. */
async function insertParticipants(
  db: Db,
  ctx: ForumContext,
  actor: User,
  broadcastId: number,
  people: { users: User[]; emails: string[] },
): Promise<User[]> {
  const all = [...people.users];
  for (const email of people.emails) {
    const { user, created } = await findOrStageUser(db, ctx.settings, email);
    // An address owned by an account that refuses the actor is skipped silently, exactly as a
    // PM recipient would be: the organiser must not learn that the address has an account.
    if (!created && !user.staged && !(await userAcceptsMessagesFrom(db, actor, user))) continue;
    all.push(user);
  }
  const added: User[] = [];
  const now = nowIso();
  for (const user of all) {
    const res = await db
      .insertInto('broadcast_participants')
      .values({ broadcast_id: broadcastId, user_id: user.id, added_by_id: actor.id, created_at: now })
      .onConflict((oc) => oc.columns(['broadcast_id', 'user_id']).doNothing())
      .executeTakeFirst();
    if (Number(res.numInsertedOrUpdatedRows ?? 0) > 0) added.push(user);
  }
  return added;
}

/** The PM that carries one announcement to one participant. */
async function openDeliveryTopic(db: Db, title: string, author: User, participant: User, group: Group) {
  const topic = await insertPmTopic(db, title, author);
  await addAllowedUser(db, topic.id, author.id);
  await addAllowedUser(db, topic.id, participant.id);
  await addAllowedGroup(db, topic.id, group.id);
  return topic;
}

export async function createBroadcast(
  ctx: ForumContext,
  actor: User,
  input: { groupName: unknown; title: unknown; participants: unknown },
): Promise<{ broadcast: BroadcastRow; group: Group }> {
  if (typeof input.groupName !== 'string' || !input.groupName.trim())
    throw new DomainError('invalid_parameters', { detail: 'group_name must name the organiser group.' });
  const group = await findGroupByName(ctx.db, input.groupName.trim());
  if (!group || !(await canOrganise(ctx.db, actor, group))) throw new DomainError('group_not_found');
  const title = validateTitle(ctx.settings, input.title);
  const people =
    input.participants === undefined || input.participants === ''
      ? { users: [], emails: [] }
      : await resolveParticipants(ctx, actor, input.participants);
  return ctx.db.transaction().execute(async (db) => {
    const broadcast = await db
      .insertInto('broadcasts')
      .values({ group_id: group.id, title, created_by_id: actor.id, created_at: nowIso() })
      .returningAll()
      .executeTakeFirstOrThrow();
    await insertParticipants(db, ctx, actor, broadcast.id, people);
    return { broadcast, group };
  });
}

/**
 * Adds participants. Each newcomer gets a copy of every earlier announcement as its own PM with
 * the organisers, dated as the original and not emailed: history to find on sign-up, not news.
 */
export async function addBroadcastParticipants(
  ctx: ForumContext,
  actor: User,
  id: number,
  participants: unknown,
): Promise<User[]> {
  const { broadcast, group } = await loadOrganisedBroadcast(ctx, actor, id);
  const people = await resolveParticipants(ctx, actor, participants);
  return ctx.db.transaction().execute(async (db) => {
    const added = await insertParticipants(db, ctx, actor, broadcast.id, people);
    if (added.length === 0) return added;
    const earlier = await db
      .selectFrom('broadcast_announcements')
      .selectAll()
      .where('broadcast_id', '=', broadcast.id)
      .orderBy('id')
      .execute();
    for (const announcement of earlier) {
      const author = (announcement.user_id && (await findUserById(db, announcement.user_id))) || actor;
      for (const participant of added) {
        const topic = await openDeliveryTopic(db, announcement.title, author, participant, group);
        await writePost(db, { topic, author, raw: announcement.raw, createdAt: announcement.created_at });
        await recordDelivery(db, announcement.id, participant.id, topic.id, false);
      }
    }
    return added;
  });
}

/** Which PM carries an announcement to a participant, and whether it went out by email. */
async function recordDelivery(
  db: Db,
  announcementId: number,
  userId: number,
  topicId: number,
  emailed: boolean,
  createdAt = nowIso(),
): Promise<void> {
  await db
    .insertInto('broadcast_deliveries')
    .values({
      announcement_id: announcementId,
      user_id: userId,
      topic_id: topicId,
      emailed: emailed ? 1 : 0,
      created_at: createdAt,
    })
    .execute();
}

/** Future announcements skip them; the conversations they already have stay theirs. */
export async function removeBroadcastParticipant(
  ctx: ForumContext,
  actor: User,
  id: number,
  username: string,
): Promise<void> {
  const { broadcast } = await loadOrganisedBroadcast(ctx, actor, id);
  const row = await ctx.db
    .selectFrom('broadcast_participants')
    .innerJoin('users', 'users.id', 'broadcast_participants.user_id')
    .select('users.id')
    .where('broadcast_participants.broadcast_id', '=', broadcast.id)
    .where('users.username_lower', '=', username.toLowerCase())
    .executeTakeFirst();
  if (!row) throw new DomainError('user_not_found');
  await ctx.db
    .deleteFrom('broadcast_participants')
    .where('broadcast_id', '=', broadcast.id)
    .where('user_id', '=', row.id)
    .execute();
}

export interface Announced {
  announcement: { id: number; title: string; created_at: string };
  topicIds: number[];
}

/** One PM per participant, all in one transaction: everyone gets it, or (on failure) no one. */
export async function announce(
  ctx: ForumContext,
  actor: User,
  id: number,
  input: { title: unknown; raw: unknown },
): Promise<Announced> {
  const { broadcast, group } = await loadOrganisedBroadcast(ctx, actor, id);
  const title = validateTitle(ctx.settings, input.title);
  const raw = validatePostBody(ctx.settings, input.raw);
  return ctx.db.transaction().execute(async (db) => {
    const createdAt = nowIso();
    const announcement = await db
      .insertInto('broadcast_announcements')
      .values({ broadcast_id: broadcast.id, title, raw, user_id: actor.id, created_at: createdAt })
      .returning(['id', 'title', 'created_at'])
      .executeTakeFirstOrThrow();
    const participants = await db
      .selectFrom('broadcast_participants')
      .innerJoin('users', 'users.id', 'broadcast_participants.user_id')
      .selectAll('users')
      .where('broadcast_participants.broadcast_id', '=', broadcast.id)
      .where('users.id', '!=', actor.id)
      .orderBy('users.id')
      .execute();
    const topicIds: number[] = [];
    for (const participant of participants) {
      const topic = await openDeliveryTopic(db, title, actor, participant, group);
      await publishPrivateMessagePost(db, ctx.settings, {
        topic,
        author: actor,
        raw,
        notifyGroupMembers: false,
      });
      await recordDelivery(db, announcement.id, participant.id, topic.id, true, createdAt);
      topicIds.push(topic.id);
    }
    return { announcement, topicIds };
  });
}

export interface ListedBroadcast extends BroadcastRow {
  group_name: string;
  participant_count: number;
  announcement_count: number;
}

/** Series of the groups the actor organises (every series for staff), newest first, with counts. */
export async function listBroadcasts(ctx: ForumContext, actor: User): Promise<ListedBroadcast[]> {
  if (actor.staged) return [];
  let q = ctx.db
    .selectFrom('broadcasts')
    .innerJoin('groups', 'groups.id', 'broadcasts.group_id')
    .selectAll('broadcasts')
    .select('groups.name as group_name')
    .select((eb) => [
      eb
        .selectFrom('broadcast_participants')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('broadcast_participants.broadcast_id', '=', 'broadcasts.id')
        .as('participant_count'),
      eb
        .selectFrom('broadcast_announcements')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('broadcast_announcements.broadcast_id', '=', 'broadcasts.id')
        .as('announcement_count'),
    ])
    .orderBy('broadcasts.id', 'desc');
  if (!isStaff(actor))
    q = q
      .innerJoin('group_users', 'group_users.group_id', 'broadcasts.group_id')
      .where('group_users.user_id', '=', actor.id);
  const rows = await q.execute();
  return rows.map((r) => ({
    ...r,
    participant_count: Number(r.participant_count ?? 0),
    announcement_count: Number(r.announcement_count ?? 0),
  }));
}
