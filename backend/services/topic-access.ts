// Loads a topic or post for an actor, answering "not found" both when it does not exist and
// when the actor may not see it, so ids cannot be probed.
import type { Post, Topic, User } from '../db/schema';
import { DomainError } from '../../shared/domain/errors';
import { canSeeTopic } from '../policy/guardian';
import type { Db } from '../db/database';

export async function loadVisibleTopic(db: Db, actor: User | undefined, topicId: number): Promise<Topic> {
  const topic = await db.selectFrom('topics').selectAll().where('id', '=', topicId).executeTakeFirst();
  if (!topic || !(await canSeeTopic(db, actor, topic))) {
    if (!actor && topic && topic.deleted_at === null) throw new DomainError('not_logged_in');
    throw new DomainError('topic_not_found');
  }
  return topic;
}

export async function loadVisiblePost(
  db: Db,
  actor: User | undefined,
  postId: number,
): Promise<{ post: Post; topic: Topic }> {
  const post = await db.selectFrom('posts').selectAll().where('id', '=', postId).executeTakeFirst();
  if (!post) throw new DomainError('post_not_found');
  const topic = await db.selectFrom('topics').selectAll().where('id', '=', post.topic_id).executeTakeFirst();
  if (!topic || !(await canSeeTopic(db, actor, topic)))
    throw new DomainError(actor ? 'post_not_found' : 'not_logged_in');
  if (post.deleted_at !== null && !(actor && (actor.admin || actor.moderator)))
    throw new DomainError('post_not_found');
  return { post, topic };
}
