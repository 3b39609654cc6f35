// The one way a PM topic row is created, whether composed in the app or started by an email
// to a group address; its first post is written next by publishPrivateMessagePost.
import type { Db } from '../db/database';
import type { Topic, User } from '../db/schema';
import { PM_ARCHETYPE } from '../policy/guardian';
import { nowIso } from '../util/clock';
import { slugify } from './slug';

/** Discourse's fancy_title: the title HTML-escaped for display. */
export function escapeTitle(title: string): string {
  return title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export async function insertPmTopic(db: Db, title: string, author: User): Promise<Topic> {
  const now = nowIso();
  return db
    .insertInto('topics')
    .values({
      title,
      fancy_title: escapeTitle(title),
      slug: slugify(title),
      archetype: PM_ARCHETYPE,
      subtype: 'user_to_user',
      user_id: author.id,
      category_id: null,
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
