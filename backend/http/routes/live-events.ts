// GET /foyer/events: the live event stream (Server-Sent Events) for the signed-in user. Each
// event carries `id:` (the live_events row id) so a reconnecting client sends Last-Event-ID (or
// ?last_event_id= where it cannot set headers) and receives what it missed, or
// {"type":"resync"} when the gap is older than the ring. A comment every 15 s keeps proxies and
// idle timeouts from closing the connection.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../../../shared/domain/errors';
import type { LiveEvent } from '../../db/schema';
import { LiveEventHub, type LiveSubscriber } from '../../live/event-hub';
import type { ForumContext } from '../../services/context';
import { queryOf, requireActor } from '../route-helpers';

export const HEARTBEAT_MS = 15_000;
/** How long a browser waits before reconnecting after the stream drops. */
const RETRY_MS = 2_000;

function lastEventIdOf(req: FastifyRequest): number | undefined {
  const raw = req.headers['last-event-id'] ?? queryOf(req).last_event_id;
  const text = Array.isArray(raw) ? raw[0] : raw;
  if (text === undefined || text === '') return undefined;
  if (typeof text !== 'string' || !/^\d{1,15}$/.test(text.trim()))
    throw new DomainError('invalid_parameters', {
      detail: 'Last-Event-ID (or last_event_id) must be the id of an event this stream sent.',
    });
  return Number(text.trim());
}

export function eventJson(e: Pick<LiveEvent, 'type' | 'topic_id' | 'post_id' | 'post_number' | 'draft_key'>) {
  return {
    type: e.type,
    ...(e.topic_id === null ? {} : { topic_id: e.topic_id }),
    ...(e.post_id === null ? {} : { post_id: e.post_id }),
    ...(e.post_number === null ? {} : { post_number: e.post_number }),
    ...(e.draft_key === null ? {} : { draft_key: e.draft_key }),
  };
}

export function registerLiveEventRoutes(app: FastifyInstance, ctx: ForumContext): LiveEventHub {
  const hub = new LiveEventHub(ctx.db);
  const open = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of [...open]) end();
    hub.close();
  });

  app.get('/foyer/events', async (req, reply) => {
    const user = requireActor(req);
    const lastSeen = lastEventIdOf(req);
    let cursor = await hub.lastEventId();
    let resync = false;
    if (lastSeen !== undefined) {
      const from = await hub.resumeFrom(lastSeen);
      if (from === null) resync = true;
      else cursor = from;
    }
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    // The id-only block sets the client's Last-Event-ID without dispatching an event, so even a
    // stream that drops before its first event resumes from here.
    res.write(`retry: ${RETRY_MS}\n: connected\nid: ${cursor}\n\n`);
    if (resync) res.write(`id: ${cursor}\ndata: ${JSON.stringify({ type: 'resync' })}\n\n`);
    const sub: LiveSubscriber = {
      user,
      cursor,
      send(events) {
        res.write(events.map((e) => `id: ${e.id}\ndata: ${JSON.stringify(eventJson(e))}\n\n`).join(''));
      },
    };
    const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    const end = () => {
      clearInterval(heartbeat);
      hub.remove(sub);
      open.delete(end);
      if (!res.writableEnded) res.end();
    };
    open.add(end);
    // The response closes when the client goes away (or the server ends the stream).
    res.on('close', end);
    res.on('error', end);
    hub.add(sub);
  });
  return hub;
}
