// @vitest-environment jsdom
// The live stream client against a real HTTP server: it reads events as they arrive, and
// after the connection drops it comes back with Last-Event-ID so nothing is missed.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openEventStream, type EventStream, type StreamStatus } from './event-stream';
import type { ServerSentEvent } from './sse-parser';

const servers: Array<{ close(): void }> = [];
const streams: EventStream[] = [];
afterEach(() => {
  for (const stream of streams.splice(0)) stream.close();
  for (const server of servers.splice(0)) server.close();
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push({
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/foyer/events`;
}

function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (check()) resolve();
      else if (Date.now() - started > timeoutMs) reject(new Error('timed out'));
      else setTimeout(tick, 10);
    };
    tick();
  });
}

describe('openEventStream', () => {
  it('resumes with Last-Event-ID after the server drops the connection', async () => {
    const seenIds: Array<string | undefined> = [];
    const url = await serve((req, res) => {
      seenIds.push(req.headers['last-event-id'] as string | undefined);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      if (seenIds.length === 1) {
        // The first connection: an event, then the network "fails" mid-way through the next one.
        res.write('retry: 50\nid: 1\ndata: {"n":1}\n\nid: 2\ndata: {"n"');
        setTimeout(() => res.destroy(), 20);
      } else {
        res.write('id: 2\ndata: {"n":2}\n\n');
      }
    });
    const events: ServerSentEvent[] = [];
    const statuses: StreamStatus[] = [];
    let reconnected = 0;
    streams.push(
      openEventStream({
        url,
        onEvent: (e) => events.push(e),
        onStatus: (s) => statuses.push(s),
        onReconnected: () => reconnected++,
        minDelayMs: 10,
      }),
    );
    await until(() => events.length === 2);
    expect(events.map((e) => e.data)).toEqual(['{"n":1}', '{"n":2}']);
    // The half-received event 2 was not acknowledged: the client asked to resume after 1.
    expect(seenIds).toEqual([undefined, '1']);
    expect(reconnected).toBe(1);
    expect(statuses).toContain('reconnecting');
  });

  it('reports a server without the endpoint as unavailable and does not hammer it', async () => {
    let requests = 0;
    const url = await serve((_req, res) => {
      requests++;
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>Foyer</title>');
    });
    const statuses: StreamStatus[] = [];
    streams.push(openEventStream({ url, onEvent: () => undefined, onStatus: (s) => statuses.push(s) }));
    await until(() => statuses.includes('unavailable'));
    await new Promise((r) => setTimeout(r, 200));
    expect(requests).toBe(1);
  });

  it('replaces a connection that goes silent', async () => {
    let connections = 0;
    const url = await serve((_req, res) => {
      connections++;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': connected\n\n'); // then nothing, not even a heartbeat
    });
    streams.push(openEventStream({ url, onEvent: () => undefined, stallMs: 100, minDelayMs: 10 }));
    await until(() => connections >= 2);
  });
});
