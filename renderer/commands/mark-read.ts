// markThreadRead: opening a thread marks it read at once (row and unread count), then tells
// the server through Discourse's /topics/timings; the count is then re-read from the server.
import { http } from '../api/client';
import { postTimings } from '../api/forum-api';
import { isUnread, useLists } from '../stores/list-store';
import { scheduleMailboxRefresh, useMailboxes } from '../stores/mailbox-store';
import { runCommand } from './run-command';

export async function markThreadRead(
  topicId: number,
  shownPostNumbers: readonly number[],
  mailboxId: string,
): Promise<void> {
  const row = useLists.getState().rows[topicId];
  if (row && !isUnread(row)) return;
  const highest = Math.max(row?.highest_post_number ?? 0, ...shownPostNumbers);
  await runCommand({
    name: 'Mark as read',
    quietWhenMissing: true,
    apply: () => {
      if (!row) return () => undefined;
      useLists
        .getState()
        .patchRow(topicId, { unseen: false, unread_posts: 0, last_read_post_number: highest });
      const field = row.unseen ? 'new' : 'unread';
      const countChange = useMailboxes.getState().adjustCount(mailboxId, field, -1);
      return () => {
        useLists.getState().patchRow(topicId, row);
        useMailboxes.getState().adjustCount(mailboxId, field, -countChange);
      };
    },
    confirm: () => postTimings(http(), topicId, shownPostNumbers.length ? shownPostNumbers : [highest]),
    confirmed: () => scheduleMailboxRefresh(),
  });
}
