// Which tags a viewer may know of. Foyer has no tag groups, so Discourse would show every tag
// name to everyone; but a tag used only in a read-restricted category (or that nobody uses any
// more) names something the viewer may not see. So, as for PMs and categories, a tag the viewer
// cannot see answers exactly like one that does not exist: admins see every tag, others the
// tags on at least one topic they may see, plus the tags they set a level for themselves.
import { DomainError } from '../../shared/domain/errors';
import { loadCategoryListing } from '../categories/category-listing';
import type { Db } from '../db/database';
import type { Tag, User } from '../db/schema';
import { topicScopeOf, type TopicScope } from '../posts/topic-lists';
import { cleanTagName } from './tag-names';
import { allTags, findTagByName, tagHasTopicIn, tagsByNames, tagTopicCounts } from './tags-repository';

export interface TagViewer {
  user: User | undefined;
  scope: TopicScope;
}

export async function tagViewer(db: Db, user: User | undefined): Promise<TagViewer> {
  return { user, scope: topicScopeOf(await loadCategoryListing(db, user, { counts: false })) };
}

async function hasOwnLevel(db: Db, user: User | undefined, tagId: number): Promise<boolean> {
  if (!user) return false;
  const row = await db
    .selectFrom('tag_users')
    .select('tag_id')
    .where('tag_id', '=', tagId)
    .where('user_id', '=', user.id)
    .executeTakeFirst();
  return Boolean(row);
}

export async function canSeeTag(db: Db, v: TagViewer, tag: Tag): Promise<boolean> {
  if (v.user?.admin) return true;
  return (await tagHasTopicIn(db, v.scope, tag.id)) || (await hasOwnLevel(db, v.user, tag.id));
}

/** A tag by the name in a URL (any case); 404 when it does not exist or the viewer may not see it. */
export async function loadVisibleTag(db: Db, v: TagViewer, rawName: string): Promise<Tag> {
  // Discourse looks tags up without regard to case; names are stored lower-case.
  const tag = await findTagByName(db, cleanTagName(rawName, Number.MAX_SAFE_INTEGER));
  if (!tag || !(await canSeeTag(db, v, tag))) throw new DomainError('tag_not_found');
  return tag;
}

/** The tags of `names` the viewer may see, by name. */
export async function visibleTagsByNames(
  db: Db,
  v: TagViewer,
  names: readonly string[],
): Promise<Map<string, Tag>> {
  const out = new Map<string, Tag>();
  for (const tag of await tagsByNames(db, names)) if (await canSeeTag(db, v, tag)) out.set(tag.name, tag);
  return out;
}

/** /tags.json: each tag the viewer may see with the number of topics they may see that carry it. */
export async function visibleTagCounts(db: Db, v: TagViewer): Promise<Array<{ tag: Tag; count: number }>> {
  const counts = await tagTopicCounts(db, v.scope);
  const own = v.user
    ? new Set(
        (await db.selectFrom('tag_users').select('tag_id').where('user_id', '=', v.user.id).execute()).map(
          (r) => r.tag_id,
        ),
      )
    : new Set<number>();
  return (await allTags(db))
    .filter((t) => v.user?.admin || counts.has(t.id) || own.has(t.id))
    .map((tag) => ({ tag, count: counts.get(tag.id) ?? 0 }));
}
