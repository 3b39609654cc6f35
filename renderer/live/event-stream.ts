// A reconnecting event-stream client over fetch. Like EventSource it resumes with the
// Last-Event-ID header after a dropped connection; unlike EventSource it can send the desktop
// app's launch-token header, backs off between attempts, and reconnects at once when the
// browser comes back online.
import { SseParser, type ServerSentEvent } from './sse-parser';

export type StreamStatus = 'connecting' | 'open' | 'reconnecting' | 'unavailable' | 'closed';

export interface EventStreamOptions {
  url: string;
  headers?: Record<string, string>;
  onEvent(event: ServerSentEvent): void;
  onStatus?(status: StreamStatus): void;
  /** Called when a connection opens after an earlier one was lost. */
  onReconnected?(): void;
  minDelayMs?: number;
  maxDelayMs?: number;
  /** How long to wait before asking a server without the endpoint again. */
  unavailableDelayMs?: number;
  /**
   * A connection that delivers nothing (not even the server's 15 s heartbeat) for this long
   * is presumed dead (a half-open TCP connection after a network change) and replaced.
   */
  stallMs?: number;
}

export interface EventStream {
  close(): void;
  /** The id of the last event received (sent as Last-Event-ID on reconnect). */
  lastEventId(): string;
}

export function openEventStream(options: EventStreamOptions): EventStream {
  const minDelay = options.minDelayMs ?? 500;
  const maxDelay = options.maxDelayMs ?? 15_000;
  let lastId = '';
  let closed = false;
  let attempt = 0;
  let everOpened = false;
  let controller: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const status = (s: StreamStatus) => options.onStatus?.(s);

  function schedule(delayMs: number): void {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(() => void connect(), delayMs);
  }

  const backoff = (serverRetry?: number) =>
    serverRetry ?? Math.min(maxDelay, minDelay * 2 ** Math.min(attempt++, 10));

  const stallMs = options.stallMs ?? 45_000;
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  function feedWatchdog(current: AbortController): void {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => current.abort(), stallMs);
  }

  async function connect(): Promise<void> {
    if (closed) return;
    controller?.abort();
    const current = new AbortController();
    controller = current;
    status(everOpened ? 'reconnecting' : 'connecting');
    const parser = new SseParser(lastId);
    try {
      const response = await fetch(options.url, {
        headers: {
          ...options.headers,
          Accept: 'text/event-stream',
          'Cache-Control': 'no-cache',
          ...(lastId ? { 'Last-Event-ID': lastId } : {}),
        },
        credentials: 'include',
        cache: 'no-store',
        signal: current.signal,
      });
      const type = response.headers.get('content-type') ?? '';
      if (!response.ok || !type.includes('text/event-stream') || !response.body) {
        await response.body?.cancel().catch(() => undefined);
        // 404 (or the app's HTML fallback): this server has no live events yet; look again later.
        const missing = response.status === 404 || (response.ok && !type.includes('text/event-stream'));
        status(missing ? 'unavailable' : 'reconnecting');
        schedule(missing ? (options.unavailableDelayMs ?? 60_000) : backoff());
        return;
      }
      attempt = 0;
      status('open');
      feedWatchdog(current);
      if (everOpened) options.onReconnected?.();
      everOpened = true;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        feedWatchdog(current);
        for (const event of parser.push(value)) {
          lastId = event.lastEventId;
          options.onEvent(event);
        }
        lastId = parser.currentLastEventId;
      }
      if (!closed && controller === current) {
        status('reconnecting');
        schedule(backoff(parser.retryMs));
      }
    } catch {
      // Superseded by a newer connection (online event, watchdog): that one carries on.
      if (closed || controller !== current) return;
      status('reconnecting');
      schedule(backoff(parser.retryMs));
    } finally {
      if (controller === current) clearTimeout(watchdog);
    }
  }

  // Back online after a network change: an old connection may look open but be dead, so
  // start a fresh one at once; Last-Event-ID brings what was missed.
  const online = () => {
    attempt = 0;
    schedule(0);
  };
  window.addEventListener('online', online);
  void connect();

  return {
    close() {
      closed = true;
      clearTimeout(timer);
      clearTimeout(watchdog);
      controller?.abort();
      window.removeEventListener('online', online);
      status('closed');
    },
    lastEventId: () => lastId,
  };
}
