// Live updates in the desktop app's setup: a real forum that refuses any request without its
// per-launch token, reached the way the app reaches it (the preload bridge names the address
// and the token; renderer/api/http.ts builds the client). The event stream sends the same
// headers as every API request, delivers events as they happen, and after the connection is
// cut comes back with Last-Event-ID and catches up on what happened meanwhile.
import { randomBytes } from 'node:crypto';
import { createConnection, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FoyerBridge } from '../../shared/ipc/channels';
import { account, ForumSeed } from '../../e2e/support/forum-seed';
import { startBackend, type RunningBackend } from '../../e2e/support/start-backend';
import { setHttpClient } from '../api/client';
import { createHttpClient } from '../api/http';
import type { LiveEvent } from '../api/schemas';
import { onLiveEvent, startLiveSync, stopLiveSync, useLiveStatus } from './live-sync';

/**
 * A TCP relay in front of the forum that can be cut like a network: every connection through
 * it dies and new ones are refused until it is restored. It keeps the head of each request
 * to /foyer/events so the test can see what the client sent.
 */
async function cuttableRelay(target: URL) {
  const sockets = new Set<Socket>();
  const streamRequests: string[] = [];
  let down = false;
  const server = createServer((client) => {
    if (down) return client.destroy();
    const upstream = createConnection(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    let head = '';
    client.on('data', (chunk: Buffer) => {
      if (head.length < 8192) {
        head += chunk.toString('latin1');
        if (head.startsWith('GET /foyer/events') && head.includes('\r\n\r\n'))
          streamRequests.push(head.slice(0, head.indexOf('\r\n\r\n')));
      }
    });
    client.pipe(upstream).pipe(client);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    streamRequests,
    cut() {
      down = true;
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
    restore() {
      down = false;
    },
    close() {
      this.cut();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (check()) resolve();
      else if (Date.now() - started > timeoutMs) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(tick, 20);
    };
    tick();
  });
}

/** A request head's header value (names are case-insensitive). */
function header(head: string, name: string): string | undefined {
  const line = head.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(line.indexOf(':') + 1).trim();
}

const token = randomBytes(32).toString('hex');
let backend: RunningBackend;
let seed: ForumSeed;
let relay: Awaited<ReturnType<typeof cuttableRelay>>;

beforeAll(async () => {
  // Node, not jsdom (the backend helper needs Node's URL); the stream only needs the window's
  // online/offline events from the browser.
  (globalThis as { window?: EventTarget }).window ??= new EventTarget();
  backend = await startBackend({ launchToken: token, skipRendererBuild: true });
  seed = await ForumSeed.create(backend);
  await seed.createUser(account('bob'));
  relay = await cuttableRelay(new URL(backend.url));
}, 180_000);

afterAll(async () => {
  stopLiveSync();
  await relay?.close();
  await backend?.stop();
});

describe('live updates with the desktop launch token', () => {
  it('streams events through the token-guarded forum and catches up after a cut', async () => {
    // Without the token the forum refuses the stream outright.
    const refused = await fetch(`${backend.url}/foyer/events`, { headers: seed.apiHeaders('alice') });
    expect(refused.status).toBe(403);

    // The app's own client, built from what the preload bridge hands over; signed in as Alice
    // (the desktop app's session cookie; here the forum's API key, which Node's fetch can carry).
    const bridge = { backend: async () => ({ url: relay.url, token }) } as unknown as FoyerBridge;
    const client = await createHttpClient(bridge);
    Object.assign(client.defaults.headers, seed.apiHeaders('alice'));
    setHttpClient(client);
    const events: LiveEvent[] = [];
    const stopListening = onLiveEvent((e) => events.push(e));
    startLiveSync();
    try {
      await until(() => useLiveStatus.getState().status === 'open', 'the stream to open');

      const first = await seed.sendMessage('bob', 'alice', 'Ferry times', 'The 9:40 is cancelled.');
      await until(
        () => events.some((e) => e.type === 'post_created' && e.topic_id === first.topic_id),
        'the new message to arrive live',
      );
      const seenBeforeCut = relay.streamRequests.length;

      // The network goes away; meanwhile Bob replies (straight to the forum, with the token).
      relay.cut();
      await until(() => useLiveStatus.getState().status === 'reconnecting', 'the client to notice');
      const second = await seed.reply('bob', first.topic_id, 'The 10:10 runs instead.');
      relay.restore();

      await until(
        () => events.some((e) => e.type === 'post_created' && e.post_id === second.id),
        'the missed reply after reconnecting',
      );
      expect(useLiveStatus.getState().status).toBe('open');
      // Every connection carried the launch token and Alice's credentials, and the one after
      // the cut resumed after the last event received.
      expect(relay.streamRequests.length).toBeGreaterThan(seenBeforeCut);
      for (const head of relay.streamRequests) {
        expect(header(head, 'x-foyer-launch-token')).toBe(token);
        expect(header(head, 'api-username')).toBe('alice');
        expect(header(head, 'accept')).toBe('text/event-stream');
      }
      const resumed = relay.streamRequests.at(-1)!;
      expect(Number(header(resumed, 'last-event-id'))).toBeGreaterThan(0);
      expect(header(relay.streamRequests[0]!, 'last-event-id')).toBeUndefined();
      // Caught up, not re-sent: the first message's event came once.
      expect(events.filter((e) => e.type === 'post_created' && e.post_id === first.id)).toHaveLength(1);
    } finally {
      stopListening();
      stopLiveSync();
    }
  }, 60_000);
});
