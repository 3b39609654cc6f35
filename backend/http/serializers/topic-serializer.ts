// Topic JSON as Discourse's getTopic and getSpecificPostsFromTopic return it. getTopic's
// spec closes the top level, post_stream, details and each post (additionalProperties
// false), so Discourse's PM-only details (allowed_users, allowed_groups) and a post's
// action_code cannot appear there; getSpecificPostsFromTopic's posts are open and carry them.
import type { Post, Topic, User } from '../../db/schema';
import { canEditPost } from '../../policy/guardian';
import type { PosterCount, StreamEntry, TopicViewData } from '../../posts/topic-queries';
import { TOPIC_CHUNK_SIZE } from '../../posts/topic-queries';
import { isStaff } from '../../users/users-repository';
import { topicPostWithExtras, topicStreamPost } from './post-serializer';
import { avatarTemplate, basicUser } from './user-summary';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Loaders fetch every user a topic names; posts and topics reference users by foreign key. */
export function userOf(users: Map<number, User>, id: number): User {
  const user = users.get(id);
  if (!user) throw new Error(`user ${id} was not loaded for serialization`);
  return user;
}

/** Discourse's timeline_lookup: [post index (1-based), days ago] wherever the day changes. */
function timelineLookup(stream: readonly StreamEntry[], now: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let last = -1;
  stream.forEach((entry, i) => {
    const daysAgo = Math.max(0, Math.floor((now - Date.parse(entry.created_at)) / DAY_MS));
    if (daysAgo !== last) out.push([i + 1, daysAgo]);
    last = daysAgo;
  });
  return out;
}

function detailParticipant(user: User, count: PosterCount) {
  return {
    id: user.id,
    username: user.username,
    name: user.name ?? '',
    avatar_template: avatarTemplate(user),
    post_count: count.post_count,
    primary_group_name: null,
    flair_name: null,
    flair_url: null,
    flair_color: null,
    flair_bg_color: null,
    flair_group_id: null,
    admin: user.admin === 1,
    moderator: user.moderator === 1,
    trust_level: user.trust_level,
  };
}

/**
 * can_* flags. Those for operations Foyer has no route for (move, split, close, pin, convert,
 * remove a participant, …) are false, so clients never offer an action that would fail.
 */
function details(v: TopicViewData) {
  const { topic, viewer, users } = v;
  const staff = Boolean(viewer && isStaff(viewer));
  // Editing or deleting the first post is how a PM's owner edits or deletes it.
  const ownsTopic = Boolean(viewer && canEditPost(viewer, { user_id: topic.user_id }, topic));
  const open = topic.closed === 0 && topic.archived === 0;
  return {
    can_edit: ownsTopic,
    notification_level: v.notificationLevel,
    can_move_posts: false,
    can_delete: ownsTopic && topic.deleted_at === null,
    can_remove_allowed_users: false,
    can_create_post: v.canCreatePost && (open || staff),
    can_reply_as_new_topic: false,
    can_invite_to: v.canInvite,
    can_invite_via_email: v.canInviteViaEmail,
    can_flag_topic: false,
    can_convert_topic: false,
    can_review_topic: false,
    can_close_topic: false,
    can_archive_topic: false,
    can_split_merge_topic: false,
    can_edit_staff_notes: false,
    can_toggle_topic_visibility: false,
    can_pin_unpin_topic: false,
    can_moderate_category: false,
    // Required by the spec; Discourse sends the viewer's id here.
    can_remove_self_id: viewer?.id ?? 0,
    participants: v.participants.map((c) => detailParticipant(userOf(users, c.user_id), c)),
    created_by: basicUser(userOf(users, topic.user_id)),
    last_poster: basicUser(userOf(users, topic.last_post_user_id)),
  };
}

export function topicJson(v: TopicViewData, now = Date.now()) {
  const { topic, viewer, users } = v;
  const staff = Boolean(viewer && isStaff(viewer));
  const deletedBy = topic.deleted_by_id === null ? undefined : users.get(topic.deleted_by_id);
  return {
    post_stream: {
      posts: v.posts.map((post) =>
        topicStreamPost({ post, topic, author: userOf(users, post.user_id), viewer }),
      ),
      stream: v.stream.map((p) => p.id),
    },
    timeline_lookup: timelineLookup(v.stream, now),
    suggested_topics: [],
    tags: v.tags,
    tags_descriptions: {},
    id: topic.id,
    title: topic.title,
    fancy_title: topic.fancy_title,
    posts_count: topic.posts_count,
    created_at: topic.created_at,
    views: topic.views,
    reply_count: topic.reply_count,
    like_count: topic.like_count,
    last_posted_at: topic.last_posted_at,
    visible: topic.visible === 1,
    closed: topic.closed === 1,
    archived: topic.archived === 1,
    has_summary: false,
    archetype: topic.archetype,
    slug: topic.slug,
    // The spec types category_id as a non-null integer; PMs have no category, and no
    // category has id 0, so 0 stands for Discourse's null.
    category_id: topic.category_id ?? 0,
    word_count: topic.word_count,
    deleted_at: topic.deleted_at,
    user_id: topic.user_id,
    featured_link: null,
    pinned_globally: false,
    pinned_at: null,
    pinned_until: null,
    image_url: null,
    slow_mode_seconds: 0,
    draft: null,
    draft_key: `topic_${topic.id}`,
    draft_sequence: 0,
    unpinned: null,
    pinned: false,
    highest_post_number: topic.highest_post_number,
    // Discourse sends a user object to staff; the spec types it as a string, so the username.
    deleted_by: staff && deletedBy ? deletedBy.username : null,
    has_deleted: staff && v.stream.some((p) => p.deleted_at !== null),
    actions_summary: [],
    chunk_size: TOPIC_CHUNK_SIZE,
    bookmarked: false,
    bookmarks: [],
    topic_timer: null,
    message_bus_last_id: 0,
    participant_count: topic.participant_count,
    show_read_indicator: v.showReadIndicator,
    thumbnails: null,
    slow_mode_enabled_until: null,
    details: details(v),
  };
}

/** getSpecificPostsFromTopic: the asked posts (already filtered to what the viewer may see). */
export function topicPostsJson(
  topic: Topic,
  posts: readonly Post[],
  authors: Map<number, User>,
  viewer: User | undefined,
) {
  return {
    post_stream: {
      posts: posts.map((post) =>
        topicPostWithExtras({ post, topic, author: userOf(authors, post.user_id), viewer }),
      ),
    },
    id: topic.id,
  };
}
