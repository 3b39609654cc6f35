// The message lists: per mailbox, the ordered topic ids loaded so far and the keyset cursor
// (more_topics_url) for the next page; rows and people are normalised by id so a row edited
// by one command (read, archived) changes everywhere it appears. Rendered from this cache
// first, then refreshed from the server.
import { create } from 'zustand';
import { http } from '../api/client';
import { isAbort, toApiError } from '../api/api-error';
import { fetchTopicList } from '../api/forum-api';
import { listPath } from '../api/mailbox-ids';
import type { ListUser, TopicList, TopicRow } from '../api/schemas';
import { currentUsername } from './session-store';

export interface ListEntry {
  ids: number[];
  /** Where the next page is (the server's more_topics_url), or null at the end. */
  moreUrl: string | null;
  status: 'idle' | 'loading' | 'loading-more' | 'error';
  error: string | null;
  /** When the first page last came from the server; null while only cached rows are shown. */
  refreshedAt: number | null;
}

interface ListState {
  lists: Record<string, ListEntry>;
  /**
   * Rows by topic id. Updated in place (a changed row gets a new object; rowsVersion counts
   * changes): copying a 100k-entry map for every 30-row page made paging quadratic.
   */
  rows: Record<number, TopicRow>;
  rowsVersion: number;
  users: Record<number, ListUser>;
  /** Loads (or refreshes) the first page; cached rows stay visible meanwhile. */
  loadFirstPage(mailboxId: string): Promise<void>;
  /** Follows more_topics_url once; does nothing while a page is loading or at the end. */
  loadNextPage(mailboxId: string): Promise<void>;
  patchRow(topicId: number, patch: Partial<TopicRow>): void;
  /** Takes a topic out of a list; returns where it was, for undo. */
  removeFromList(mailboxId: string, topicId: number): number;
  insertIntoList(mailboxId: string, topicId: number, index: number): void;
  /** Forgets every list (sign-out, resync). */
  reset(): void;
}

export const EMPTY_LIST: ListEntry = {
  ids: [],
  moreUrl: null,
  status: 'idle',
  error: null,
  refreshedAt: null,
};

// Per list, the newest request wins: a refresh started after a page fetch supersedes it.
const generations = new Map<string, number>();
const controllers = new Map<string, AbortController>();

function begin(mailboxId: string): { generation: number; signal: AbortSignal } {
  controllers.get(mailboxId)?.abort();
  const controller = new AbortController();
  controllers.set(mailboxId, controller);
  const generation = (generations.get(mailboxId) ?? 0) + 1;
  generations.set(mailboxId, generation);
  return { generation, signal: controller.signal };
}

const current = (mailboxId: string, generation: number) => generations.get(mailboxId) === generation;

function normalise(page: TopicList, s: ListState) {
  for (const topic of page.topic_list.topics) s.rows[topic.id] = topic;
  // People are few; a new map lets rows that show them re-render.
  const users = { ...s.users };
  for (const user of page.users) users[user.id] = user;
  return { rows: s.rows, rowsVersion: s.rowsVersion + 1, users };
}

/**
 * A refreshed first page merged with what was already loaded: when the fresh page overlaps
 * the old list, the older tail (and its cursor) is kept so a person scrolled far down does
 * not lose their place; otherwise the list restarts from the fresh page.
 */
export function mergeFirstPage(
  old: ListEntry,
  freshIds: number[],
  freshMoreUrl: string | null,
): Pick<ListEntry, 'ids' | 'moreUrl'> {
  const last = freshIds[freshIds.length - 1];
  if (freshMoreUrl === null || last === undefined) return { ids: freshIds, moreUrl: freshMoreUrl };
  const overlapAt = old.ids.indexOf(last);
  if (overlapAt < 0) return { ids: freshIds, moreUrl: freshMoreUrl };
  const fresh = new Set(freshIds);
  const tail = old.ids.slice(overlapAt + 1).filter((id) => !fresh.has(id));
  return { ids: [...freshIds, ...tail], moreUrl: tail.length > 0 ? old.moreUrl : freshMoreUrl };
}

