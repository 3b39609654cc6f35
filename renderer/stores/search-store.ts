// Search as you type: each keystroke restarts a short debounce; a new query aborts the
// request of the old one, and an answer that arrives for a stale query is ignored. The
// query goes to the server as typed, so its operators (from:, in:, "phrases", …) pass through.
import { create } from 'zustand';
import { http } from '../api/client';
import { isAbort, toApiError } from '../api/api-error';
import { search } from '../api/forum-api';
import type { SearchResult } from '../api/schemas';

export interface SearchHit {
  topicId: number;
  title: string;
  blurb: string;
  username: string;
  postNumber: number;
  createdAt: string;
  /** The matching post's author takes part by e-mail only. */
  byEmail: boolean;
}

interface SearchState {
  query: string;
  status: 'idle' | 'searching' | 'done' | 'error';
  hits: SearchHit[];
  error: string | null;
  setQuery(query: string): void;
  clear(): void;
}

export const SEARCH_DEBOUNCE_MS = 150;

/** One hit per thread (its best post, as the server ranked them), titled from the topics list. */
export function hitsOf(result: SearchResult): SearchHit[] {
  const titles = new Map(result.topics.map((t) => [t.id, t.title]));
  const seen = new Set<number>();
  const hits: SearchHit[] = [];
  for (const post of result.posts) {
    if (seen.has(post.topic_id)) continue;
    seen.add(post.topic_id);
    hits.push({
      topicId: post.topic_id,
      title: titles.get(post.topic_id) ?? `Conversation ${post.topic_id}`,
      blurb: post.blurb ?? '',
      username: post.username,
      postNumber: post.post_number,
      createdAt: post.created_at,
      byEmail: Boolean(post.staged),
    });
  }
  for (const topic of result.topics) {
    if (seen.has(topic.id)) continue;
    seen.add(topic.id);
    hits.push({
      topicId: topic.id,
      title: topic.title,
      blurb: '',
      username: '',
      postNumber: 1,
      createdAt: '',
      byEmail: false,
    });
  }
  return hits;
}

let timer: ReturnType<typeof setTimeout> | undefined;
let controller: AbortController | undefined;

export const useSearch = create<SearchState>()((set, get) => ({
  query: '',
  status: 'idle',
  hits: [],
  error: null,

  setQuery(query) {
    clearTimeout(timer);
    controller?.abort();
    const trimmed = query.trim();
    if (!trimmed) {
      set({ query, status: 'idle', hits: [], error: null });
      return;
    }
    set({ query, status: 'searching', error: null });
    timer = setTimeout(() => {
      const request = new AbortController();
      controller = request;
      search(http(), trimmed, request.signal)
        .then((result) => {
          if (get().query.trim() === trimmed) set({ status: 'done', hits: hitsOf(result) });
        })
        .catch((error: unknown) => {
          if (isAbort(error) || get().query.trim() !== trimmed) return;
          set({ status: 'error', hits: [], error: toApiError(error, 'Search').message });
        });
    }, SEARCH_DEBOUNCE_MS);
  },

  clear() {
    clearTimeout(timer);
    controller?.abort();
    set({ query: '', status: 'idle', hits: [], error: null });
  },
}));
