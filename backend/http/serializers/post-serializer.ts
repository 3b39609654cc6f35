// Post JSON as Discourse's API returns it. Discourse's OpenAPI spec declares slightly
// different field sets per operation (with additionalProperties: false), so the full
// shape is built once and each operation picks its fields.
import type { Post, Topic, User } from '../../db/schema';
import { isStaff } from '../../users/users-repository';
import { canEditPost } from '../../policy/guardian';
import { avatarTemplate } from './user-summary';

export interface PostView {
  post: Post;
  topic: Topic;
  author: User;
  viewer: User | undefined;
}

export function fullPost(v: PostView) {
  const { post, topic, author, viewer } = v;
  const canEdit = viewer ? canEditPost(viewer, post, topic) : false;
  return {
    id: post.id,
    name: author.name,
    username: author.username,
    avatar_template: avatarTemplate(author),
    created_at: post.created_at,
    raw: post.raw,
    cooked: post.deleted_at && !(viewer && isStaff(viewer)) ? '' : post.cooked,
    post_number: post.post_number,
    post_type: post.post_type,
    posts_count: topic.posts_count,
    updated_at: post.updated_at,
    reply_count: post.reply_count,
    // Discourse's OpenAPI spec types reply_to_post_number as a string (or null); we follow the
    // spec so responses validate against it (see README, "API notes").
    reply_to_post_number: post.reply_to_post_number === null ? null : String(post.reply_to_post_number),
    quote_count: post.quote_count,
    incoming_link_count: 0,
    reads: 0,
    readers_count: 0,
    score: 0,
    yours: viewer?.id === author.id,
    topic_id: topic.id,
    topic_slug: topic.slug,
    display_username: author.name,
    primary_group_name: null,
    flair_name: null,
    flair_url: null,
    flair_bg_color: null,
    flair_color: null,
    flair_group_id: null,
    badges_granted: [],
    version: post.version,
    can_edit: canEdit && post.deleted_at === null,
    can_delete: canEdit && post.deleted_at === null,
    can_recover: Boolean(viewer && isStaff(viewer) && post.deleted_at !== null),
    can_see_hidden_post: Boolean(viewer && isStaff(viewer)),
    can_wiki: false,
    user_title: null,
    bookmarked: false,
    actions_summary: [] as Array<{ id: number; can_act: boolean }>,
    moderator: author.moderator === 1,
    admin: author.admin === 1,
    staff: isStaff(author),
    user_id: author.id,
    draft_sequence: 0,
    hidden: false,
    trust_level: author.trust_level,
    deleted_at: post.deleted_at,
    user_deleted: false,
    edit_reason: post.edit_reason,
    can_view_edit_history: true,
    wiki: false,
    reviewable_id: null,
    reviewable_score_count: 0,
    reviewable_score_pending_count: 0,
    post_url: `/t/${topic.slug}/${topic.id}/${post.post_number}`,
    mentioned_users: [],
    link_counts: [],
    read: true,
    via_email: post.via_email === 1,
    action_code: post.action_code,
  };
}

export type FullPost = ReturnType<typeof fullPost>;

export function pick<T extends object, K extends keyof T>(obj: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const k of keys) out[k] = obj[k];
  return out;
}

/** Fields of createTopicPostPM / updatePost / getPost (spec: one shape for the single-post operations). */
export const SINGLE_POST_FIELDS = [
  'id',
  'name',
  'username',
  'avatar_template',
  'created_at',
  'raw',
  'cooked',
  'post_number',
  'post_type',
  'posts_count',
  'updated_at',
  'reply_count',
  'reply_to_post_number',
  'quote_count',
  'incoming_link_count',
  'reads',
  'readers_count',
  'score',
  'yours',
  'topic_id',
  'topic_slug',
  'display_username',
  'primary_group_name',
  'flair_name',
  'flair_url',
  'flair_bg_color',
  'flair_color',
  'flair_group_id',
  'badges_granted',
  'version',
  'can_edit',
  'can_delete',
  'can_recover',
  'can_see_hidden_post',
  'can_wiki',
  'user_title',
  'bookmarked',
  'actions_summary',
  'moderator',
  'admin',
  'staff',
  'user_id',
  'draft_sequence',
  'hidden',
  'trust_level',
  'deleted_at',
  'user_deleted',
  'edit_reason',
  'can_view_edit_history',
  'wiki',
  'reviewable_id',
  'reviewable_score_count',
  'reviewable_score_pending_count',
  'post_url',
  'mentioned_users',
] as const satisfies ReadonlyArray<keyof FullPost>;

export function singlePost(v: PostView) {
  return pick(fullPost(v), SINGLE_POST_FIELDS);
}

/** Single-post fields that getTopic's post_stream.posts does not have. */
const NOT_IN_TOPIC_STREAM = [
  'raw',
  'posts_count',
  'flair_group_id',
  'badges_granted',
  'draft_sequence',
  'post_url',
  'mentioned_users',
] as const;

type TopicStreamField =
  Exclude<(typeof SINGLE_POST_FIELDS)[number], (typeof NOT_IN_TOPIC_STREAM)[number]> | 'link_counts' | 'read';

/**
 * Fields of getTopic's post_stream.posts: the single-post shape less the fields above, plus
 * link_counts and read. The spec closes this shape (additionalProperties false), and it also
 * leaves out raw, action_code and via_email, so they stay out here.
 */
export const TOPIC_STREAM_POST_FIELDS: readonly TopicStreamField[] = [
  ...SINGLE_POST_FIELDS.filter(
    (f): f is Exclude<(typeof SINGLE_POST_FIELDS)[number], (typeof NOT_IN_TOPIC_STREAM)[number]> =>
      !(NOT_IN_TOPIC_STREAM as readonly string[]).includes(f),
  ),
  'link_counts',
  'read',
];

/** A post as getTopic streams it. The spec types name, display_username and reviewable_id as non-null. */
export function topicStreamPost(v: PostView) {
  const full = fullPost(v);
  return {
    ...pick(full, TOPIC_STREAM_POST_FIELDS),
    name: full.name ?? '',
    display_username: full.display_username ?? '',
    reviewable_id: 0,
  };
}

/**
 * A post as getSpecificPostsFromTopic returns it. That shape is open, so it also carries what
 * Discourse's real serializer adds only when present: the small-action code split into
 * action_code and action_code_who (stored as "invited_user:bob"), via_email, and `staged`
 * for a staged author (Foyer's addition; never their address, behaviour.md "differs" 8).
 */
export function topicPostWithExtras(v: PostView) {
  const code = v.post.action_code;
  const colon = code === null ? -1 : code.indexOf(':');
  return {
    ...topicStreamPost(v),
    ...(code === null ? {} : { action_code: colon < 0 ? code : code.slice(0, colon) }),
    ...(code !== null && colon >= 0 ? { action_code_who: code.slice(colon + 1) } : {}),
    ...(v.post.via_email ? { via_email: true } : {}),
    ...(v.author.staged ? { staged: true } : {}),
  };
}
