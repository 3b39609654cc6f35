// The live event stream over a real socket: a PM posted through the API and a reply that
// arrives by email both reach a participant's open stream within 0.5 s; a reconnect with
// Last-Event-ID gets what it missed; someone outside the PM hears nothing of it; a gap older
// than the ring asks the client to resync.
import http from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../db/schema';
import { receiveEmail } from '../../email/inbound/receive-email';
import { startTestForum, type TestForum } from '../../testing/forum-fixture';
import { enableReplyByEmail, pmWithReplyKey, replyEmail, waitUntil } from '../../testing/reply-emails';

let forum: TestForum;
let base: string;
let alice: User;
let bob: User;

const streams: EventStream[] = [];

beforeEach(async () => {
  forum = await startTestForum();
  alice = await forum.user({ username: 'alice' });
  bob = await forum.user({ username: 'bob' });
  await forum.user({ username: 'eve' });
  await forum.app.listen({ port: 0, host: '127.0.0.1' });
  const address = forum.app.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterEach(async () => {
  for (const s of streams.splice(0)) s.close();
  await forum.destroy();
});

interface Received {
  id: number | undefined;
  data: Record<string, unknown> | undefined;
  at: number;
}

/** A minimal EventSource over node:http: parses `id:` / `data:` blocks as a browser does. */
class EventStream {
  readonly events: Received[] = [];
  lastEventId: number | undefined;
  comments: string[] = [];
  private req: http.ClientRequest | undefined;
  status = 0;
  contentType = '';

  constructor(
    private readonly username: string,
    private readonly headers: Record<string, string> = {},
    private readonly query = '',
  ) {}

  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.req = http.get(
        `${base}/foyer/events${this.query}`,
        { headers: { 'api-key': forum.apiKey, 'api-username': this.username, ...this.headers } },
        (res) => {
          this.status = res.statusCode ?? 0;
          this.contentType = String(res.headers['content-type']);
          let buffer = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            buffer += chunk;
            let end: number;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              this.block(buffer.slice(0, end));
              buffer = buffer.slice(end + 2);
            }
            resolve();
          });
          res.on('error', () => undefined);
          if (this.status !== 200) resolve();
        },
      );
      this.req.on('error', reject);
    });
  }

  private block(text: string): void {
    let id: number | undefined;
    let data: string | undefined;
    for (const line of text.split('\n')) {
      if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
      else if (line.startsWith('id: ')) id = Number(line.slice(4));
      else if (line.startsWith('data: ')) data = (data === undefined ? '' : `${data}\n`) + line.slice(6);
    }
    if (id !== undefined) this.lastEventId = id;
    if (data !== undefined)
      this.events.push({ id, data: JSON.parse(data) as Record<string, unknown>, at: Date.now() });
  }

  of(type: string) {
    return this.events.filter((e) => e.data?.type === type).map((e) => e.data);
  }

  close(): void {
    this.req?.destroy();
  }
}

async function stream(
  username: string,
  headers: Record<string, string> = {},
  query = '',
): Promise<EventStream> {
  const s = new EventStream(username, headers, query);
  streams.push(s);
  await s.open();
  return s;
}

async function sendPm(from: User, to: string, title: string) {
  const res = await forum.as(from).post('/posts.json', {
    title,
    raw: `About ${title}.`,
    archetype: 'private_message',
    target_recipients: to,
  });
  expect(res.status).toBe(200);
  return res.json as { id: number; topic_id: number; post_number: number };
}

