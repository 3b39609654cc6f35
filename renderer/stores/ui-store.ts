// UI state only: which folder is shown, which row is selected, which thread is open, the open
// composer, dialogs and theme. Server data lives in the list, thread and mailbox stores.
import { create } from 'zustand';
import type { ComposerTarget } from '../composer';

export type Theme = 'system' | 'light' | 'dark';
export type Dialog = 'cheatsheet' | 'palette' | null;

export interface PendingQuote {
  username: string;
  postNumber: number;
  topicId: number;
  text: string;
}

interface UiState {
  mailboxId: string;
  /** The highlighted row (aria-selected); j/k move it. */
  selectedId: number | null;
  /** The thread shown in the reading pane. */
  openId: number | null;
  /** Non-empty while the list pane shows search results instead of a folder. */
  searchQuery: string;
  composer: ComposerTarget | null;
  /** Quotes waiting for the composer to mount (quoting opens a reply first when none is open). */
  pendingQuotes: PendingQuote[];
  dialog: Dialog;
  theme: Theme;
  /** Bumped to ask the search field to take focus (the `/` key). */
  searchFocusRequest: number;
  showMailbox(mailboxId: string): void;
  select(topicId: number | null): void;
  open(topicId: number): void;
  close(): void;
  setSearchQuery(query: string): void;
  focusSearch(): void;
  openComposer(target: ComposerTarget): void;
  closeComposer(): void;
  queueQuote(quote: PendingQuote): void;
  takeQuotes(): PendingQuote[];
  setDialog(dialog: Dialog): void;
  setTheme(theme: Theme): void;
}

export const useUi = create<UiState>()((set, get) => ({
  mailboxId: 'inbox',
  selectedId: null,
  openId: null,
  searchQuery: '',
  composer: null,
  pendingQuotes: [],
  dialog: null,
  theme: 'system',
  searchFocusRequest: 0,

  showMailbox: (mailboxId) => set({ mailboxId, selectedId: null, openId: null, searchQuery: '' }),
  select: (selectedId) => set({ selectedId }),
  open: (topicId) => set({ selectedId: topicId, openId: topicId }),
  close: () => set({ openId: null }),
  setSearchQuery: (searchQuery) => set({ searchQuery }),
  focusSearch: () => set((s) => ({ searchFocusRequest: s.searchFocusRequest + 1 })),
  openComposer: (composer) => set({ composer }),
  closeComposer: () => set({ composer: null, pendingQuotes: [] }),
  queueQuote: (quote) => set((s) => ({ pendingQuotes: [...s.pendingQuotes, quote] })),
  takeQuotes: () => {
    const quotes = get().pendingQuotes;
    if (quotes.length > 0) set({ pendingQuotes: [] });
    return quotes;
  },
  setDialog: (dialog) => set({ dialog }),
  setTheme: (theme) => set({ theme }),
}));