export const useLists = create<ListState>()((set, get) => ({
  lists: {},
  rows: {},
  rowsVersion: 0,
  users: {},

  async loadFirstPage(mailboxId) {
    const path = listPath(mailboxId, currentUsername());
    if (!path) return;
    const { generation, signal } = begin(mailboxId);
    set((s) => ({
      lists: {
        ...s.lists,
        [mailboxId]: { ...(s.lists[mailboxId] ?? EMPTY_LIST), status: 'loading', error: null },
      },
    }));
    try {
      const page = await fetchTopicList(http(), path, signal);
      if (!current(mailboxId, generation)) return;
      set((s) => {
        const old = s.lists[mailboxId] ?? EMPTY_LIST;
        const ids = page.topic_list.topics.map((t) => t.id);
        const merged = mergeFirstPage(old, ids, page.topic_list.more_topics_url ?? null);
        return {
          ...normalise(page, s),
          lists: {
            ...s.lists,
            [mailboxId]: { ...merged, status: 'idle', error: null, refreshedAt: Date.now() },
          },
        };
      });
    } catch (error) {
      if (isAbort(error) || !current(mailboxId, generation)) return;
      set((s) => ({
        lists: {
          ...s.lists,
          [mailboxId]: {
            ...(s.lists[mailboxId] ?? EMPTY_LIST),
            status: 'error',
            error: toApiError(error).message,
          },
        },
      }));
    }
  },

  async loadNextPage(mailboxId) {
    const entry = get().lists[mailboxId];
    if (!entry?.moreUrl || entry.status === 'loading' || entry.status === 'loading-more') return;
    const url = entry.moreUrl;
    const { generation, signal } = begin(mailboxId);
    set((s) => ({ lists: { ...s.lists, [mailboxId]: { ...entry, status: 'loading-more', error: null } } }));
    try {
      const page = await fetchTopicList(http(), url, signal);
      if (!current(mailboxId, generation)) return;
      set((s) => {
        const old = s.lists[mailboxId] ?? EMPTY_LIST;
        const seen = new Set(old.ids);
        const added = page.topic_list.topics.map((t) => t.id).filter((id) => !seen.has(id));
        return {
          ...normalise(page, s),
          lists: {
            ...s.lists,
            [mailboxId]: {
              ...old,
              ids: [...old.ids, ...added],
              moreUrl: page.topic_list.more_topics_url ?? null,
              status: 'idle',
            },
          },
        };
      });
    } catch (error) {
      if (isAbort(error) || !current(mailboxId, generation)) return;
      set((s) => ({
        lists: {
          ...s.lists,
          [mailboxId]: {
            ...(s.lists[mailboxId] ?? EMPTY_LIST),
            status: 'error',
            error: toApiError(error).message,
          },
        },
      }));
    }
  },

  patchRow(topicId, patch) {
    set((s) => {
      const row = s.rows[topicId];
      if (!row) return {};
      s.rows[topicId] = { ...row, ...patch };
      return { rowsVersion: s.rowsVersion + 1 };
    });
  },

  removeFromList(mailboxId, topicId) {
    const entry = get().lists[mailboxId];
    const index = entry ? entry.ids.indexOf(topicId) : -1;
    if (entry && index >= 0) {
      set((s) => ({
        lists: { ...s.lists, [mailboxId]: { ...entry, ids: entry.ids.filter((id) => id !== topicId) } },
      }));
    }
    return index;
  },

  insertIntoList(mailboxId, topicId, index) {
    const entry = get().lists[mailboxId];
    if (!entry || entry.ids.includes(topicId)) return;
    const ids = [...entry.ids];
    ids.splice(Math.max(0, Math.min(index, ids.length)), 0, topicId);
    set((s) => ({ lists: { ...s.lists, [mailboxId]: { ...entry, ids } } }));
  },

  reset() {
    for (const controller of controllers.values()) controller.abort();
    controllers.clear();
    generations.clear();
    set((s) => ({ lists: {}, rows: {}, rowsVersion: s.rowsVersion + 1, users: {} }));
  },
}));

/** A row is unread when its owner never opened it or new posts arrived since. */
export function isUnread(row: TopicRow): boolean {
  return row.unseen || (row.unread_posts ?? 0) > 0;
}
