// Topic lists of categories: listCategoryTopics (/c/{slug}/{id}.json, whose spec closes every
// object, so only its fields appear) and listLatestTopics (/latest.json, open, with the
// viewer's read state as Discourse adds it). Posters are summarised as for the PM folders.
import type { Topic, User } from '../../db/schema';
import {
  encodeCursor,
  MESSAGES_PER_PAGE,
  type MessageListData,
  type MessagePage,
} from '../../posts/message-lists';
import { posters } from './topic-list-serializer';
import { userOf } from './topic-serializer';
import { avatarTemplate } from './user-summary';

export interface CategoryTopicListView {
  viewer: User | undefined;
  page: MessagePage;
  data: MessageListData;
  pageNumber: number;
  /** The list's path without ".json", as Discourse writes more_topics_url. */
  path: string;
  canCreateTopic: boolean;
}

function item(v: CategoryTopicListView, topic: Topic) {
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
    unseen: Boolean(v.viewer) && !v.data.readState.has(topic.id),
    pinned: false,
    unpinned: null,
    excerpt: topic.excerpt ?? '',
    visible: topic.visible === 1,
    closed: topic.closed === 1,
    archived: topic.archived === 1,
    views: topic.views,
    like_count: topic.like_count,
    has_summary: false,
    last_poster_username: userOf(v.data.users, topic.last_post_user_id).username,
    category_id: topic.category_id ?? 0,
    pinned_globally: false,
    featured_link: null,
    posters: posters(topic, v.data.posterCounts.get(topic.id) ?? []),
  };
}

function listUsers(v: CategoryTopicListView, topics: ReadonlyArray<ReturnType<typeof item>>) {
  const ids = [...new Set(topics.flatMap((t) => t.posters.map((p) => p.user_id)))];
  return ids.map((id) => {
    const u = userOf(v.data.users, id);
    return { id: u.id, username: u.username, name: u.name ?? '', avatar_template: avatarTemplate(u) };
  });
}

/** Discourse's next-page link, plus our keyset cursor for clients that follow it. */
function moreTopicsUrl(v: CategoryTopicListView): Record<string, string> {
  const last = v.page.topics[v.page.topics.length - 1];
  if (!v.page.more || !last) return {};
  return {
    more_topics_url: `${v.path}?page=${v.pageNumber + 1}&before=${encodeURIComponent(encodeCursor(last))}`,
  };
}

export function categoryTopicListJson(v: CategoryTopicListView) {
  const topics = v.page.topics.map((t) => ({
    ...item(v, t),
    image_url: null,
    bookmarked: null,
    liked: null,
  }));
  return {
    users: listUsers(v, topics),
    primary_groups: [],
    topic_list: {
      can_create_topic: v.canCreateTopic,
      // Not in the spec's (closed) topic_list, but Discourse sends it whenever there is a next page.
      ...moreTopicsUrl(v),
      per_page: MESSAGES_PER_PAGE,
      top_tags: [],
      topics,
    },
  };
}

export function latestTopicListJson(v: CategoryTopicListView) {
  const topics = v.page.topics.map((t) => {
    const state = v.data.readState.get(t.id);
    return {
      ...item(v, t),
      bookmarked: false,
      liked: false,
      op_like_count: 0,
      ...(state
        ? {
            notification_level: state.notification_level,
            ...(state.last_read_post_number === null
              ? {}
              : {
                  last_read_post_number: state.last_read_post_number,
                  unread_posts: Math.max(0, t.highest_post_number - state.last_read_post_number),
                }),
          }
        : {}),
    };
  });
  return {
    users: listUsers(v, topics),
    primary_groups: [],
    topic_list: {
      can_create_topic: v.canCreateTopic,
      ...moreTopicsUrl(v),
      draft: null,
      draft_key: 'new_topic',
      draft_sequence: 0,
      per_page: MESSAGES_PER_PAGE,
      topics,
    },
  };
}
