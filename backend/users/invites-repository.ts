// Queries about forum invites and the people someone brought in. An invite is redeemed once
// it reached its allowed redemptions, expired when its date passed before that, pending
// otherwise. "Redeemed" people are the real accounts whose invited_by is the inviter: those
// who redeemed an invite and staged people who signed up ("differs" 4) — each counted once.
import { sql } from 'kysely';
import type { Db } from '../db/database';
import type { Group, Invite, Topic, User } from '../db/schema';
import { containsText } from '../util/sql-like';

export type InviteFilter = 'pending' | 'expired' | 'redeemed';

function openInvites(db: Db, inviterId: number) {
  return db
    .selectFrom('invites')
    .where('invites.invited_by_id', '=', inviterId)
    .where('invites.deleted_at', 'is', null)
    .whereRef('invites.redemption_count', '<', 'invites.max_redemptions_allowed');
}

export async function listInvites(
  db: Db,
  inviterId: number,
  filter: 'pending' | 'expired',
  page: { offset: number; limit: number; search?: string | undefined },
  now = new Date().toISOString(),
): Promise<Invite[]> {
  let q = openInvites(db, inviterId)
    .selectAll('invites')
    .where('invites.expires_at', filter === 'pending' ? '>' : '<=', now);
  if (page.search) {
    q = q.where(containsText('invites.email', page.search));
  }
  return q
    .orderBy('invites.created_at', 'desc')
    .orderBy('invites.id', 'desc')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
}

export interface RedeemedRow {
  user: User;
  redeemedAt: string;
  source: 'email' | 'link' | 'staged';
}

function redeemedQuery(db: Db, inviterId: number) {
  return db.selectFrom('users').where('users.invited_by_id', '=', inviterId).where('users.staged', '=', 0);
}

export async function listRedeemed(
  db: Db,
  inviterId: number,
  page: { offset: number; limit: number; search?: string | undefined },
): Promise<RedeemedRow[]> {
  let q = redeemedQuery(db, inviterId)
    .leftJoin('invited_users', 'invited_users.user_id', 'users.id')
    .leftJoin('invites', 'invites.id', 'invited_users.invite_id')
    .leftJoin('user_first_contacts', 'user_first_contacts.user_id', 'users.id')
    .selectAll('users')
    .select([
      'invited_users.redeemed_at',
      'invites.email as invite_email',
      'user_first_contacts.signed_up_at',
    ]);
  if (page.search) q = q.where(containsText('users.username_lower', page.search));
  const rows = await q.orderBy('users.id', 'desc').offset(page.offset).limit(page.limit).execute();
  const seen = new Set<number>();
  const out: RedeemedRow[] = [];
  for (const { redeemed_at, invite_email, signed_up_at, ...user } of rows) {
    if (seen.has(user.id)) continue;
    seen.add(user.id);
    const source = redeemed_at ? (invite_email ? 'email' : 'link') : 'staged';
    out.push({ user, redeemedAt: redeemed_at ?? signed_up_at ?? user.created_at, source });
  }
  return out;
}

export interface InviteCounts {
  pending: number;
  expired: number;
  redeemed: number;
  total: number;
}

export async function inviteCounts(
  db: Db,
  inviterId: number,
  now = new Date().toISOString(),
): Promise<InviteCounts> {
  const open = await openInvites(db, inviterId)
    .select([
      sql<number>`sum(case when invites.expires_at > ${now} then 1 else 0 end)`.as('pending'),
      sql<number>`sum(case when invites.expires_at <= ${now} then 1 else 0 end)`.as('expired'),
    ])
    .executeTakeFirst();
  const redeemed = await redeemedQuery(db, inviterId)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  const pending = Number(open?.pending ?? 0);
  const expired = Number(open?.expired ?? 0);
  // Discourse's total counts the invites still out, not the people who came.
  return { pending, expired, redeemed: Number(redeemed?.n ?? 0), total: pending + expired };
}

/** Invites the user made in the last 24 hours, deleted ones included (max_invites_per_day). */
export async function invitesInLastDay(db: Db, inviterId: number, now = Date.now()): Promise<number> {
  const row = await db
    .selectFrom('invites')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('invited_by_id', '=', inviterId)
    .where('created_at', '>', new Date(now - 86_400_000).toISOString())
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function findInviteByKey(db: Db, key: string): Promise<Invite | undefined> {
  if (!/^[0-9a-f]{32}$/.test(key)) return undefined;
  return db.selectFrom('invites').selectAll().where('invite_key', '=', key).executeTakeFirst();
}

export function isRedeemable(invite: Invite, now = new Date().toISOString()): boolean {
  return (
    invite.deleted_at === null &&
    invite.redemption_count < invite.max_redemptions_allowed &&
    invite.expires_at > now
  );
}

export async function groupsOfInvite(db: Db, inviteId: number): Promise<Group[]> {
  return db
    .selectFrom('invited_groups')
    .innerJoin('groups', 'groups.id', 'invited_groups.group_id')
    .selectAll('groups')
    .where('invited_groups.invite_id', '=', inviteId)
    .orderBy('groups.id')
    .execute();
}

export async function topicsOfInvite(db: Db, inviteId: number): Promise<Topic[]> {
  return db
    .selectFrom('topic_invites')
    .innerJoin('topics', 'topics.id', 'topic_invites.topic_id')
    .selectAll('topics')
    .where('topic_invites.invite_id', '=', inviteId)
    .where('topics.deleted_at', 'is', null)
    .orderBy('topics.id')
    .execute();
}
