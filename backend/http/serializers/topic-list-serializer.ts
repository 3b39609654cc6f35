// Topic-list JSON for the personal-message folders (Discourse's listUserPrivateMessages and
// getUserSentPrivateMessages; the archive and group folders share the shape). The spec
// leaves these objects open, so Foyer adds `staged: true` to a staged user and an excerpt.
import type { Topic, User } from '../../db/schema';
import {
  encodeCursor,
  MESSAGES_PER_PAGE,
  type MessageListData,
  type MessagePage,
} from '../../posts/message-lists';
import type { PosterCount } from '../../posts/topic-queries';
import { avatarTemplate } from './user-summary';
import { userOf } from './topic-serializer';

/** Discourse's TopicPostersSummary and TopicParticipantsSummary show at most five people. */
const MAX_LIST_PEOPLE = 5;
/** Frequent posters besides the original and the latest poster (Discourse's featured users). */
const MAX_FEATURED = 3;

export interface TopicListView {
  /** Whose folder: their read position and level are shown, and they are left out of participants. */
  owner: User;
  page: MessagePage;
  data: MessageListData;
  pageNumber: number;
  /** The folder's path without ".json", as Discourse writes more_topics_url. */
  path: string;
  canCreateTopic: boolean;
  /** The owner's level where they have no topic row: watching for their own PMs, the group's level for a group's. */
  defaultLevel: number;
}

const unique = (ids: readonly number[]): number[] => [...new Set(ids)];

/** Discourse's TopicPostersSummary: original poster, frequent posters, latest poster last. */
function posters(topic: Topic, counts: readonly PosterCount[]) {
  const latest = topic.last_post_user_id;
  const featured = counts
    .map((c) => c.user_id)
    .filter((id) => id !== topic.user_id && id !== latest)
    .slice(0, MAX_FEATURED);
  const descriptions = new Map<number, string[]>();
  const describe = (id: number, text: string) =>
    descriptions.set(id, [...(descriptions.get(id) ?? []), text]);
  describe(topic.user_id, 'Original Poster');
  describe(latest, 'Most Recent Poster');
  for (const id of featured) describe(id, 'Frequent Poster');
  let ids = unique([topic.user_id, latest, ...featured]).slice(0, MAX_LIST_PEOPLE);
  const single = ids.length === 1;
  if (latest !== topic.user_id) ids = [...ids.filter((id) => id !== latest), latest];
  return ids.map((id) => ({
    // The spec types extras as a string; Discourse sends null where we send "".
    extras: id === latest ? (single ? 'latest single' : 'latest') : '',
    description: (descriptions.get(id) ?? []).join(', '),
    user_id: id,
    primary_group_id: null,
  }));
}

/** Discourse's TopicParticipantsSummary: the creator and allowed users, minus the folder's owner. */
function participants(topic: Topic, allowed: readonly number[], ownerId: number) {
  return unique([topic.user_id, ...allowed])
    .filter((id) => id !== ownerId)
    .slice(0, MAX_LIST_PEOPLE)
    .map((id) => ({
      extras: id === topic.last_post_user_id ? 'latest' : '',
      description: null,
      user_id: id,
      primary_group_id: null,
    }));
}

/** The fields every topic list entry shares (Discourse's ListableTopicSerializer), PM or topic. */
/** The fields every topic summary carries (lists, search results). */
export function topicBasics(topic: Topic) {
  return {
    id: topic.id,
    title: topic.title,
    fancy_title: topic.fancy_title,
    slug: topic.slug,
    posts_count: topic.posts_count,
    reply_count: topic.reply_count,
    highest_post_number: topic.highest_post_number,
    created_at: topic.created_at,
    last_posted_at: topic.last_posted_at ?? topic.created_at,
    bumped: topic.bumped_at > topic.created_at,
    bumped_at: topic.bumped_at,
    archetype: topic.archetype,
    pinned: false,
    visible: topic.visible === 1,
    closed: topic.closed === 1,
    archived: topic.archived === 1,
  };
}

export function listableTopic(topic: Topic, data: MessageListData) {
  return {
    ...topicBasics(topic),
    unpinned: null,
    views: topic.views,
    like_count: topic.like_count,
    has_summary: false,
    last_poster_username: userOf(data.users, topic.last_post_user_id).username,
    pinned_globally: false,
    featured_link: null,
    posters: posters(topic, data.posterCounts.get(topic.id) ?? []),
  };
}

/** As Discourse: a read position only where the reader has one. */
export function readPosition(topic: Topic, lastRead: number | null) {
  return lastRead === null
    ? {}
    : { last_read_post_number: lastRead, unread_posts: Math.max(0, topic.highest_post_number - lastRead) };
}

function listItem(v: TopicListView, topic: Topic) {
  const { data } = v;
  const state = data.readState.get(topic.id);
  const lastRead = state?.last_read_post_number ?? null;
  const allowed = data.allowedUserIds.get(topic.id) ?? [];
  return {
    ...listableTopic(topic, data),
    image_url: null,
    unseen: lastRead === null,
    ...readPosition(topic, lastRead),
    notification_level: state?.notification_level ?? v.defaultLevel,
    bookmarked: false,
    liked: false,
    category_id: null,
    allowed_user_count: allowed.length,
    participants: participants(topic, allowed, v.owner.id),
    ...(topic.excerpt === null ? {} : { excerpt: topic.excerpt }),
  };
}

function listUser(user: User) {
  return {
    id: user.id,
    username: user.username,
    name: user.name ?? '',
    avatar_template: avatarTemplate(user),
    ...(user.staged ? { staged: true } : {}),
  };
}

export function topicListJson(v: TopicListView) {
  const topics = v.page.topics.map((t) => listItem(v, t));
  const shown = unique(
    topics.flatMap((t) => [...t.posters.map((p) => p.user_id), ...t.participants.map((p) => p.user_id)]),
  );
  return {
    users: shown.map((id) => listUser(userOf(v.data.users, id))),
    primary_groups: [],
    topic_list: {
      can_create_topic: v.canCreateTopic,
      ...(v.page.more ? { more_topics_url: moreTopicsUrl(v) } : {}),
      draft: null,
      draft_key: 'new_private_message',
      draft_sequence: 0,
      per_page: MESSAGES_PER_PAGE,
      top_tags: [],
      topics,
    },
  };
}

/** Discourse's page number for clients that build URLs, plus our keyset cursor for those that follow it. */
function moreTopicsUrl(v: TopicListView): string {
  const last = v.page.topics[v.page.topics.length - 1];
  const cursor = last ? `&before=${encodeURIComponent(encodeCursor(last))}` : '';
  return `${v.path}?page=${v.pageNumber + 1}${cursor}`;
}
