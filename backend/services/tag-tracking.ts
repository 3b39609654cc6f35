// A person's notification level per tag (Discourse's tag_users, behaviour.md §1.3, §5.5): one's
// own level in one tag (PUT /tag/{name}/notifications), or the whole set at one level as
// PUT /u/{username}.json's watched_tags and friends do (TagUser.batch_set). Who may change
// whose levels, and the writer, are shared with category tracking (tracking-levels.ts).
import { DomainError } from '../../shared/domain/errors';
import type { Db } from '../db/database';
import type { Tag, User } from '../db/schema';
import { tagViewer, visibleTagsByNames } from '../tags/tag-access';
import { tagNameList } from '../tags/tag-names';
import type { ForumContext } from './context';
import {
  batchSetLevels,
  byLevel,
  NOTIFICATION_LEVELS,
  parseLevel,
  TAG_LEVELS_TABLE,
  upsertLevel,
} from './tracking-levels';

/** The user fields of PUT /u/{username}.json that set a tag level (Discourse's UserUpdater::TAG_NAMES). */
export const TAG_LEVEL_FIELDS = {
  watched_tags: NOTIFICATION_LEVELS.watching,
  tracked_tags: NOTIFICATION_LEVELS.tracking,
  watching_first_post_tags: NOTIFICATION_LEVELS.watching_first_post,
  muted_tags: NOTIFICATION_LEVELS.muted,
} as const;

export type TagLevelField = keyof typeof TAG_LEVEL_FIELDS;

/** Tag names of a level field as clients send them ("a,b" as Discourse's own client does, or a list). */
export function tagLevelNames(ctx: ForumContext, value: unknown, field: TagLevelField): string[] {
  return tagNameList(value, field, ctx.settings.int('max_tag_length'));
}

/**
 * Checks the tags of each field given: a tag the actor may not see is refused like one that
 * does not exist (tags are created by tagging topics, not by watching them).
 */
export async function resolveTagLevels(
  ctx: ForumContext,
  actor: User,
  fields: Partial<Record<TagLevelField, string[]>>,
): Promise<Array<{ level: number; itemIds: number[] }>> {
  if (Object.keys(fields).length === 0) return [];
  const names = Object.values(fields).flat();
  const known = await visibleTagsByNames(ctx.db, await tagViewer(ctx.db, actor), names);
  return (Object.entries(fields) as Array<[TagLevelField, string[]]>).map(([field, list]) => ({
    level: TAG_LEVEL_FIELDS[field],
    itemIds: list.map((name) => {
      const tag = known.get(name);
      if (!tag)
        throw new DomainError('invalid_parameters', {
          detail: `${field} names the tag "${name}", which does not exist; use names from /tags.json.`,
        });
      return tag.id;
    }),
  }));
}

/** TagUser.batch_set for each resolved field; call inside a transaction. */
export async function setTagLevels(
  db: Db,
  user: User,
  sets: ReadonlyArray<{ level: number; itemIds: readonly number[] }>,
): Promise<void> {
  await batchSetLevels(db, TAG_LEVELS_TABLE, user.id, sets);
}

/** The names at each level, for getUser's *_tags fields. */
export async function tagLevelLists(db: Db, userId: number): Promise<Record<TagLevelField, string[]>> {
  const rows = await db
    .selectFrom('tag_users')
    .innerJoin('tags', 'tags.id', 'tag_users.tag_id')
    .select(['tags.name as item', 'tag_users.notification_level as level'])
    .where('tag_users.user_id', '=', userId)
    .orderBy('tags.name')
    .execute();
  return byLevel(rows, TAG_LEVEL_FIELDS);
}

/** The actor's own level in a tag (Discourse's default, regular, when they set none). */
export async function tagLevelOf(db: Db, actor: User, tag: Tag): Promise<number> {
  const row = await db
    .selectFrom('tag_users')
    .select('notification_level')
    .where('tag_id', '=', tag.id)
    .where('user_id', '=', actor.id)
    .executeTakeFirst();
  return row?.notification_level ?? NOTIFICATION_LEVELS.regular;
}

/** PUT /tag/{name}/notifications: the actor's own level in a tag they can see. */
export async function setTagLevel(ctx: ForumContext, actor: User, tag: Tag, level: unknown): Promise<number> {
  const wanted = parseLevel(level);
  await upsertLevel(ctx.db, TAG_LEVELS_TABLE, actor.id, tag.id, wanted);
  return wanted;
}
