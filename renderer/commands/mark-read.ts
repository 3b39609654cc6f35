// markThreadRead: opening a thread marks it read at once (row and unread count), then tells
// the server through Discourse's /topics/timings; the count is then re-read from the server.
import { http } from '../api/client';
import { postTimings } from '../api/forum-api';
import { isUnread, useLists } from '../stores/list-store';
import { scheduleMailboxRefresh, useMailboxes } from '../stores/mailbox-store';
import { runCommand } from './run-command';

/**
 * Marks the shown posts read. Called when a thread opens and again whenever new posts appear
 * in the open thread (live updates, one's own small actions), since the person is looking.
 */
export async function markThreadRead(
  topicId: number,
  shownPostNumbers: readonly number[],
  mailboxId: string,
): Promise<void> {
  const row = useLists.getState().rows[topicId];
  const highest = Math.max(0, ...shownPostNumbers);
  if (row && !isUnread(row) && (row.last_read_post_number ?? 0) >= highest) return;
  await runCommand({
    name: 'Mark as read',
    quietWhenMissing: true,
    apply: () => {
      if (!row) return () => undefined;
      const wasUnread = isUnread(row);
      useLists.getState().patchRow(topicId, {
        unseen: false,
        unread_posts: Math.max(0, row.highest_post_number - highest),
        last_read_post_number: Math.max(highest, row.last_read_post_number ?? 0),
      });
      const field = row.unseen ? 'new' : 'unread';
      const countChange = wasUnread ? useMailboxes.getState().adjustCount(mailboxId, field, -1) : 0;
      return () => {
        useLists.getState().patchRow(topicId, row);
        useMailboxes.getState().adjustCount(mailboxId, field, -countChange);
      };
    },
    confirm: () => postTimings(http(), topicId, shownPostNumbers),
    confirmed: () => scheduleMailboxRefresh(),
  });
}
