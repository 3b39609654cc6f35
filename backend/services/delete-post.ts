// Deletes a post (DELETE /posts/{id}.json): a soft delete by its author or staff. Deleting the
// first post deletes the whole topic, as in Discourse.
import type { User } from '../db/schema';
import { DomainError } from '../../shared/domain/errors';
import { canEditPost } from '../policy/guardian';
import { refreshParticipantCount, POST_TYPES } from '../posts/post-writer';
import { nowIso } from '../util/clock';
import type { ForumContext } from './context';
import { loadVisiblePost } from './topic-access';
import { unindexPosts } from '../search/search-index';
import { recordLiveEvents } from '../live/record-event';

export async function deletePost(ctx: ForumContext, actor: User, postId: number): Promise<void> {
  const { post, topic } = await loadVisiblePost(ctx.db, actor, postId);
  if (post.deleted_at !== null) return;
  if (!canEditPost(actor, post, topic)) throw new DomainError('invalid_access');
  const now = nowIso();
  await ctx.db.transaction().execute(async (db) => {
    await recordLiveEvents(db, [
      {
        type: 'post_deleted',
        topicId: topic.id,
        postId: post.id,
        postNumber: post.post_number,
        staffOnly: post.post_type === POST_TYPES.whisper,
      },
    ]);
    if (post.post_number === 1) {
      const ids = await db.selectFrom('posts').select('id').where('topic_id', '=', topic.id).execute();
      await unindexPosts(
        db,
        ids.map((r) => r.id),
      );
      await db
        .updateTable('topics')
        .set({ deleted_at: now, deleted_by_id: actor.id, updated_at: now })
        .where('id', '=', topic.id)
        .execute();
      await db
        .updateTable('posts')
        .set({ deleted_at: now, deleted_by_id: actor.id })
        .where('topic_id', '=', topic.id)
        .where('deleted_at', 'is', null)
        .execute();
      return;
    }
    await db
      .updateTable('posts')
      .set({ deleted_at: now, deleted_by_id: actor.id, updated_at: now })
      .where('id', '=', post.id)
      .execute();
    await unindexPosts(db, [post.id]);
    if (post.post_type === POST_TYPES.regular) {
      await db
        .updateTable('topics')
        .set((eb) => ({ posts_count: eb('posts_count', '-', 1), reply_count: eb('reply_count', '-', 1) }))
        .where('id', '=', topic.id)
        .execute();
      if (post.reply_to_post_number !== null) {
        await db
          .updateTable('posts')
          .set((eb) => ({ reply_count: eb('reply_count', '-', 1) }))
          .where('topic_id', '=', topic.id)
          .where('post_number', '=', post.reply_to_post_number)
          .where('reply_count', '>', 0)
          .execute();
      }
      await refreshParticipantCount(db, topic.id);
    }
  });
}
