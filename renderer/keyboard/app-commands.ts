// Every command a person can run from the keyboard or the Ctrl/Cmd+K palette, with its
// shortcut, in one registry: the keyboard handler, the palette and the cheat sheet all read
// it, so the three can never disagree.
import { archiveThread, moveToInbox } from '../commands/archive-thread';
import { isArchiveMailbox } from '../api/mailbox-ids';
import { quoteSelectionOrLatest } from '../features/thread/quote-selection';
import { useLists } from '../stores/list-store';
import { mailboxTitle, useMailboxes } from '../stores/mailbox-store';
import { useSearch } from '../stores/search-store';
import { useSession } from '../stores/session-store';
import { useThreads } from '../stores/thread-store';
import { useUi } from '../stores/ui-store';
import { BINDINGS, type CommandId } from './keymap';

export interface AppCommand {
  id: string;
  title: string;
  /** Key tokens of its shortcut(s), for the palette and the cheat sheet. */
  shortcuts: (readonly string[])[];
  run(): void;
}

/** The topic ids of the list on screen: search results while searching, else the folder. */
export function visibleTopicIds(): number[] {
  const ui = useUi.getState();
  if (ui.searchQuery.trim()) return useSearch.getState().hits.map((h) => h.topicId);
  return useLists.getState().lists[ui.mailboxId]?.ids ?? [];
}

function move(step: 1 | -1): void {
  const ui = useUi.getState();
  const ids = visibleTopicIds();
  if (ids.length === 0) return;
  const from = ui.openId ?? ui.selectedId;
  const index = from === null ? -1 : ids.indexOf(from);
  const next = ids[Math.max(0, Math.min(ids.length - 1, index < 0 ? 0 : index + step))];
  if (next === undefined) return;
  // Reading a thread, j/k go to the next one; in the list they move the highlight.
  if (ui.openId !== null) ui.open(next);
  else ui.select(next);
  // Keyset paging: near the end of what is loaded, fetch the next page ahead of the cursor.
  if (!ui.searchQuery.trim() && index + step >= ids.length - 10)
    void useLists.getState().loadNextPage(ui.mailboxId);
}

function topicTitle(topicId: number): string {
  return (
    useThreads.getState().threads[topicId]?.topic?.title ?? useLists.getState().rows[topicId]?.title ?? ''
  );
}

function current(): number | null {
  const ui = useUi.getState();
  return ui.openId ?? ui.selectedId;
}

const actions: Record<CommandId, { title: string; run(): void }> = {
  next: { title: 'Next conversation', run: () => move(1) },
  previous: { title: 'Previous conversation', run: () => move(-1) },
  open: {
    title: 'Open conversation',
    run: () => {
      const id = useUi.getState().selectedId;
      if (id !== null) useUi.getState().open(id);
    },
  },
  back: { title: 'Back to the list', run: () => useUi.getState().close() },
  reply: {
    title: 'Reply',
    run: () => {
      const id = useUi.getState().openId;
      if (id !== null) useUi.getState().openComposer({ kind: 'reply', topicId: id, title: topicTitle(id) });
    },
  },
  compose: { title: 'Compose a new message', run: () => useUi.getState().openComposer({ kind: 'new' }) },
  archive: {
    title: 'Archive (or move back to the inbox)',
    run: () => {
      const id = current();
      const mailbox = useUi.getState().mailboxId;
      if (id === null || useUi.getState().searchQuery.trim()) return;
      void (isArchiveMailbox(mailbox) ? moveToInbox(id, mailbox) : archiveThread(id, mailbox));
    },
  },
  quote: {
    title: 'Quote the selection',
    run: () => {
      const id = useUi.getState().openId;
      if (id !== null) quoteSelectionOrLatest(topicTitle(id));
    },
  },
  search: { title: 'Search', run: () => useUi.getState().focusSearch() },
  cheatsheet: { title: 'Keyboard shortcuts', run: () => useUi.getState().setDialog('cheatsheet') },
  palette: { title: 'Command palette', run: () => useUi.getState().setDialog('palette') },
  'go-inbox': { title: 'Go to Inbox', run: () => useUi.getState().showMailbox('inbox') },
  'go-sent': { title: 'Go to Sent', run: () => useUi.getState().showMailbox('sent') },
  'go-archive': { title: 'Go to Archive', run: () => useUi.getState().showMailbox('archive') },
  'go-drafts': { title: 'Go to Drafts', run: () => useUi.getState().showMailbox('drafts') },
  'toggle-theme': {
    title: 'Switch light / dark theme',
    run: () => {
      const { theme, setTheme } = useUi.getState();
      const dark =
        theme === 'dark' || (theme === 'system' && matchMedia('(prefers-color-scheme: dark)').matches);
      setTheme(dark ? 'light' : 'dark');
    },
  },
};

export function runAppCommand(id: CommandId): void {
  actions[id].run();
}

/** Everything the palette offers: the keyboard commands, then folders without a shortcut and account actions. */
export function listAppCommands(): AppCommand[] {
  const keyed: AppCommand[] = (Object.keys(actions) as CommandId[]).map((id) => ({
    id,
    title: actions[id].title,
    shortcuts: BINDINGS.filter((b) => b.command === id).map((b) => b.keys),
    run: actions[id].run,
  }));
  const folders: AppCommand[] = [
    { id: 'outbox', title: 'Go to Outbox', shortcuts: [], run: () => useUi.getState().showMailbox('outbox') },
    ...useMailboxes
      .getState()
      .mailboxes.filter((m) => m.id.startsWith('group:'))
      .map((m) => ({
        id: `mailbox:${m.id}`,
        title: `Go to ${mailboxTitle(m.id)}`,
        shortcuts: [],
        run: () => useUi.getState().showMailbox(m.id),
      })),
  ];
  const account: AppCommand[] = [
    { id: 'sign-out', title: 'Sign out', shortcuts: [], run: () => void useSession.getState().signOut() },
  ];
  return [...keyed, ...folders, ...account];
}
