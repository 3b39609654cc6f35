// Keeps the caches current from the forum's live events (/foyer/events): a post or topic
// change refetches that thread, the loaded folder lists and the counts; "resync" (the server
// could not replay what was missed) refetches everything. Bursts are coalesced so a flood of
// events costs one refetch per resource.
import { create } from 'zustand';
import { http } from '../api/client';
import { clientHeaders } from '../api/http';
import { liveEventSchema, type LiveEvent } from '../api/schemas';
import { useLists } from '../stores/list-store';
import { scheduleMailboxRefresh } from '../stores/mailbox-store';
import { useThreads } from '../stores/thread-store';
import { useUi } from '../stores/ui-store';
import { openEventStream, type EventStream, type StreamStatus } from './event-stream';

export const useLiveStatus = create<{ status: StreamStatus }>()(() => ({ status: 'closed' }));

type Listener = (event: LiveEvent) => void;
const listeners = new Set<Listener>();

/** Other features (drafts, notifications) can follow the same stream. */
export function onLiveEvent(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const COALESCE_MS = 30;
let pendingThreads = new Set<number>();
let pendingLists = false;
let timer: ReturnType<typeof setTimeout> | undefined;

function flush(): void {
  timer = undefined;
  const threads = pendingThreads;
  pendingThreads = new Set();
  const { threads: cached, loadThread } = useThreads.getState();
  for (const id of threads) if (cached[id]) void loadThread(id);
  if (pendingLists) {
    pendingLists = false;
    const { lists, loadFirstPage } = useLists.getState();
    const shown = useUi.getState().mailboxId;
    // The folder on screen first; the others were loaded before and are kept right too.
    for (const id of [shown, ...Object.keys(lists).filter((id) => id !== shown)])
      if (lists[id]) void loadFirstPage(id);
  }
  scheduleMailboxRefresh(0);
}

function queue(topicId: number | null | undefined, lists: boolean): void {
  if (typeof topicId === 'number') pendingThreads.add(topicId);
  pendingLists ||= lists;
  timer ??= setTimeout(flush, COALESCE_MS);
}

/**
 * Refetches what is on screen: every loaded folder, the open thread and the counts. Other
 * cached threads refresh anyway when they are opened again.
 */
export function resyncAll(): void {
  queue(useUi.getState().openId, true);
}

export function applyLiveEvent(event: LiveEvent): void {
  switch (event.type) {
    case 'resync':
      resyncAll();
      break;
    case 'post_created':
    case 'post_edited':
    case 'post_deleted':
    case 'topic_created':
    case 'topic_archived':
    case 'read':
      queue(event.topic_id, true);
      break;
    case 'notification':
      queue(undefined, false);
      break;
    default:
      // 'draft' and unknown types are for the listeners below.
      break;
  }
  for (const listener of listeners) listener(event);
}

let stream: EventStream | undefined;

export function startLiveSync(): void {
  if (stream) return;
  const client = http();
  const base = (client.defaults.baseURL ?? '').replace(/\/$/, '');
  stream = openEventStream({
    url: `${base}/foyer/events`,
    // The same identity as every API request: inside the desktop app the backend refuses
    // anything without its launch token, the event stream included.
    headers: clientHeaders(client),
    onStatus: (status) => useLiveStatus.setState({ status }),
    // The server replays what we missed after Last-Event-ID (or says "resync"), but refetches
    // started by events that arrived just before the network went away may have failed;
    // bringing the screen up to date is a handful of requests.
    onReconnected: resyncAll,
    onEvent: (message) => {
      let data: unknown;
      try {
        data = JSON.parse(message.data);
      } catch {
        return;
      }
      const parsed = liveEventSchema.safeParse(data);
      if (parsed.success) applyLiveEvent(parsed.data);
    },
  });
}

export function stopLiveSync(): void {
  stream?.close();
  stream = undefined;
}
