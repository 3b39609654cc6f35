// Invite JSON (Discourse's InviteSerializer, as createInvite and the pending/expired lists
// return it) and the people someone brought in (InvitedUserSerializer). Addresses only for
// the inviter and staff (show_emails).
import type { Invite, Topic, User } from '../../db/schema';
import { inviteUrl } from '../../services/account-emails';
import type { ForumContext } from '../../services/context';
import { describeGroups } from '../../services/group-membership';
import { groupsOfInvite, topicsOfInvite, type RedeemedRow } from '../../users/invites-repository';
import { basicGroup } from './group-serializer';
import { publicPostCount } from './user-serializer';
import { basicUser } from './user-summary';

/** Discourse's BasicTopicSerializer. */
function basicTopic(t: Topic) {
  return { id: t.id, title: t.title, fancy_title: t.fancy_title, slug: t.slug, posts_count: t.posts_count };
}

export async function inviteJson(
  ctx: ForumContext,
  viewer: User,
  invite: Invite,
  opts: { showEmails: boolean },
  now = new Date().toISOString(),
) {
  const groups = await describeGroups(ctx.db, viewer, await groupsOfInvite(ctx.db, invite.id));
  const topics = await topicsOfInvite(ctx.db, invite.id);
  return {
    id: invite.id,
    invite_key: invite.invite_key,
    link: inviteUrl(ctx, invite.invite_key),
    ...(opts.showEmails && invite.email ? { email: invite.email } : {}),
    emailed: invite.emailed_status !== 0,
    max_redemptions_allowed: invite.max_redemptions_allowed,
    redemption_count: invite.redemption_count,
    custom_message: invite.custom_message,
    created_at: invite.created_at,
    updated_at: invite.updated_at,
    expires_at: invite.expires_at,
    expired: invite.expires_at <= now,
    topics: topics.map(basicTopic),
    groups: groups.map(basicGroup),
  };
}

export async function invitedUserJson(ctx: ForumContext, row: RedeemedRow, now = Date.now()) {
  const topicCount = await ctx.db
    .selectFrom('topics')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', row.user.id)
    .where('deleted_at', 'is', null)
    .where('archetype', '!=', 'private_message')
    .executeTakeFirst();
  return {
    id: row.user.id,
    redeemed_at: row.redeemedAt,
    invite_source: row.source,
    user: {
      ...basicUser(row.user),
      topics_entered: 0,
      posts_read_count: 0,
      last_seen_at: row.user.last_seen_at,
      topic_count: Number(topicCount?.n ?? 0),
      post_count: await publicPostCount(ctx.db, row.user.id),
      likes_given: 0,
      likes_received: 0,
      time_read: 0,
      days_visited: 0,
      days_since_created: Math.floor((now - Date.parse(row.user.created_at)) / 86_400_000),
    },
  };
}
