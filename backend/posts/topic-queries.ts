// Loads what the topic view needs (GET /t/{id}.json, /t/{id}/posts.json) in a fixed number of
// queries, whatever the topic's length: the posts a viewer may see, their authors, poster
// counts, and the viewer's own level and permissions.
import type { Db } from '../db/database';
import type { Post, Topic, User } from '../db/schema';
import { TOPIC_NOTIFICATION_LEVELS } from '../notifications/notification-types';
import {
  canCreatePostOnTopic,
  canSendPrivateMessagesToEmail,
  inviteRefusal,
  PM_ARCHETYPE,
} from '../policy/guardian';
import type { ForumContext } from '../services/context';
import { groupIdsOfUser } from '../users/groups-repository';
import { isStaff } from '../users/users-repository';
import { POST_TYPES } from './post-writer';
import { topicTagNames } from '../tags/tags-repository';

/** Discourse's TopicView chunk size: posts sent with the topic; clients fetch the rest by id. */
export const TOPIC_CHUNK_SIZE = 20;

/** Discourse shows at most this many participants in a topic's details. */
const MAX_DETAIL_PARTICIPANTS = 24;

export interface StreamEntry {
  id: number;
  created_at: string;
  deleted_at: string | null;
}

export interface PosterCount {
  user_id: number;
  post_count: number;
}

export interface TopicViewData {
  topic: Topic;
  viewer: User | undefined;
  /** Every post the viewer may see, in post_number order. */
  stream: StreamEntry[];
  /** The first chunk of the stream, loaded in full. */
  posts: Post[];
  /** Authors of `posts`, the participants, the creator and the last poster. */
  users: Map<number, User>;
  participants: PosterCount[];
  notificationLevel: number;
  canInvite: boolean;
  canInviteViaEmail: boolean;
  /** May post here when it is open: a PM's participants; in a category, full or create_post. */
  canCreatePost: boolean;
  showReadIndicator: boolean;
  /** The topic's tag names in the order given; none while tagging_enabled is off, none on a PM. */
  tags: string[];
}

/** Staff see deleted posts and whispers (as loadVisiblePost allows); everyone else sees neither. */
function visiblePostsQuery(db: Db, viewer: User | undefined, topicId: number) {
  let q = db.selectFrom('posts').where('posts.topic_id', '=', topicId);
  if (!(viewer && isStaff(viewer)))
    q = q.where('posts.deleted_at', 'is', null).where('posts.post_type', '!=', POST_TYPES.whisper);
  return q;
}

export async function postStream(db: Db, viewer: User | undefined, topicId: number): Promise<StreamEntry[]> {
  return visiblePostsQuery(db, viewer, topicId)
    .select(['posts.id', 'posts.created_at', 'posts.deleted_at'])
    .orderBy('posts.post_number')
    .execute();
}

/** The asked posts that belong to this topic and that the viewer may see; others are left out. */
export async function visiblePostsByIds(
  db: Db,
  viewer: User | undefined,
  topicId: number,
  ids: readonly number[],
): Promise<Post[]> {
  if (ids.length === 0) return [];
  return visiblePostsQuery(db, viewer, topicId)
    .selectAll('posts')
    .where('posts.id', 'in', [...ids])
    .orderBy('posts.post_number')
    .execute();
}

export async function usersByIds(db: Db, ids: Iterable<number>): Promise<Map<number, User>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('users').selectAll().where('id', 'in', unique).execute();
  return new Map(rows.map((u) => [u.id, u]));
}

/** Who posted how often (regular and moderator posts that are not deleted), most active first. */
async function posterCounts(db: Db, topicId: number): Promise<PosterCount[]> {
  const rows = await db
    .selectFrom('posts')
    .select(['user_id', (eb) => eb.fn.countAll<number>().as('post_count')])
    .where('topic_id', '=', topicId)
    .where('deleted_at', 'is', null)
    .where('post_type', 'in', [POST_TYPES.regular, POST_TYPES.moderator_action])
    .groupBy('user_id')
    .orderBy('post_count', 'desc')
    .orderBy('user_id')
    .limit(MAX_DETAIL_PARTICIPANTS)
    .execute();
  return rows.map((r) => ({ user_id: r.user_id, post_count: Number(r.post_count) }));
}

/**
 * The level that actually governs the viewer's notifications (as notify-post applies it): their
 * own topic level, else watching for an allowed user, else their group's level, else regular.
 */
