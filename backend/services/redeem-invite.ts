// Discourse's invite page and InviteRedeemer: what an invite offers (GET /invites/{key}) and
// accepting it (PUT /invites/show/{key}.json). Accepting creates the account — or unstages
// the staged owner of the address in place (§1.4 trigger 2, §6 G 75) — at
// default_invitee_trust_level, adds the invite's groups, and makes the person a participant of
// its topic when that is a PM. The email's token proves the address: with it the account is
// active at once; without it (a link, or the key alone) activation by email is still required.
import type { Invite, Topic, User } from '../db/schema';
import { DomainError } from '../../shared/domain/errors';
import { isValidEmail } from '../../shared/util/email-address';
import { sha256 } from '../auth/secrets';
import { PM_ARCHETYPE } from '../policy/guardian';
import { addAllowedUser } from '../posts/participants';
import { findInviteByKey, groupsOfInvite, isRedeemable, topicsOfInvite } from '../users/invites-repository';
import { suggestUsername } from '../users/username';
import { findUserByEmail, findUserById, primaryEmail } from '../users/users-repository';
import { nowIso } from '../util/clock';
import { enqueueActivationEmail } from './account-emails';
import type { ForumContext } from './context';
import { announceAccount, validateAccountInput, writeAccount } from './create-account';

async function loadRedeemable(ctx: ForumContext, key: string): Promise<Invite> {
  const invite = await findInviteByKey(ctx.db, key);
  if (!invite || !isRedeemable(invite)) throw new DomainError('invite_not_found');
  return invite;
}

function provesAddress(invite: Invite, token: unknown): boolean {
  return Boolean(
    invite.email &&
    invite.email_token_hash &&
    typeof token === 'string' &&
    sha256(token) === invite.email_token_hash,
  );
}

/** Discourse's Email.obfuscate: enough to recognise one's own address, not to learn someone's. */
export function obfuscateEmail(email: string): string {
  const part = (p: string) =>
    p.length < 3
      ? '*'.repeat(p.length)
      : p.length < 5
        ? p[0] + '*'.repeat(p.length - 1)
        : p[0] + '*'.repeat(p.length - 2) + p.slice(-1);
  const at = email.lastIndexOf('@');
  const labels = email.slice(at + 1).split('.');
  const tld = labels.pop() ?? '';
  return `${part(email.slice(0, at))}@${[...labels.map(part), tld].join('.')}`;
}

export interface InviteInfo {
  invited_by: { id: number; username: string; name: string; avatar_template: string };
  email: string;
  hidden_email: boolean;
  username: string;
  is_invite_link: boolean;
  email_verified_by_link: boolean;
  /**
   * Foyer's addition: what accepting brings (the conversation, the groups), only with the
   * emailed link's token. The invite email already names the topic; the key alone, which
   * the inviter holds too and may pass on, shows neither.
   */
  topics?: Array<{ id: number; title: string }>;
  groups?: Array<{ id: number; name: string; full_name: string | null }>;
}

/**
 * What the invite page shows. The address is shown in full, and a staged owner's username
 * offered, only to someone who followed the emailed link: the key alone (which the inviter
 * also holds) must not tell whether the address had been written to before.
 */
export async function inviteInfo(
  ctx: ForumContext,
  key: string,
  token: unknown,
  avatar: (u: User) => InviteInfo['invited_by'],
): Promise<InviteInfo> {
  const invite = await loadRedeemable(ctx, key);
  const inviter = await findUserById(ctx.db, invite.invited_by_id);
  if (!inviter) throw new DomainError('invite_not_found');
  const verified = provesAddress(invite, token);
  let username = '';
  if (invite.email && verified) {
    const owner = await findUserByEmail(ctx.db, invite.email);
    username = owner?.staged
      ? owner.username
      : await suggestUsername(
          ctx.db,
          invite.email,
          ctx.settings.int('min_username_length'),
          ctx.settings.int('max_username_length'),
        );
  }
  return {
    invited_by: avatar(inviter),
    email: invite.email ? (verified ? invite.email : obfuscateEmail(invite.email)) : '',
    hidden_email: Boolean(invite.email) && !verified,
    username,
    is_invite_link: invite.email === null,
    email_verified_by_link: verified,
    ...(verified
      ? {
          topics: (await topicsOfInvite(ctx.db, invite.id)).map((t) => ({ id: t.id, title: t.title })),
          groups: (await groupsOfInvite(ctx.db, invite.id)).map((g) => ({
            id: g.id,
            name: g.name,
            full_name: g.full_name,
          })),
        }
      : {}),
  };
}

export interface RedeemInput {
  email?: unknown;
  username?: unknown;
  password?: unknown;
  name?: unknown;
  email_token?: unknown;
}

export interface Redeemed {
  user: User;
  topic: Topic | undefined;
}

export async function redeemInvite(ctx: ForumContext, key: string, input: RedeemInput): Promise<Redeemed> {
  const invite = await loadRedeemable(ctx, key);
  const email = invite.email ?? (typeof input.email === 'string' ? input.email.trim() : '');
  if (!email)
    throw new DomainError('invalid_parameters', { detail: 'email is required to accept an invite link.' });
  if (!isValidEmail(email)) throw new DomainError('email_invalid');
  const valid = await validateAccountInput(ctx.settings, {
    username: input.username,
    password: input.password,
    name: input.name,
    email,
  });
  const active = provesAddress(invite, input.email_token);
  const created = await ctx.db.transaction().execute(async (db) => {
    // Re-read inside the transaction: two people racing for the last redemption.
    const fresh = await db.selectFrom('invites').selectAll().where('id', '=', invite.id).executeTakeFirst();
    if (!fresh || !isRedeemable(fresh)) throw new DomainError('invite_not_found');
    const owner = await findUserByEmail(db, email);
    if (owner && !owner.staged) throw new DomainError('invite_redeem_user_exists');
    const result = await writeAccount(db, valid, {
      active,
      admin: false,
      trustLevel: ctx.settings.int('default_invitee_trust_level'),
      invitedById: invite.invited_by_id,
    });
    const { user } = result;
    const now = nowIso();
    for (const group of await groupsOfInvite(db, invite.id))
      await db
        .insertInto('group_users')
        .values({
          group_id: group.id,
          user_id: user.id,
          owner: 0,
          notification_level: group.default_notification_level,
          created_at: now,
        })
        .onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing())
        .execute();
    const topics = await topicsOfInvite(db, invite.id);
    for (const topic of topics)
      if (topic.archetype === PM_ARCHETYPE) await addAllowedUser(db, topic.id, user.id);
    await db
      .insertInto('invited_users')
      .values({ invite_id: invite.id, user_id: user.id, redeemed_at: now })
      .onConflict((oc) => oc.columns(['invite_id', 'user_id']).doNothing())
      .execute();
    await db
      .updateTable('invites')
      .set((eb) => ({ redemption_count: eb('redemption_count', '+', 1), updated_at: now }))
      .where('id', '=', invite.id)
      .execute();
    if (!active) await enqueueActivationEmail(ctx, db, user, (await primaryEmail(db, user.id)) ?? email);
    return { ...result, topic: topics[0] };
  });
  await announceAccount(ctx, created);
  return { user: created.user, topic: created.topic };
}
