// Reading and writing tags: tags by name, the tags of topics (in the order they were given),
// replacing a topic's tags (creating the tags that do not exist yet), and how many topics of a
// TopicScope carry each tag — counted when read, so a count never includes a topic the viewer
// may not see.
import type { Db } from '../db/database';
import type { Tag } from '../db/schema';
import { inTopicScope, type TopicScope } from '../posts/topic-lists';
import { nowIso } from '../util/clock';

export async function findTagByName(db: Db, name: string): Promise<Tag | undefined> {
  return db.selectFrom('tags').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function tagsByNames(db: Db, names: readonly string[]): Promise<Tag[]> {
  if (names.length === 0) return [];
  return db
    .selectFrom('tags')
    .selectAll()
    .where('name', 'in', [...names])
    .execute();
}

export async function allTags(db: Db): Promise<Tag[]> {
  return db.selectFrom('tags').selectAll().orderBy('name').execute();
}

/** The tag names of each topic, in the order they were put on it; topics without tags are absent. */
export async function topicTagNames(db: Db, topicIds: readonly number[]): Promise<Map<number, string[]>> {
  const map = new Map<number, string[]>();
  if (topicIds.length === 0) return map;
  const rows = await db
    .selectFrom('topic_tags')
    .innerJoin('tags', 'tags.id', 'topic_tags.tag_id')
    .select(['topic_tags.topic_id', 'tags.name'])
    .where('topic_tags.topic_id', 'in', [...topicIds])
    .orderBy('topic_tags.id')
    .execute();
  for (const r of rows) map.set(r.topic_id, [...(map.get(r.topic_id) ?? []), r.name]);
  return map;
}

/**
 * Makes `names` (already cleaned) the topic's tags, in that order, creating tags that do not
 * exist. Returns the ids of the tags that were not on the topic before. Call inside a transaction.
 */
export async function replaceTopicTags(db: Db, topicId: number, names: readonly string[]): Promise<number[]> {
  const now = nowIso();
  if (names.length > 0)
    await db
      .insertInto('tags')
      .values(names.map((name) => ({ name, created_at: now })))
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
  const wanted = await tagsByNames(db, names);
  const wantedIds = names.map((n) => wanted.find((t) => t.name === n)?.id).filter((id) => id !== undefined);
  const before = (
    await db.selectFrom('topic_tags').select('tag_id').where('topic_id', '=', topicId).execute()
  ).map((r) => r.tag_id);
  let stale = db.deleteFrom('topic_tags').where('topic_id', '=', topicId);
  if (wantedIds.length > 0) stale = stale.where('tag_id', 'not in', wantedIds);
  await stale.execute();
  const added = wantedIds.filter((id) => !before.includes(id));
  if (added.length > 0)
    await db
      .insertInto('topic_tags')
      .values(added.map((tagId) => ({ topic_id: topicId, tag_id: tagId, created_at: now })))
      .execute();
  return added;
}

/** How many listable topics of the scope carry each tag, or just `onlyTagId` (tags on none are absent). */
export async function tagTopicCounts(
  db: Db,
  scope: TopicScope,
  onlyTagId?: number,
): Promise<Map<number, number>> {
  let q = db
    .selectFrom('topic_tags')
    .innerJoin('topics', 'topics.id', 'topic_tags.topic_id')
    .select((eb) => ['topic_tags.tag_id', eb.fn.countAll<number>().as('n')])
    .where((eb) => inTopicScope(eb, scope));
  if (onlyTagId !== undefined) q = q.where('topic_tags.tag_id', '=', onlyTagId);
  const rows = await q.groupBy('topic_tags.tag_id').execute();
  return new Map(rows.map((r) => [r.tag_id, Number(r.n)]));
}

/** Whether at least one listable topic of the scope carries the tag. */
export async function tagHasTopicIn(db: Db, scope: TopicScope, tagId: number): Promise<boolean> {
  const row = await db
    .selectFrom('topic_tags')
    .innerJoin('topics', 'topics.id', 'topic_tags.topic_id')
    .select('topics.id')
    .where('topic_tags.tag_id', '=', tagId)
    .where((eb) => inTopicScope(eb, scope))
    .limit(1)
    .executeTakeFirst();
  return Boolean(row);
}
