// Who may delete, anonymize or merge an account (Discourse's Guardian#can_delete_user?,
// can_anonymize_user?, can_merge_user?). The same answers drive the admin routes and the
// can_be_* flags of adminGetUser, so the two cannot drift apart. Null means allowed.
import type { User } from '../db/schema';
import { isStaff } from '../users/users-repository';

export type UserAdminAction = 'deleted' | 'anonymized' | 'merged';

/** Discourse's system user and other negative ids belong to the site, never to a person. */
const isSystem = (u: User) => u.id < 0;

export function userAdminRefusal(actor: User, target: User, action: UserAdminAction): string | null {
  if (!isStaff(actor)) return 'only staff may do this';
  if (isSystem(target)) return 'it is the system user';
  if (target.id === actor.id) return 'it is your own account';
  if (action === 'merged') {
    if (!actor.admin) return 'only admins may merge accounts';
    if (target.admin) return 'it is an admin';
    return null;
  }
  if (action === 'anonymized') return isStaff(target) ? 'it is a staff account' : null;
  return target.admin ? 'it is an admin' : null;
}
