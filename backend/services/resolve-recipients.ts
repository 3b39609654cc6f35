// Turns target_recipients ("alice,support,new@x.org") into users, groups and addresses, and
// applies every check that needs no writes. Address owners are resolved later, inside the
// transaction, so the answer cannot reveal whether an address had an account.
import type { Group, User } from '../db/schema';
import { DomainError } from '../../shared/domain/errors';
import { isValidEmail, looksLikeEmail, normalizeEmail } from '../../shared/util/email-address';
import { canMessageGroup, canSendPrivateMessagesToEmail, userAcceptsMessagesFrom } from '../policy/guardian';
import { findGroupByName, groupUserCount } from '../users/groups-repository';
import { findUserByUsername, isStaff } from '../users/users-repository';
import type { ForumContext } from './context';

export interface ResolvedRecipients {
  users: User[];
  groups: Group[];
  /** Addresses as typed (trimmed), unique by their normalized form. */
  emails: string[];
}

/** Accepts a comma-separated string or an array of strings; anything else is a generic 422 (no oracle). */
export function splitRecipients(...inputs: unknown[]): string[] {
  const out: string[] = [];
  for (const input of inputs) {
    if (input === undefined || input === null) continue;
    const parts = typeof input === 'string' ? input.split(',') : Array.isArray(input) ? input : null;
    if (!parts) throw new DomainError('pm_recipient_identifier_invalid');
    for (const p of parts) {
      if (typeof p !== 'string') throw new DomainError('pm_recipient_identifier_invalid');
      const t = p.trim();
      if (t) out.push(t);
    }
  }
  return out;
}

export async function resolveRecipients(
  ctx: ForumContext,
  actor: User,
  entries: string[],
  alreadyCounted = 0,
): Promise<ResolvedRecipients> {
  const { db, settings } = ctx;
  const users = new Map<number, User>();
  const groups = new Map<number, Group>();
  const emails = new Map<string, string>();
  for (const entry of entries) {
    if (looksLikeEmail(entry)) {
      if (!isValidEmail(entry)) throw new DomainError('pm_invalid_email', { email: entry.slice(0, 100) });
      emails.set(normalizeEmail(entry), entry.trim());
      continue;
    }
    const user = await findUserByUsername(db, entry);
    if (user) {
      if (user.id !== actor.id) users.set(user.id, user);
      continue;
    }
    const group = await findGroupByName(db, entry);
    if (!group) throw new DomainError('pm_unknown_username', { name: entry.slice(0, 60) });
    groups.set(group.id, group);
  }

  if (emails.size > 0) {
    if (!settings.bool('enable_staged_users')) throw new DomainError('pm_staged_users_disabled');
    if (!(await canSendPrivateMessagesToEmail(db, settings, actor)))
      throw new DomainError('pm_email_not_allowed');
  }
  const limit = settings.int('max_allowed_message_recipients');
  if (!isStaff(actor) && alreadyCounted + users.size + groups.size + emails.size > limit) {
    throw new DomainError('pm_too_many_recipients', { limit });
  }
  for (const user of users.values()) {
    if (!(await userAcceptsMessagesFrom(db, actor, user)))
      throw new DomainError('pm_target_not_accepting', { name: user.username });
  }
  for (const group of groups.values()) {
    if (!(await canMessageGroup(db, actor, group)))
      throw new DomainError('pm_group_not_messageable', { name: group.name });
    const groupLimit = settings.int('group_pm_user_limit');
    if ((await groupUserCount(db, group)) > groupLimit)
      throw new DomainError('pm_group_too_large', { name: group.name, limit: groupLimit });
  }
  return { users: [...users.values()], groups: [...groups.values()], emails: [...emails.values()] };
}
