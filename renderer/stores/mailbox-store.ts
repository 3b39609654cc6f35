// The mailbox folders and their unread/new/total counts. The server's /foyer/mailboxes.json
// is the one source of truth for counts (client.md: "unread counts derived from one source of
// truth"); commands adjust a count optimistically and then ask the server again.
import { create } from 'zustand';
import { http } from '../api/client';
import { isAbort, toApiError } from '../api/api-error';
import { fetchMailboxes } from '../api/forum-api';
import type { Mailbox } from '../api/schemas';
import { STANDARD_MAILBOXES, groupMailbox, mailboxLabel } from '../api/mailbox-ids';
import { useSession } from './session-store';

/** Discourse's two kinds: "new" threads were never opened, "unread" ones have replies since. */
export type CountField = 'unread' | 'new';

/** The badge beside a folder: everything that wants reading. */
export const badgeCount = (m: Mailbox): number => m.unread + m.new;

interface MailboxState {
  mailboxes: Mailbox[];
  /** False while the server has no mailboxes endpoint: folders are known, counts are not. */
  countsKnown: boolean;
  error: string | null;
  load(): Promise<void>;
  /**
   * Optimistic change to one folder's count of new (never opened) or unread (new replies)
   * threads, never below zero; returns the change actually made, so a rollback can undo
   * exactly that. Does nothing while counts are unknown.
   */
  adjustCount(id: string, field: CountField, delta: number): number;
}

function emptyMailbox(id: string): Mailbox {
  return { id, title: mailboxLabel(id), unread: 0, new: 0, total: 0 };
}

/** Without the endpoint: the standard folders, and an inbox and archive per group that has messages. */
function fallbackMailboxes(): Mailbox[] {
  const groups = useSession.getState().user?.groups ?? [];
  return [
    ...STANDARD_MAILBOXES.map(emptyMailbox),
    ...groups
      .filter((g) => g.has_messages)
      .flatMap((g) => [emptyMailbox(`group:${g.name}`), emptyMailbox(`group:${g.name}:archive`)]),
  ];
}

/** The standard folders always exist, in their usual order, whatever the server lists. */
function withStandardFolders(server: Mailbox[]): Mailbox[] {
  const byId = new Map(server.map((m) => [m.id, m]));
  const standard = STANDARD_MAILBOXES.map((id) => byId.get(id) ?? emptyMailbox(id));
  const rest = server.filter((m) => !(STANDARD_MAILBOXES as readonly string[]).includes(m.id));
  return [...standard, ...rest];
}

let inFlight: AbortController | undefined;

export const useMailboxes = create<MailboxState>()((set, get) => ({
  mailboxes: STANDARD_MAILBOXES.map(emptyMailbox),
  countsKnown: false,
  error: null,

  async load() {
    // A newer request supersedes an older one: counts must reflect the latest state.
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    try {
      const server = await fetchMailboxes(http(), controller.signal);
      if (controller.signal.aborted) return;
      set(
        server
          ? { mailboxes: withStandardFolders(server), countsKnown: true, error: null }
          : { mailboxes: fallbackMailboxes(), countsKnown: false, error: null },
      );
    } catch (error) {
      if (!isAbort(error)) set({ error: toApiError(error, 'Loading mailboxes').message });
    }
  },

  adjustCount(id, field, delta) {
    const state = get();
    const box = state.mailboxes.find((m) => m.id === id);
    if (!state.countsKnown || !box) return 0;
    const value = Math.max(0, box[field] + delta);
    set({ mailboxes: state.mailboxes.map((m) => (m.id === id ? { ...m, [field]: value } : m)) });
    return value - box[field];
  },
}));

let refreshTimer: ReturnType<typeof setTimeout> | undefined;

/** Coalesces bursts (live events, several commands) into one count refresh. */
export function scheduleMailboxRefresh(delayMs = 50): void {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => void useMailboxes.getState().load(), delayMs);
}

/**
 * A folder's name: the standard folders are named exactly ("Inbox"); a group folder by the
 * title the server gives it (the group's full name, "… archive"), else by the group's name.
 */
export function mailboxTitle(
  id: string,
  mailboxes: readonly Mailbox[] = useMailboxes.getState().mailboxes,
): string {
  const server = groupMailbox(id) ? mailboxes.find((m) => m.id === id)?.title?.trim() : undefined;
  return server || mailboxLabel(id);
}

export function useMailboxTitle(id: string): string {
  return useMailboxes((s) => mailboxTitle(id, s.mailboxes));
}
