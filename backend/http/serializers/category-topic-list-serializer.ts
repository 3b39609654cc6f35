// Topic lists of categories and tags: listCategoryTopics (/c/{slug}/{id}.json, whose spec closes
// every object, so only its fields appear — no tags), listLatestTopics (/latest.json, open, with
// the viewer's read state as Discourse adds it, and each topic's tags) and getTag
// (/tag/{name}.json, shaped like latest). Posters are summarised as for the PM folders.
import type { Topic, User } from '../../db/schema';
import {
  encodeCursor,
  MESSAGES_PER_PAGE,
  type MessageListData,
  type MessagePage,
} from '../../posts/message-lists';
import { listableTopic, readPosition } from './topic-list-serializer';
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
  /** Tag names per topic, for the lists whose spec has `tags` (not /c/, whose spec is closed). */
  tags?: Map<number, string[]>;
}

function item(v: CategoryTopicListView, topic: Topic) {
  return {
    ...listableTopic(topic, v.data),
    unseen: Boolean(v.viewer) && !v.data.readState.has(topic.id),
    excerpt: topic.excerpt ?? '',
    category_id: topic.category_id ?? 0,
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

/** The envelope both lists share; `extra` holds what each list adds to topic_list. */
function listJson<T extends ReturnType<typeof item>>(v: CategoryTopicListView, topics: T[], extra: object) {
  return {
    users: listUsers(v, topics),
    primary_groups: [],
    topic_list: {
      can_create_topic: v.canCreateTopic,
      // Not in listCategoryTopics' (closed) topic_list, but Discourse sends it whenever there is a next page.
      ...moreTopicsUrl(v),
      per_page: MESSAGES_PER_PAGE,
      ...extra,
      topics,
    },
  };
}

export function categoryTopicListJson(v: CategoryTopicListView) {
  const topics = v.page.topics.map((t) => ({
    ...item(v, t),
    image_url: null,
    bookmarked: null,
    liked: null,
  }));
  return listJson(v, topics, { top_tags: [] });
}

/** Topics as /latest.json and /tag/{name}.json show them: with the viewer's state and tags. */
function openListTopics(v: CategoryTopicListView) {
  return v.page.topics.map((t) => {
    const state = v.data.readState.get(t.id);
    return {
      ...item(v, t),
      bookmarked: false,
      liked: false,
      op_like_count: 0,
      ...(state
        ? { notification_level: state.notification_level, ...readPosition(t, state.last_read_post_number) }
        : {}),
      ...(v.tags ? { tags: v.tags.get(t.id) ?? [] } : {}),
    };
  });
}

const NEW_TOPIC_DRAFT = { draft: null, draft_key: 'new_topic', draft_sequence: 0 };

export function latestTopicListJson(v: CategoryTopicListView) {
  return listJson(v, openListTopics(v), NEW_TOPIC_DRAFT);
}

/** getTag: the tag's topics, and the tag itself in topic_list.tags as Discourse sends it. */
export function tagTopicListJson(
  v: CategoryTopicListView,
  tag: { id: number; name: string; topicCount: number },
) {
  return listJson(v, openListTopics(v), {
    ...NEW_TOPIC_DRAFT,
    tags: [{ id: tag.id, name: tag.name, topic_count: tag.topicCount, staff: false }],
  });
}
