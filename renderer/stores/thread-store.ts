// Threads by topic id: the topic (title, participants, permissions), its full post-id stream,
// and the posts loaded so far. The first chunk comes with the topic; the reading pane asks
// for the other posts it shows (the newest ones, or all when expanded) through ensurePosts.
import { create } from 'zustand';
import { http } from '../api/client';
import { isAbort, toApiError } from '../api/api-error';
import { fetchPosts, fetchTopic } from '../api/forum-api';
import type { Post, Topic } from '../api/schemas';

export interface ThreadEntry {
  topic: Topic | null;
  stream: number[];
  posts: Record<number, Post>;
  status: 'loading' | 'idle' | 'error';
  error: string | null;
}

interface ThreadState {
  threads: Record<number, ThreadEntry>;
  /** Fetches the topic again; cached posts stay shown until the answer arrives. */
  loadThread(topicId: number): Promise<void>;
  /** Loads the posts among `postIds` that are not cached yet, in request-sized batches. */
  ensurePosts(topicId: number, postIds: readonly number[]): Promise<void>;
  forget(topicId: number): void;
  reset(): void;
}

const EMPTY: ThreadEntry = { topic: null, stream: [], posts: {}, status: 'loading', error: null };
/** The server accepts at most 200 ids per request; smaller batches paint sooner. */
const POSTS_PER_REQUEST = 100;

const SMALL_ACTION = 3;

const topicRequests = new Map<number, AbortController>();

function mergePosts(topicId: number, posts: readonly Post[]): void {
  useThreads.setState((s) => {
    const old = s.threads[topicId];
    if (!old) return {};
    const merged = { ...old.posts };
    for (const post of posts) merged[post.id] = post;
    return { threads: { ...s.threads, [topicId]: { ...old, posts: merged } } };
  });
}

async function refetchPosts(topicId: number, ids: number[], signal: AbortSignal): Promise<void> {
  mergePosts(topicId, await fetchPosts(http(), topicId, ids, signal));
}
const postRequests = new Map<number, Set<number>>();

export const useThreads = create<ThreadState>()((set, get) => ({
  threads: {},

  async loadThread(topicId) {
    topicRequests.get(topicId)?.abort();
    const controller = new AbortController();
    topicRequests.set(topicId, controller);
    set((s) => ({
      threads: {
        ...s.threads,
        [topicId]: { ...(s.threads[topicId] ?? EMPTY), status: 'loading', error: null },
      },
    }));
    try {
      const topic = await fetchTopic(http(), topicId, controller.signal);
      set((s) => {
        const old = s.threads[topicId] ?? EMPTY;
        const posts = { ...old.posts };
        for (const post of topic.post_stream.posts) posts[post.id] = post;
        const stream = topic.post_stream.stream ?? topic.post_stream.posts.map((p) => p.id);
        return {
          threads: { ...s.threads, [topicId]: { topic, stream, posts, status: 'idle', error: null } },
        };
      });
      // getTopic's post shape (closed in Discourse's spec) has no action_code; the posts
      // endpoint has it, and small actions ("added bob") are few.
      const unexplained = topic.post_stream.posts.filter(
        (p) => p.post_type === SMALL_ACTION && !p.action_code,
      );
      if (unexplained.length > 0)
        await refetchPosts(
          topicId,
          unexplained.map((p) => p.id),
          controller.signal,
        );
    } catch (error) {
      if (isAbort(error)) return;
      set((s) => ({
        threads: {
          ...s.threads,
          [topicId]: { ...(s.threads[topicId] ?? EMPTY), status: 'error', error: toApiError(error).message },
        },
      }));
    } finally {
      if (topicRequests.get(topicId) === controller) topicRequests.delete(topicId);
    }
  },

  async ensurePosts(topicId, postIds) {
    const entry = get().threads[topicId];
    if (!entry) return;
    const pending = postRequests.get(topicId) ?? new Set<number>();
    postRequests.set(topicId, pending);
    const missing = postIds.filter((id) => !entry.posts[id] && !pending.has(id));
    for (let i = 0; i < missing.length; i += POSTS_PER_REQUEST) {
      const batch = missing.slice(i, i + POSTS_PER_REQUEST);
      for (const id of batch) pending.add(id);
      try {
        mergePosts(topicId, await fetchPosts(http(), topicId, batch));
      } catch (error) {
        set((s) => {
          const old = s.threads[topicId];
          return old
            ? { threads: { ...s.threads, [topicId]: { ...old, error: toApiError(error).message } } }
            : {};
        });
        return;
      } finally {
        for (const id of batch) pending.delete(id);
      }
    }
  },

  forget(topicId) {
    set((s) => {
      const { [topicId]: _gone, ...rest } = s.threads;
      return { threads: rest };
    });
  },

  reset() {
    for (const controller of topicRequests.values()) controller.abort();
    topicRequests.clear();
    set({ threads: {} });
  },
}));
