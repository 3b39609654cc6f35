// The one way a topic row is created: a PM composed in the app or started by an email to a
// group address, or a topic in a category (composed, or emailed to the category's address).
// Its first post is written next by publishPost.
import type { Db } from '../db/database';
import type { Topic, User } from '../db/schema';
import { REGULAR_ARCHETYPE } from '../categories/categories-repository';
import { PM_ARCHETYPE } from '../policy/guardian';
import { nowIso } from '../util/clock';
import { slugify } from './slug';

/** Discourse's fancy_title: the title HTML-escaped for display. */
export function escapeTitle(title: string): string {
  return title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

async function insertTopic(
  db: Db,
  title: string,
  author: User,
  kind: { archetype: string; subtype: string | null; categoryId: number | null },
): Promise<Topic> {
  const now = nowIso();
  return db
    .insertInto('topics')
    .values({
      title,
      fancy_title: escapeTitle(title),
      slug: slugify(title),
      archetype: kind.archetype,
      subtype: kind.subtype,
      user_id: author.id,
      category_id: kind.categoryId,
      created_at: now,
      updated_at: now,
      bumped_at: now,
      last_posted_at: now,
      last_post_user_id: author.id,
      highest_post_number: 0,
      posts_count: 0,
      reply_count: 0,
      like_count: 0,
      word_count: 0,
      views: 0,
      participant_count: 0,
      closed: 0,
      archived: 0,
      visible: 1,
      deleted_at: null,
      deleted_by_id: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function insertPmTopic(db: Db, title: string, author: User): Promise<Topic> {
  return insertTopic(db, title, author, {
    archetype: PM_ARCHETYPE,
    subtype: 'user_to_user',
    categoryId: null,
  });
}

export function insertCategoryTopic(db: Db, title: string, author: User, categoryId: number): Promise<Topic> {
  return insertTopic(db, title, author, { archetype: REGULAR_ARCHETYPE, subtype: null, categoryId });
}
