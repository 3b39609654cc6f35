// A folder's messages as a virtualised listbox (@tanstack/react-virtual): only the rows in
// view (plus a few) are mounted, so 100k threads scroll as smoothly as 10. Pages load by the
// server's keyset cursor as the end comes near. Focus follows the selection when the list
// has focus, and returns to the selected row when the reading pane closes.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef } from 'react';
import { EMPTY_LIST, useLists } from '../../stores/list-store';
import { useMailboxTitle } from '../../stores/mailbox-store';
import { useThreads } from '../../stores/thread-store';
import { useUi } from '../../stores/ui-store';
import { MessageRow } from './MessageRow';

export const ROW_HEIGHT = 76;
/** Start fetching the next page this many rows before the end. */
const PREFETCH_ROWS = 30;

function focusRow(topicId: number): boolean {
  const row = document.getElementById(`topic-row-${topicId}`);
  row?.focus({ preventScroll: true });
  return Boolean(row);
}

/** Opening the likely next thread before it is asked for (client.md: prefetch). */
function prefetch(topicId: number | null): void {
  if (topicId === null) return;
  const { threads, loadThread } = useThreads.getState();
  if (!threads[topicId]) void loadThread(topicId);
}

export function MessageList({ mailboxId }: { mailboxId: string }) {
  const list = useLists((s) => s.lists[mailboxId] ?? EMPTY_LIST);
  const name = useMailboxTitle(mailboxId);
  const selectedId = useUi((s) => s.selectedId);
  const openId = useUi((s) => s.openId);
  const scrollRef = useRef<HTMLDivElement>(null);
  const { ids, moreUrl, status, error } = list;
  const hasMore = moreUrl !== null;

  // A stable key function: react-virtual recomputes every row's position (100k of them)
  // whenever getItemKey changes identity, so a fresh arrow per render costs that per frame.
  const getItemKey = useCallback((index: number) => ids[index] ?? 'more', [ids]);
  const virtualizer = useVirtualizer({
    count: ids.length + (hasMore ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    getItemKey,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    if (hasMore && lastIndex >= ids.length - PREFETCH_ROWS) void useLists.getState().loadNextPage(mailboxId);
  }, [hasMore, lastIndex, ids.length, mailboxId]);

  // Keep the selection in view; move focus with it while the list has focus.
  const selectedIndex = selectedId === null ? -1 : ids.indexOf(selectedId);
  useEffect(() => {
    if (selectedIndex < 0) return;
    virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
    prefetch(ids[selectedIndex + 1] ?? null);
    if (scrollRef.current?.contains(document.activeElement) && selectedId !== null) {
      // The row may mount only after the scroll; try again on the next frame.
      if (!focusRow(selectedId)) requestAnimationFrame(() => focusRow(selectedId));
    }
    // Runs only when the selection moves (the virtualizer and ids are read, not watched).
  }, [selectedIndex, selectedId]);

  // Closing the reading pane (u, Escape) returns focus to the row it was opened from.
  const wasOpen = useRef(openId !== null);
  useEffect(() => {
    if (wasOpen.current && openId === null && selectedId !== null) {
      const index = ids.indexOf(selectedId);
      if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
      if (!focusRow(selectedId)) requestAnimationFrame(() => focusRow(selectedId));
    }
    wasOpen.current = openId !== null;
    // Runs only when the pane opens or closes.
  }, [openId]);

  const onOpen = useCallback((topicId: number) => useUi.getState().open(topicId), []);

  const label = `${name} messages`;
  if (ids.length === 0) {
    return (
      <div className="list-empty">
        {status === 'loading' && <p role="status">Loading {name}…</p>}
        {status === 'error' && (
          <div role="alert">
            <p>{error}</p>
            <button type="button" onClick={() => void useLists.getState().loadFirstPage(mailboxId)}>
              Retry
            </button>
          </div>
        )}
        {status === 'idle' && <p className="empty-state">No messages in {name}.</p>}
      </div>
    );
  }

  const focusableId = selectedIndex >= 0 ? selectedId : (ids[0] ?? null);
  return (
    <>
      {status === 'error' && (
        <p className="list-error" role="alert">
          {error}{' '}
          <button
            type="button"
            className="quiet"
            onClick={() => void useLists.getState().loadFirstPage(mailboxId)}
          >
            Retry
          </button>
        </p>
      )}
      <div
        ref={scrollRef}
        className="message-list"
        role="listbox"
        aria-label={label}
        aria-busy={status === 'loading' || status === 'loading-more'}
      >
        <div className="message-list-inner" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const topicId = ids[item.index];
            if (topicId === undefined) {
              return (
                <div
                  key="more"
                  className="list-more"
                  role="presentation"
                  style={{ transform: `translateY(${item.start}px)`, height: item.size }}
                >
                  {status === 'loading-more' ? 'Loading more…' : ''}
                </div>
              );
            }
            return (
              <MessageRow
                key={topicId}
                topicId={topicId}
                index={item.index}
                setSize={hasMore ? -1 : ids.length}
                selected={topicId === selectedId}
                focusable={topicId === focusableId}
                top={item.start}
                height={item.size}
                onOpen={onOpen}
              />
            );
          })}
        </div>
      </div>
    </>
  );
}
