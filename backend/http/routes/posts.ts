// Discourse's post routes: create a topic, a PM or a reply, read, edit and delete a post.
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../../shared/domain/errors';
import type { ForumContext } from '../../services/context';
import { deletePost } from '../../services/delete-post';
import { editPost } from '../../services/edit-post';
import { createPost, type CreatePostInput } from '../../services/create-post';
import { createPostOnce, idempotencyKey } from '../../services/idempotent-send';
import { loadVisiblePost } from '../../services/topic-access';
import { tagsField } from '../../services/topic-tags';
import { findUserById } from '../../users/users-repository';
import { bodyOf, idParam, requireActor } from '../route-helpers';
import { singlePost } from '../serializers/post-serializer';

export function registerPostRoutes(app: FastifyInstance, ctx: ForumContext): void {
  app.post('/posts.json', async (req) => {
    const actor = requireActor(req);
    const body = bodyOf(req);
    const input: CreatePostInput = {
      title: body.title,
      raw: body.raw,
      archetype: body.archetype,
      topicId: body.topic_id,
      replyToPostNumber: body.reply_to_post_number,
      targetRecipients: body.target_recipients,
      targetUsernames: body.target_usernames,
      targetEmails: body.target_emails,
      draftKey: body.draft_key,
      category: body.category,
      tags: tagsField(body),
    };
    const keyHeader = req.headers['idempotency-key'];
    const { topic, post } =
      keyHeader === undefined
        ? await createPost(ctx, actor, input)
        : await createPostOnce(ctx, actor, idempotencyKey(keyHeader), input);
    return singlePost({ post, topic, author: actor, viewer: actor });
  });

  app.get('/posts/:id.json', async (req) => {
    const { post, topic } = await loadVisiblePost(ctx.db, req.actor, idParam(req));
    const author = await findUserById(ctx.db, post.user_id);
    if (!author) throw new DomainError('post_not_found');
    return singlePost({ post, topic, author, viewer: req.actor });
  });

  app.put('/posts/:id.json', async (req) => {
    const actor = requireActor(req);
    const body = bodyOf(req);
    // Discourse takes { post: { raw, edit_reason } }; form clients send post[raw].
    const nested = (body.post && typeof body.post === 'object' ? body.post : {}) as Record<string, unknown>;
    const raw = nested.raw ?? body['post[raw]'] ?? body.raw;
    const editReason = nested.edit_reason ?? body['post[edit_reason]'] ?? body.edit_reason;
    const post = await editPost(ctx, actor, idParam(req), { raw, editReason });
    const { topic } = await loadVisiblePost(ctx.db, actor, post.id);
    const author = (await findUserById(ctx.db, post.user_id)) ?? actor;
    return { post: singlePost({ post, topic, author, viewer: actor }) };
  });

  app.delete('/posts/:id.json', async (req, reply) => {
    const actor = requireActor(req);
    await deletePost(ctx, actor, idParam(req));
    return reply.code(200).send();
  });
}