describe('GET /foyer/events', () => {
  it('streams a PM posted through the API and a reply by email within 0.5 s, and nothing to outsiders', async () => {
    const bobs = await stream('bob');
    const eves = await stream('eve');
    expect(bobs.status).toBe(200);
    expect(bobs.contentType).toMatch(/^text\/event-stream/);
    expect(bobs.comments).toContain('connected');

    // The post is committed before its response is sent: from the response on, the event must
    // reach the stream within 0.5 s (a loaded test machine makes the request itself slower).
    const pm = await sendPm(alice, 'bob', 'Live one');
    const committedBy = Date.now();
    const created = await waitUntil(
      () => bobs.events.find((e) => e.data?.type === 'post_created' && e.data.post_id === pm.id),
      'the API post on the stream',
      2000,
      5,
    );
    expect(created.at - committedBy).toBeLessThan(500);
    expect(bobs.of('topic_created')).toEqual([
      { type: 'topic_created', topic_id: pm.topic_id, post_id: pm.id, post_number: 1 },
    ]);
    await waitUntil(() => bobs.of('notification').length > 0, 'a notification event', 2000, 5);

    await enableReplyByEmail(forum.ctx);
    const target = await pmWithReplyKey(
      forum.ctx,
      alice,
      { email: 'bob@example.com', username: 'bob' },
      'By email',
    );
    const { raw } = replyEmail({
      from: 'bob@example.com',
      to: target.recipient.replyTo,
      body: 'Replying from my phone.',
    });
    const alices = await stream('alice');
    const outcome = await receiveEmail(forum.ctx, raw, { source: 'handle_mail' });
    const mailedAt = Date.now();
    expect(outcome.postId).toBeDefined();
    const emailed = await waitUntil(
      () => alices.events.find((e) => e.data?.type === 'post_created' && e.data.post_id === outcome.postId),
      'the emailed reply on the stream',
      2000,
      5,
    );
    expect(emailed.at - mailedAt).toBeLessThan(500);
    expect(emailed.data).toMatchObject({ topic_id: target.topicId, post_number: 2 });

    // eve is in neither PM: give the hub a moment, then check she heard nothing about them.
    await new Promise((r) => setTimeout(r, 200));
    expect(
      eves.events.filter((e) => e.data?.topic_id === pm.topic_id || e.data?.topic_id === target.topicId),
    ).toEqual([]);
    expect(eves.events).toEqual([]);
  });

  it('replays what a reconnecting client missed from Last-Event-ID (header or query)', async () => {
    const first = await stream('bob');
    const one = await sendPm(alice, 'bob', 'Before the drop');
    await waitUntil(() => first.of('post_created').length === 1, 'the first event', 2000, 5);
    const lastSeen = first.lastEventId;
    expect(lastSeen).toBeGreaterThan(0);
    first.close();

    const missedA = await sendPm(alice, 'bob', 'While away A');
    const missedB = await sendPm(alice, 'bob', 'While away B');
    await sendPm(alice, 'eve', 'Not for bob');
    await forum.as(bob).put(`/t/${one.topic_id}/archive-message.json`);

    for (const resumed of [
      await stream('bob', { 'last-event-id': String(lastSeen) }),
      await stream('bob', {}, `?last_event_id=${lastSeen}`),
    ]) {
      await waitUntil(() => resumed.of('post_created').length === 2, 'the missed posts', 2000, 5);
      expect(resumed.of('post_created').map((d) => d?.post_id)).toEqual([missedA.id, missedB.id]);
      await waitUntil(() => resumed.of('topic_archived').length === 1, 'the archive', 2000, 5);
      const ids = resumed.events.map((e) => e.id ?? 0);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(ids[0]).toBeGreaterThan(lastSeen ?? 0);
      expect(
        resumed.events.some(
          (e) =>
            e.data?.topic_id !== undefined &&
            e.data.topic_id !== missedA.topic_id &&
            e.data.topic_id !== missedB.topic_id &&
            e.data.topic_id !== one.topic_id,
        ),
      ).toBe(false);
    }
  });

  it('tells a client whose gap is older than the ring to resync, and refuses anonymous streams', async () => {
    await sendPm(alice, 'bob', 'Old news');
    await sendPm(alice, 'bob', 'Older news');
    // Simulate the ring having dropped everything so far.
    await forum.ctx.db.deleteFrom('live_events').execute();
    const s = await stream('bob', { 'last-event-id': '1' });
    await waitUntil(() => s.of('resync').length === 1, 'the resync event', 2000, 5);
    const anon = await forum.app.inject({ method: 'GET', url: '/foyer/events' });
    expect(anon.statusCode).toBe(403);
    const bad = await stream('bob', { 'last-event-id': 'abc' });
    expect(bad.status).toBe(400);
  });

  it('sends read, draft and edit events only to the user concerned', async () => {
    const pm = await sendPm(alice, 'bob', 'Edits');
    const bobs = await stream('bob');
    const alices = await stream('alice');
    await forum.as(bob).post('/topics/timings', { topic_id: pm.topic_id, timings: { 1: 1000 } });
    await forum
      .as(bob)
      .post('/drafts.json', { draft_key: `topic_${pm.topic_id}`, data: '{"reply":"hm"}', sequence: 0 });
    await forum.as(alice).put(`/posts/${pm.id}.json`, { post: { raw: 'About Edits, edited.' } });
    await waitUntil(() => bobs.of('post_edited').length === 1, 'the edit', 2000, 5);
    await waitUntil(() => alices.of('post_edited').length === 1, 'the edit for alice', 2000, 5);
    expect(bobs.of('read')).toEqual([{ type: 'read', topic_id: pm.topic_id, post_number: 1 }]);
    expect(bobs.of('draft')).toEqual([{ type: 'draft', draft_key: `topic_${pm.topic_id}` }]);
    expect(alices.of('read')).toEqual([]);
    expect(alices.of('draft')).toEqual([]);
  });
});
