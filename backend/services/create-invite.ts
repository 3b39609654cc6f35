// Discourse's createInvite and createMultipleInvites: an invitation to the forum for an
// address (emailed, with a token that proves the address when it is redeemed) or a link
// anyone may redeem, optionally into groups and a topic. Who may invite follows Discourse's
// InviteGuardian (staff always; others in invite_allowed_groups, within max_invites_per_day).
// A staged address is not an existing account (§1.4, §6 G 75); a real account's is refused.
import type { Group, Invite, Topic, User } from '../db/schema';
import { DomainError } from '../../shared/domain/errors';
import { isValidEmail, normalizeEmail } from '../../shared/util/email-address';
import { randomToken, sha256 } from '../auth/secrets';
import { canManageGroup, inviteRefusal, PM_ARCHETYPE } from '../policy/guardian';
import { findGroupById, findGroupByName, isInAnyGroup } from '../users/groups-repository';
import { invitesInLastDay } from '../users/invites-repository';
import { findUserByEmail, isStaff } from '../users/users-repository';
import { nowIso } from '../util/clock';
import { RateLimiter } from '../util/rate-limiter';
import { enqueueInviteEmail } from './account-emails';
import type { ForumContext } from './context';
import { loadVisibleTopic } from './topic-access';

export interface CreateInviteInput {
  email?: unknown;
  skip_email?: unknown;
  custom_message?: unknown;
  max_redemptions_allowed?: unknown;
  topic_id?: unknown;
  group_ids?: unknown;
  group_names?: unknown;
  expires_at?: unknown;
}

/** Discourse's limit on one createMultipleInvites call. */
export const MAX_INVITES_PER_CALL = 200;
const MAX_CUSTOM_MESSAGE = 1000;

/** InviteGuardian#can_invite_to_forum?, without the groups part. */
export async function canInviteToForum(ctx: ForumContext, actor: User): Promise<boolean> {
  if (actor.staged || !actor.active) return false;
  if (isStaff(actor)) return true;
  if (ctx.settings.int('max_invites_per_day') <= 0) return false;
  return isInAnyGroup(ctx.db, actor, ctx.settings.groupIds('invite_allowed_groups'));
}

function bool(value: unknown): boolean {
  return value === true || value === 'true' || value === '1' || value === 1;
}

function list(value: unknown, field: string): string[] {
  if (value === undefined || value === null || value === '') return [];
  const parts = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : [value];
  return parts
    .map((p) => {
      if (typeof p !== 'string' && typeof p !== 'number')
        throw new DomainError('invalid_parameters', { detail: `${field} must be a comma-separated list.` });
      return String(p).trim();
    })
    .filter(Boolean);
}

async function lookupGroups(ctx: ForumContext, actor: User, input: CreateInviteInput): Promise<Group[]> {
  const groups = new Map<number, Group>();
  for (const id of list(input.group_ids, 'group_ids')) {
    const group = /^\d+$/.test(id) ? await findGroupById(ctx.db, Number(id)) : undefined;
    if (!group)
      throw new DomainError('invalid_parameters', {
        detail: `there is no group with id ${id.slice(0, 20)}.`,
      });
    groups.set(group.id, group);
  }
  for (const name of list(input.group_names, 'group_names')) {
    const group = await findGroupByName(ctx.db, name);
    if (!group)
      throw new DomainError('invalid_parameters', {
        detail: `there is no group called "${name.slice(0, 60)}".`,
      });
    groups.set(group.id, group);
  }
  for (const group of groups.values()) {
    // Only people who may edit a group's membership may invite into it (InviteGuardian).
    if (!(await canManageGroup(ctx.db, actor, group)))
      throw new DomainError('invite_not_allowed', {
        detail: `You cannot invite people into the group "${group.name}": only its owners and admins can.`,
      });
  }
  return [...groups.values()];
}

async function lookupTopic(ctx: ForumContext, actor: User, value: unknown): Promise<Topic | undefined> {
  if (value === undefined || value === null || value === '') return undefined;
  const id =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d+$/.test(value)
        ? Number(value)
        : NaN;
  if (!Number.isSafeInteger(id))
    throw new DomainError('invalid_parameters', { detail: 'topic_id must be a topic id.' });
  const topic = await loadVisibleTopic(ctx.db, actor, id);
  // Inviting someone into a PM makes them a participant: the rules of adding people apply (§5.3).
  if (topic.archetype === PM_ARCHETYPE) {
    const refusal = await inviteRefusal(ctx.db, ctx.settings, actor, topic);
    if (refusal)
      throw new DomainError(refusal, { limit: ctx.settings.int('max_allowed_message_recipients') });
  }
  return topic;
}

function expiry(ctx: ForumContext, value: unknown): string {
  if (value === undefined || value === null || value === '')
    return new Date(Date.now() + ctx.settings.int('invite_expiry_days') * 86_400_000).toISOString();
  const when = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(when))
    throw new DomainError('invalid_parameters', { detail: 'expires_at must be a date and time (ISO 8601).' });
  if (when <= Date.now())
    throw new DomainError('invalid_parameters', { detail: 'expires_at must be in the future.' });
  return new Date(when).toISOString();
}

function redemptions(ctx: ForumContext, actor: User, value: unknown, isEmailInvite: boolean): number {
  if (isEmailInvite || value === undefined || value === null || value === '') return 1;
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d+$/.test(value)
        ? Number(value)
        : NaN;
  const max = ctx.settings.int(
    isStaff(actor) ? 'invite_link_max_redemptions_limit' : 'invite_link_max_redemptions_limit_users',
  );
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new DomainError('invalid_parameters', {
      detail: `max_redemptions_allowed must be between 1 and ${max}.`,
    });
  return n;
}

