// archiveThread / moveToInbox: the thread leaves the folder at once (selection moves to the
// next row), the server is asked, and an Undo runs the opposite command.
import { http } from '../api/client';
import { setArchived } from '../api/forum-api';
import { counterpartMailbox, groupMailbox, isArchiveMailbox } from '../api/mailbox-ids';
import { isUnread, useLists } from '../stores/list-store';
import { scheduleMailboxRefresh, useMailboxes } from '../stores/mailbox-store';
import { useToasts } from '../stores/toast-store';
import { useUi } from '../stores/ui-store';
import { runCommand } from './run-command';

/** Removes a topic from a folder locally, moving the selection to its neighbour; returns the undo. */
function takeOutOfFolder(mailboxId: string, topicId: number): () => void {
  const lists = useLists.getState();
  const ui = useUi.getState();
  const row = lists.rows[topicId];
  const wasUnread = row ? isUnread(row) : false;
  const field = row?.unseen ? 'new' : 'unread';
  const { selectedId, openId } = ui;
  const index = lists.removeFromList(mailboxId, topicId);
  const countChange = wasUnread ? useMailboxes.getState().adjustCount(mailboxId, field, -1) : 0;
  if (selectedId === topicId || openId === topicId) {
    const ids = useLists.getState().lists[mailboxId]?.ids ?? [];
    const neighbour = ids[Math.min(Math.max(index, 0), ids.length - 1)] ?? null;
    useUi.setState({ selectedId: neighbour, openId: openId === topicId ? null : openId });
  }
  return () => {
    if (index >= 0) useLists.getState().insertIntoList(mailboxId, topicId, index);
    useMailboxes.getState().adjustCount(mailboxId, field, -countChange);
    useUi.setState({ selectedId, openId });
  };
}

function refreshAfterMove(mailboxes: string[]): void {
  scheduleMailboxRefresh();
  const { lists, loadFirstPage } = useLists.getState();
  // Folders already loaded learn where the thread went; others load when shown.
  for (const id of mailboxes) if (lists[id]) void loadFirstPage(id);
}

async function move(topicId: number, fromMailbox: string, archived: boolean): Promise<boolean> {
  const toMailbox = archived
    ? isArchiveMailbox(fromMailbox)
      ? fromMailbox
      : counterpartMailbox(fromMailbox)
    : isArchiveMailbox(fromMailbox)
      ? counterpartMailbox(fromMailbox)
      : fromMailbox;
  const group = groupMailbox(fromMailbox)?.group;
  const result = await runCommand({
    name: archived ? 'Archive' : 'Move to inbox',
    apply: () => takeOutOfFolder(fromMailbox, topicId),
    confirm: () => setArchived(http(), topicId, archived, group),
    confirmed: () => {
      refreshAfterMove([toMailbox]);
      useToasts.getState().show({
        kind: 'info',
        message: archived ? 'Conversation archived.' : 'Conversation moved to the inbox.',
        action: {
          label: 'Undo',
          run: () => void move(topicId, toMailbox, !archived),
        },
      });
    },
  });
  return result.ok;
}

/** Archive a thread from the folder it is shown in (a personal or a group inbox). */
export const archiveThread = (topicId: number, fromMailbox: string) => move(topicId, fromMailbox, true);

/** Move a thread from an archive back to its inbox. */
export const moveToInbox = (topicId: number, fromMailbox: string) => move(topicId, fromMailbox, false);
