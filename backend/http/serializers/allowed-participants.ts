// Discourse's PM-only details.allowed_users and details.allowed_groups, which getTopic's
// published spec leaves out (its details object is closed), so Foyer sends them only when
// asked (GET /t/{id}.json?include_allowed_users=true). Foyer's additions on a participant by
// email (a staged user): `staged: true`, which everyone who may read the PM sees (their client
// badges "by email"), `email_opted_out: true` when that address used the one-click opt-out
// ("differs" 5: the sender sees "opted out" beside it), and their `email` for staff only
// ("differs" 8: only staff see a staged participant's address).
import type { Db } from '../../db/database';
import type { User } from '../../db/schema';
import { optedOutUserIds } from '../../email/outbound/opt-outs';
import { isStaff } from '../../users/users-repository';
import { basicUser } from './user-summary';

export async function allowedParticipantsJson(db: Db, topicId: number, viewer: User | undefined) {
  const staff = Boolean(viewer && isStaff(viewer));
  const users = await db
    .selectFrom('topic_allowed_users')
    .innerJoin('users', 'users.id', 'topic_allowed_users.user_id')
    .leftJoin('user_emails', (j) =>
      j.onRef('user_emails.user_id', '=', 'users.id').on('user_emails.primary', '=', 1),
    )
    .selectAll('users')
    .select('user_emails.email as email')
    .where('topic_allowed_users.topic_id', '=', topicId)
    .orderBy('topic_allowed_users.id')
    .execute();
  const groups = await db
    .selectFrom('topic_allowed_groups')
    .innerJoin('groups', 'groups.id', 'topic_allowed_groups.group_id')
    .select(['groups.id', 'groups.name', 'groups.full_name'])
    .where('topic_allowed_groups.topic_id', '=', topicId)
    .orderBy('topic_allowed_groups.id')
    .execute();
  const optedOut = await optedOutUserIds(
    db,
    users.filter((u) => u.staged).map((u) => u.id),
  );
  return {
    allowed_users: users.map((u) => ({
      ...basicUser(u),
      ...(u.staged ? { staged: true } : {}),
      ...(optedOut.has(u.id) ? { email_opted_out: true } : {}),
      ...(u.staged && staff && u.email ? { email: u.email } : {}),
    })),
    allowed_groups: groups.map((g) => ({ id: g.id, name: g.name, full_name: g.full_name })),
  };
}
