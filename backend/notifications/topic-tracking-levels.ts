// How the levels people set on a category and on tags become their level on a topic
// (Discourse's CategoryUser.auto_watch/auto_track/auto_mute and TagUser.auto_watch/auto_track,
// behaviour.md §1.3). Foyer's rule, kept simple and the same for categories and tags:
//   1. watching the topic's category or one of its tags → the person watches the topic;
//   2. otherwise muting the category or one of the tags → the topic is muted for them, unless
//      they watch the first posts of the category or of one of the tags;
//   3. otherwise tracking the category or one of the tags → they track the topic.
// So a muted tag mutes a topic unless the person watches its category (or another of its
// tags) explicitly; and people watching first posts of the category or a tag are told of the
// first post. A level the person already has on the topic (they started it, say) is kept.
import type { Db } from '../db/database';
import type { Topic } from '../db/schema';
import { NOTIFICATION_LEVELS } from '../services/tracking-levels';
import { NOTIFICATION_REASONS, TOPIC_NOTIFICATION_LEVELS } from './notification-types';

interface PersonLevels {
  category: number | undefined;
  tags: Set<number>;
}

/** The topic level and its reason for one person, or none; and whether first posts reach them. */
export function topicLevelFrom(p: PersonLevels): { level?: [number, number]; firstPost: boolean } {
  const L = NOTIFICATION_LEVELS;
  const has = (level: number) => p.category === level || p.tags.has(level);
  const firstPost = has(L.watching_first_post);
  if (has(L.watching))
    return {
      level: [
        TOPIC_NOTIFICATION_LEVELS.watching,
        p.category === L.watching
          ? NOTIFICATION_REASONS.auto_watch_category
          : NOTIFICATION_REASONS.auto_watch_tag,
      ],
      firstPost,
    };
  if (has(L.muted))
    return firstPost
      ? { firstPost }
      : {
          level: [
            TOPIC_NOTIFICATION_LEVELS.muted,
            p.category === L.muted
              ? NOTIFICATION_REASONS.auto_mute_category
              : NOTIFICATION_REASONS.auto_mute_tag,
          ],
          firstPost: false,
        };
  if (has(L.tracking))
    return {
      level: [
        TOPIC_NOTIFICATION_LEVELS.tracking,
        p.category === L.tracking
          ? NOTIFICATION_REASONS.auto_track_category
          : NOTIFICATION_REASONS.auto_track_tag,
      ],
      firstPost,
    };
  return { firstPost };
}

/**
 * Copies the category's and the tags' levels onto the topic. `onlyTagIds` limits it to the
 * people with a level on those tags (tags just added to an existing topic). Returns who watches
 * the first posts.
 */
export async function applyTrackingLevels(
  db: Db,
  topic: Topic,
  onlyTagIds?: readonly number[],
): Promise<number[]> {
  const people = new Map<number, PersonLevels>();
  const person = (userId: number) => {
    let p = people.get(userId);
    if (!p) people.set(userId, (p = { category: undefined, tags: new Set() }));
    return p;
  };
  const tagRows = await db
    .selectFrom('tag_users')
    .innerJoin('topic_tags', 'topic_tags.tag_id', 'tag_users.tag_id')
    .select(['tag_users.user_id', 'tag_users.tag_id', 'tag_users.notification_level'])
    .where('topic_tags.topic_id', '=', topic.id)
    .execute();
  for (const r of tagRows) person(r.user_id).tags.add(r.notification_level);
  const concerned = onlyTagIds
    ? new Set(tagRows.filter((r) => onlyTagIds.includes(r.tag_id)).map((r) => r.user_id))
    : undefined;
  if (topic.category_id !== null) {
    const categoryRows = await db
      .selectFrom('category_users')
      .select(['user_id', 'notification_level'])
      .where('category_id', '=', topic.category_id)
      .execute();
    for (const r of categoryRows)
      if (!concerned || concerned.has(r.user_id)) person(r.user_id).category = r.notification_level;
  }

  const firstPostWatchers: number[] = [];
  const topicRows = [];
  for (const [userId, levels] of people) {
    if (concerned && !concerned.has(userId)) continue;
    const { level, firstPost } = topicLevelFrom(levels);
    if (firstPost) firstPostWatchers.push(userId);
    if (level)
      topicRows.push({
        user_id: userId,
        topic_id: topic.id,
        notification_level: level[0],
        notifications_reason_id: level[1],
        last_read_post_number: null,
        posted: 0,
        first_visited_at: null,
        last_visited_at: null,
      });
  }
  // A row the person already has (the author's own, written with the post) wins.
  if (topicRows.length > 0)
    await db
      .insertInto('topic_users')
      .values(topicRows)
      .onConflict((oc) => oc.columns(['user_id', 'topic_id']).doNothing())
      .execute();
  return firstPostWatchers;
}
