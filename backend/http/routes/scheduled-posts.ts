// Foyer's send later: schedule a new PM or a reply for send_at, list one's pending and failed
// scheduled posts, change or cancel them. The forum publishes them at send_at (services/
// scheduled-posts.ts), whether or not any client is open.
import type { FastifyInstance } from 'fastify';
import type { ScheduledPost } from '../../db/schema';
import type { ForumContext } from '../../services/context';
import { idempotencyKey, schedulePostOnce } from '../../services/idempotent-send';
import {
  cancelScheduledPost,
  listScheduledPosts,
  schedulePost,
  updateScheduledPost,
} from '../../services/scheduled-posts';
import { bodyOf, idParam, requireActor } from '../route-helpers';

function scheduledPostJson(row: ScheduledPost) {
  return {
    id: row.id,
    send_at: row.send_at,
    status: row.status,
    title: row.title,
    raw: row.raw,
    target_recipients: row.target_recipients,
    archetype: row.archetype,
    topic_id: row.topic_id,
    reply_to_post_number: row.reply_to_post_number,
    draft_key: row.draft_key,
    error: row.error,
    post_id: row.post_id,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export function registerScheduledPostRoutes(app: FastifyInstance, ctx: ForumContext): void {
  app.post('/foyer/scheduled-posts.json', async (req, reply) => {
    const actor = requireActor(req);
    const body = bodyOf(req);
    const input = {
      sendAt: body.send_at,
      title: body.title,
      raw: body.raw,
      targetRecipients: body.target_recipients,
      archetype: body.archetype,
      topicId: body.topic_id,
      replyToPostNumber: body.reply_to_post_number,
      draftKey: body.draft_key,
    };
    // The same Idempotency-Key rules as POST /posts.json: a retry gets the first answer back.
    const keyHeader = req.headers['idempotency-key'];
    const row =
      keyHeader === undefined
        ? await schedulePost(ctx, actor, input)
        : (await schedulePostOnce(ctx, actor, idempotencyKey(keyHeader), input)).scheduledPost;
    return reply.code(201).send({ scheduled_post: scheduledPostJson(row) });
  });

  app.get('/foyer/scheduled-posts.json', async (req) => {
    const actor = requireActor(req);
    return { scheduled_posts: (await listScheduledPosts(ctx, actor)).map(scheduledPostJson) };
  });

  app.put('/foyer/scheduled-posts/:id.json', async (req) => {
    const actor = requireActor(req);
    const body = bodyOf(req);
    const row = await updateScheduledPost(ctx, actor, idParam(req), {
      sendAt: body.send_at,
      raw: body.raw,
      title: body.title,
    });
    return { scheduled_post: scheduledPostJson(row) };
  });

  app.delete('/foyer/scheduled-posts/:id.json', async (req) => {
    const actor = requireActor(req);
    await cancelScheduledPost(ctx, actor, idParam(req));
    return { success: 'OK' };
  });
}
