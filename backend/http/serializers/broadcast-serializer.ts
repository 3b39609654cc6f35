// JSON for broadcasts. Participants' addresses are shown to staff only (behaviour.md "Where
// Foyer differs" 8); organisers see the name, the username and a "by email" flag.
import type { Db } from '../../db/database';
import type { Group, User } from '../../db/schema';
import type { BroadcastRow } from '../../services/broadcasts';
import { isStaff } from '../../users/users-repository';
import { avatarTemplate } from './user-summary';

export function broadcastSummaryJson(
  b: BroadcastRow,
  groupName: string,
  counts: { participants: number; announcements: number },
) {
  return {
    id: b.id,
    title: b.title,
    group_name: groupName,
    created_at: b.created_at,
    participant_count: counts.participants,
    announcement_count: counts.announcements,
  };
}

export async function broadcastJson(db: Db, viewer: User, b: BroadcastRow, group: Group) {
  const staff = isStaff(viewer);
  const participants = await db
    .selectFrom('broadcast_participants')
    .innerJoin('users', 'users.id', 'broadcast_participants.user_id')
    .leftJoin('user_emails', (j) =>
      j.onRef('user_emails.user_id', '=', 'users.id').on('user_emails.primary', '=', 1),
    )
    .selectAll('users')
    .select(['user_emails.email as email', 'broadcast_participants.created_at as added_at'])
    .where('broadcast_participants.broadcast_id', '=', b.id)
    .orderBy('broadcast_participants.created_at')
    .orderBy('users.id')
    .execute();
  const announcements = await db
    .selectFrom('broadcast_announcements')
    .leftJoin('users', 'users.id', 'broadcast_announcements.user_id')
    .select([
      'broadcast_announcements.id',
      'broadcast_announcements.title',
      'broadcast_announcements.created_at',
      'users.username',
    ])
    .select((eb) =>
      eb
        .selectFrom('broadcast_deliveries')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('broadcast_deliveries.announcement_id', '=', 'broadcast_announcements.id')
        .where('broadcast_deliveries.emailed', '=', 1)
        .as('sent_count'),
    )
    .where('broadcast_announcements.broadcast_id', '=', b.id)
    .orderBy('broadcast_announcements.id')
    .execute();
  return {
    broadcast: {
      ...broadcastSummaryJson(b, group.name, {
        participants: participants.length,
        announcements: announcements.length,
      }),
      participants: participants.map((p: User & { email: string | null; added_at: string }) => ({
        id: p.id,
        username: p.username,
        name: p.name ?? '',
        avatar_template: avatarTemplate(p),
        added_at: p.added_at,
        ...(p.staged ? { staged: true } : {}),
        ...(staff && p.email ? { email: p.email } : {}),
      })),
      announcements: announcements.map((a) => ({
        id: a.id,
        title: a.title,
        created_at: a.created_at,
        username: a.username ?? null,
        sent_count: Number(a.sent_count ?? 0),
      })),
    },
  };
}