// Every attempt by a non-staff member counts, refused ones included, so the "already has an
// account" answer cannot be used to test more addresses than the daily allowance.
const attempts = new WeakMap<ForumContext, RateLimiter>();

function countAttempt(ctx: ForumContext, actor: User): void {
  if (isStaff(actor)) return;
  let limiter = attempts.get(ctx);
  if (!limiter) {
    limiter = new RateLimiter(Math.max(1, ctx.settings.int('max_invites_per_day')), 86_400_000);
    attempts.set(ctx, limiter);
  }
  const wait = limiter.hit(String(actor.id));
  if (wait !== undefined) throw new DomainError('rate_limited', { seconds: wait });
}

export async function createInvite(
  ctx: ForumContext,
  actor: User,
  input: CreateInviteInput,
): Promise<Invite> {
  if (!(await canInviteToForum(ctx, actor))) throw new DomainError('invite_not_allowed');
  const rawEmail = typeof input.email === 'string' ? input.email.trim() : '';
  if (input.email !== undefined && typeof input.email !== 'string')
    throw new DomainError('invalid_parameters', { detail: 'email must be an address.' });
  if (rawEmail && !isValidEmail(rawEmail)) throw new DomainError('email_invalid');
  const email = rawEmail ? normalizeEmail(rawEmail) : null;
  const groups = await lookupGroups(ctx, actor, input);
  const topic = await lookupTopic(ctx, actor, input.topic_id);
  const expiresAt = expiry(ctx, input.expires_at);
  const maxRedemptions = redemptions(ctx, actor, input.max_redemptions_allowed, email !== null);
  if (
    input.custom_message !== undefined &&
    input.custom_message !== null &&
    typeof input.custom_message !== 'string'
  )
    throw new DomainError('invalid_parameters', { detail: 'custom_message must be text.' });
  const customMessage =
    typeof input.custom_message === 'string' && input.custom_message.trim()
      ? input.custom_message.trim()
      : null;
  if (customMessage && customMessage.length > MAX_CUSTOM_MESSAGE)
    throw new DomainError('invalid_parameters', {
      detail: `custom_message is limited to ${MAX_CUSTOM_MESSAGE} characters.`,
    });
  if (
    !isStaff(actor) &&
    (await invitesInLastDay(ctx.db, actor.id)) >= ctx.settings.int('max_invites_per_day')
  )
    throw new DomainError('rate_limited', { seconds: 86_400 });
  countAttempt(ctx, actor);
  const sendEmail = email !== null && !bool(input.skip_email);

  return ctx.db.transaction().execute(async (db) => {
    if (email) {
      const owner = await findUserByEmail(db, email);
      // Staged users don't count as existing accounts (§6 G 75).
      if (owner && !owner.staged) throw new DomainError('invite_user_exists');
      const open = await db
        .selectFrom('invites')
        .select('id')
        .where('email', '=', email)
        .where('deleted_at', 'is', null)
        .where('expires_at', '>', nowIso())
        .whereRef('redemption_count', '<', 'max_redemptions_allowed')
        .executeTakeFirst();
      if (open) throw new DomainError('invite_already_exists');
    }
    const emailToken = sendEmail ? randomToken(16) : null;
    const now = nowIso();
    const invite = await db
      .insertInto('invites')
      .values({
        invite_key: randomToken(16),
        email,
        invited_by_id: actor.id,
        custom_message: customMessage,
        max_redemptions_allowed: maxRedemptions,
        // Queued in this transaction on the durable queue: "sent" as far as the invite goes.
        emailed_status: sendEmail ? 4 : 0,
        email_token_hash: emailToken ? sha256(emailToken) : null,
        expires_at: expiresAt,
        created_at: now,
        updated_at: now,
        deleted_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    for (const group of groups)
      await db.insertInto('invited_groups').values({ invite_id: invite.id, group_id: group.id }).execute();
    if (topic)
      await db.insertInto('topic_invites').values({ invite_id: invite.id, topic_id: topic.id }).execute();
    if (email && emailToken)
      await enqueueInviteEmail(ctx, db, {
        to: email,
        key: invite.invite_key,
        emailToken,
        inviter: actor,
        topic,
        customMessage,
      });
    return invite;
  });
}

export interface MultipleInvites {
  created: Invite[];
  failed: Array<{ email: string; error_message: string }>;
}

/** createMultipleInvites: admins only (Discourse's can_bulk_invite_to_forum?), one result per address. */
export async function createMultipleInvites(
  ctx: ForumContext,
  actor: User,
  input: CreateInviteInput,
): Promise<MultipleInvites> {
  if (!actor.admin) throw new DomainError('invalid_access');
  const emails = Array.isArray(input.email)
    ? input.email
    : typeof input.email === 'string'
      ? input.email.split(',')
      : null;
  if (!emails || emails.length === 0 || emails.some((e) => typeof e !== 'string'))
    throw new DomainError('invalid_parameters', { detail: 'email must be a list of addresses.' });
  if (emails.length > MAX_INVITES_PER_CALL)
    throw new DomainError('invalid_parameters', {
      detail: `invite at most ${MAX_INVITES_PER_CALL} addresses per call.`,
    });
  const out: MultipleInvites = { created: [], failed: [] };
  for (const email of emails as string[]) {
    try {
      out.created.push(await createInvite(ctx, actor, { ...input, email }));
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      out.failed.push({ email: email.trim(), error_message: e.message });
    }
  }
  return out;
}
