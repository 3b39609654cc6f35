// Tags on topics (Discourse's DiscourseTagging.tag_topic_by_names): checking the tags of a new
// topic (POST /posts.json with tags[]) or an edited one (PUT /t/-/{id}.json with tags), and
// writing them. Names are cleaned as Discourse does (tag-names.ts); at most max_tags_per_topic;
// a name that is not a tag yet (or one the poster may not see, which answers the same) becomes
// a new tag only when the poster may create tags (tag-guardian.ts), otherwise nothing is written
// and the answer is a 422 naming those tags. Personal messages are never tagged.
import { DomainError } from '../../shared/domain/errors';
import type { Db } from '../db/database';
import type { Topic, User } from '../db/schema';
import { applyTrackingLevels } from '../notifications/topic-tracking-levels';
import { PM_ARCHETYPE } from '../policy/guardian';
import { canCreateTag, canEditTopicTags } from '../policy/tag-guardian';
import { tagViewer, visibleTagsByNames } from '../tags/tag-access';
import { tagNameList } from '../tags/tag-names';
import { replaceTopicTags, topicTagNames } from '../tags/tags-repository';
import type { ForumContext } from './context';
import { loadVisibleTopic } from './topic-access';

/** Whether a request body names tags at all (tags, or tags[] from form clients). */
export function tagsField(body: Record<string, unknown>): unknown {
  return body.tags ?? body['tags[]'];
}

/**
 * The cleaned tag names for a topic, refusing what may not be written. `current` are the
 * topic's tags already (an edit keeps them without needing to see or create them again).
 */
export async function checkTopicTags(
  ctx: ForumContext,
  actor: User,
  value: unknown,
  opts: { privateMessage: boolean; current?: readonly string[] },
): Promise<string[]> {
  const { settings } = ctx;
  const names = tagNameList(value, 'tags', settings.int('max_tag_length'));
  if (names.length === 0) return [];
  if (!settings.bool('tagging_enabled'))
    throw new DomainError('tags_not_allowed', {
      reason: 'tagging is turned off on this site (tagging_enabled); send the topic without tags',
    });
  if (opts.privateMessage)
    throw new DomainError('tags_not_allowed', {
      reason: 'personal messages are not tagged here; send the message without tags',
    });
  const max = settings.int('max_tags_per_topic');
  if (names.length > max) throw new DomainError('tags_too_many', { max });
  const known = await visibleTagsByNames(ctx.db, await tagViewer(ctx.db, actor), names);
  const unknown = names.filter((n) => !known.has(n) && !opts.current?.includes(n));
  if (unknown.length > 0 && !(await canCreateTag(ctx.db, settings, actor)))
    throw new DomainError('tag_create_not_allowed', { names: unknown.map((n) => `"${n}"`).join(', ') });
  return names;
}

/** Puts checked tags on a new topic, before its first post is published. */
export async function writeNewTopicTags(db: Db, topic: Topic, names: readonly string[]): Promise<void> {
  if (names.length > 0) await replaceTopicTags(db, topic.id, names);
}

/**
 * PUT /t/-/{id}.json with `tags`: staff or whoever started the topic replace its tags. People
 * with a level on a newly added tag get their topic level from it as for a new topic (no
 * notification: the topic is not new).
 */
export async function updateTopicTags(
  ctx: ForumContext,
  actor: User,
  topicId: number,
  value: unknown,
): Promise<Topic> {
  const topic = await loadVisibleTopic(ctx.db, actor, topicId);
  if (!(await canEditTopicTags(ctx.db, actor, topic))) throw new DomainError('invalid_access');
  const current = (await topicTagNames(ctx.db, [topic.id])).get(topic.id) ?? [];
  const names = await checkTopicTags(ctx, actor, value, {
    privateMessage: topic.archetype === PM_ARCHETYPE,
    current,
  });
  await ctx.db.transaction().execute(async (db) => {
    const added = await replaceTopicTags(db, topic.id, names);
    if (added.length > 0) await applyTrackingLevels(db, topic, added);
  });
  return topic;
}
