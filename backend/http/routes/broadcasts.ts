// Foyer's broadcasts with private replies (Discourse has no such operation, so the paths sit
// under /foyer/): an organiser group's series, its participants, and its announcements.
import type { FastifyInstance } from 'fastify';
import type { ForumContext } from '../../services/context';
import {
  addBroadcastParticipants,
  announce,
  createBroadcast,
  listBroadcasts,
  loadOrganisedBroadcast,
  removeBroadcastParticipant,
} from '../../services/broadcasts';
import { bodyOf, idParam, param, requireActor } from '../route-helpers';
import { broadcastJson, broadcastSummaryJson } from '../serializers/broadcast-serializer';

export function registerBroadcastRoutes(app: FastifyInstance, ctx: ForumContext): void {
  app.get('/foyer/broadcasts.json', async (req) => {
    const actor = requireActor(req);
    const rows = await listBroadcasts(ctx, actor);
    return {
      broadcasts: rows.map((b) =>
        broadcastSummaryJson(b, b.group_name, {
          participants: b.participant_count,
          announcements: b.announcement_count,
        }),
      ),
    };
  });

  app.post('/foyer/broadcasts.json', async (req) => {
    const actor = requireActor(req);
    const body = bodyOf(req);
    const { broadcast, group } = await createBroadcast(ctx, actor, {
      groupName: body.group_name,
      title: body.title,
      participants: body.participants,
    });
    return broadcastJson(ctx.db, actor, broadcast, group);
  });

  app.get('/foyer/broadcasts/:id.json', async (req) => {
    const actor = requireActor(req);
    const { broadcast, group } = await loadOrganisedBroadcast(ctx, actor, idParam(req));
    return broadcastJson(ctx.db, actor, broadcast, group);
  });

  app.post('/foyer/broadcasts/:id/participants.json', async (req) => {
    const actor = requireActor(req);
    const id = idParam(req);
    const added = await addBroadcastParticipants(ctx, actor, id, bodyOf(req).participants);
    const { broadcast, group } = await loadOrganisedBroadcast(ctx, actor, id);
    return { added_count: added.length, ...(await broadcastJson(ctx.db, actor, broadcast, group)) };
  });

  app.delete('/foyer/broadcasts/:id/participants/:username.json', async (req) => {
    const actor = requireActor(req);
    await removeBroadcastParticipant(ctx, actor, idParam(req), param(req, 'username'));
    return { success: 'OK' };
  });

  app.post('/foyer/broadcasts/:id/announcements.json', async (req) => {
    const actor = requireActor(req);
    const body = bodyOf(req);
    const { announcement, topicIds } = await announce(ctx, actor, idParam(req), {
      title: body.title,
      raw: body.raw,
    });
    return { announcement: { ...announcement, sent_count: topicIds.length }, topic_ids: topicIds };
  });
}
