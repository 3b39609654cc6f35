// Edits a post's raw (PUT /posts/{id}.json): author or staff, re-cooked, version bumped.
import type { Post, User } from '../db/schema';
import { DomainError } from '../../shared/domain/errors';
import { canEditPost, PM_ARCHETYPE } from '../policy/guardian';
import { cook, wordCount } from '../posts/post-writer';
import { excerptFromCooked } from '../cook/excerpt';
import { nowIso } from '../util/clock';
import type { ForumContext } from './context';
import { validatePostBody } from './post-validation';
import { loadVisiblePost } from './topic-access';
import { reindexPost } from '../search/search-index';
import { linkPostUploads } from '../uploads/link-post-uploads';
import { recordLiveEvents } from '../live/record-event';
import { POST_TYPES } from '../posts/post-writer';

export async function editPost(
  ctx: ForumContext,
  actor: User,
  postId: number,
  input: { raw: unknown; editReason?: unknown },
): Promise<Post> {
  const { post, topic } = await loadVisiblePost(ctx.db, actor, postId);
  const kind = topic.archetype === PM_ARCHETYPE ? 'pm' : post.post_number === 1 ? 'first_post' : 'reply';
  const raw = validatePostBody(ctx.settings, input.raw, kind);
  if (!canEditPost(actor, post, topic) || post.deleted_at !== null) throw new DomainError('invalid_access');
  if (raw === post.raw) return post;
  const editReason =
    typeof input.editReason === 'string' && input.editReason.trim()
      ? input.editReason.trim().slice(0, 255)
      : null;
  return ctx.db.transaction().execute(async (db) => {
    const cooked = await cook(db, raw);
    const updated = await db
      .updateTable('posts')
      .set((eb) => ({
        raw,
        cooked,
        word_count: wordCount(raw),
        version: eb('version', '+', 1),
        edit_reason: editReason,
        updated_at: nowIso(),
      }))
      .where('id', '=', post.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await db
      .updateTable('topics')
      .set((eb) => ({
        word_count: eb('word_count', '+', updated.word_count - post.word_count),
        ...(post.post_number === 1 ? { excerpt: excerptFromCooked(cooked) } : {}),
      }))
      .where('id', '=', topic.id)
      .execute();
    await reindexPost(db, updated.id);
    await linkPostUploads(db, updated.id, updated.user_id, updated.raw);
    await recordLiveEvents(db, [
      {
        type: 'post_edited',
        topicId: topic.id,
        postId: updated.id,
        postNumber: updated.post_number,
        staffOnly: updated.post_type === POST_TYPES.whisper,
      },
    ]);
    return updated;
  });
}