async function effectiveNotificationLevel(db: Db, viewer: User, topicId: number): Promise<number> {
  const own = await db
    .selectFrom('topic_users')
    .select('notification_level')
    .where('user_id', '=', viewer.id)
    .where('topic_id', '=', topicId)
    .executeTakeFirst();
  if (own) return own.notification_level;
  const allowed = await db
    .selectFrom('topic_allowed_users')
    .select('id')
    .where('topic_id', '=', topicId)
    .where('user_id', '=', viewer.id)
    .executeTakeFirst();
  if (allowed) return TOPIC_NOTIFICATION_LEVELS.watching;
  const viaGroup = await db
    .selectFrom('topic_allowed_groups')
    .innerJoin('group_users', 'group_users.group_id', 'topic_allowed_groups.group_id')
    .select((eb) => eb.fn.max('group_users.notification_level').as('level'))
    .where('topic_allowed_groups.topic_id', '=', topicId)
    .where('group_users.user_id', '=', viewer.id)
    .executeTakeFirst();
  return viaGroup?.level ?? TOPIC_NOTIFICATION_LEVELS.regular;
}

/**
 * Mirrors the checks of POST /t/{id}/invite.json (services/invite-to-private-message.ts) so
 * can_invite_to never promises what the invite would refuse.
 */
async function invitePermissions(
  ctx: ForumContext,
  viewer: User | undefined,
  topic: Topic,
): Promise<{ canInvite: boolean; canInviteViaEmail: boolean }> {
  const none = { canInvite: false, canInviteViaEmail: false };
  if (!viewer || topic.deleted_at !== null) return none;
  if ((await inviteRefusal(ctx.db, ctx.settings, viewer, topic)) !== null) return none;
  return {
    canInvite: true,
    canInviteViaEmail:
      ctx.settings.bool('enable_staged_users') &&
      (await canSendPrivateMessagesToEmail(ctx.db, ctx.settings, viewer)),
  };
}

/** Discourse's show_read_indicator: the PM includes a group that publishes read state and the viewer is in it. */
async function showsReadIndicator(db: Db, viewer: User | undefined, topic: Topic): Promise<boolean> {
  if (!viewer || topic.archetype !== PM_ARCHETYPE) return false;
  const mine = await groupIdsOfUser(db, viewer);
  if (mine.length === 0) return false;
  const row = await db
    .selectFrom('topic_allowed_groups')
    .innerJoin('groups', 'groups.id', 'topic_allowed_groups.group_id')
    .select('groups.id')
    .where('topic_allowed_groups.topic_id', '=', topic.id)
    .where('groups.publish_read_state', '=', 1)
    .where('groups.id', 'in', mine)
    .executeTakeFirst();
  return Boolean(row);
}

/** Everything GET /t/{id}.json shows, for a topic the caller already checked the viewer may see. */
export async function loadTopicView(
  ctx: ForumContext,
  viewer: User | undefined,
  topic: Topic,
): Promise<TopicViewData> {
  const { db } = ctx;
  const stream = await postStream(db, viewer, topic.id);
  const posts = await visiblePostsByIds(
    db,
    viewer,
    topic.id,
    stream.slice(0, TOPIC_CHUNK_SIZE).map((p) => p.id),
  );
  const participants = await posterCounts(db, topic.id);
  const users = await usersByIds(db, [
    topic.user_id,
    topic.last_post_user_id,
    ...(topic.deleted_by_id === null ? [] : [topic.deleted_by_id]),
    ...posts.map((p) => p.user_id),
    ...participants.map((p) => p.user_id),
  ]);
  const { canInvite, canInviteViaEmail } = await invitePermissions(ctx, viewer, topic);
  return {
    topic,
    viewer,
    stream,
    posts,
    users,
    participants,
    notificationLevel: viewer
      ? await effectiveNotificationLevel(db, viewer, topic.id)
      : TOPIC_NOTIFICATION_LEVELS.regular,
    canInvite,
    canInviteViaEmail,
    canCreatePost: Boolean(
      viewer &&
      !viewer.staged &&
      topic.deleted_at === null &&
      (topic.archetype === PM_ARCHETYPE || (await canCreatePostOnTopic(db, viewer, topic))),
    ),
    showReadIndicator: await showsReadIndicator(db, viewer, topic),
    // PMs are never tagged (tag-guardian.ts): their views skip the query.
    tags:
      ctx.settings.bool('tagging_enabled') && topic.archetype !== PM_ARCHETYPE
        ? ((await topicTagNames(db, [topic.id])).get(topic.id) ?? [])
        : [],
  };
}
