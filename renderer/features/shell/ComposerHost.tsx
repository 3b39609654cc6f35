// Docks the composer (the composer helper's ComposerPanel) when one is open, hands it the
// quotes queued before it mounted, and refreshes the thread, lists and counts after a send.
import { useEffect, useRef } from 'react';
import { ComposerPanel, insertQuote, type ComposerTarget } from '../../composer';
import { useLists } from '../../stores/list-store';
import { scheduleMailboxRefresh } from '../../stores/mailbox-store';
import { useThreads } from '../../stores/thread-store';
import { useToasts } from '../../stores/toast-store';
import { useUi } from '../../stores/ui-store';

/** One composer instance per target: a reply per topic, a new message per draft (if named). */
function composerKey(target: ComposerTarget): string {
  if (target.kind === 'reply') return `reply-${target.topicId}`;
  const draftKey = 'draftKey' in target ? String(target.draftKey ?? '') : '';
  return `new-${draftKey}`;
}

export function ComposerHost() {
  const target = useUi((s) => s.composer);
  const pending = useUi((s) => s.pendingQuotes.length);

  useEffect(() => {
    if (!target || pending === 0) return;
    // The panel registers its editor in its own effects, which run before this one; a frame
    // later is also after any editor's first update.
    const frame = requestAnimationFrame(() => {
      for (const q of useUi.getState().takeQuotes()) insertQuote(q);
    });
    return () => cancelAnimationFrame(frame);
  }, [target, pending]);

  // Opening the composer moves focus into it: the first field of a new message (its
  // recipients), the editor of a reply. The panel may mount its fields after loading the
  // draft, so wait for them.
  const dockRef = useRef<HTMLElement>(null);
  const key = target ? composerKey(target) : null;
  useEffect(() => {
    const dock = dockRef.current;
    if (!dock || key === null) return;
    const focusFirstField = () => {
      if (dock.contains(document.activeElement)) return true;
      const selector = key.startsWith('reply-')
        ? '[contenteditable="true"]'
        : 'input:not([type="hidden"]), [contenteditable="true"]';
      const field = dock.querySelector<HTMLElement>(selector);
      field?.focus();
      return Boolean(field);
    };
    if (focusFirstField()) return;
    const observer = new MutationObserver(() => {
      if (focusFirstField()) observer.disconnect();
    });
    observer.observe(dock, { childList: true, subtree: true, attributes: true });
    const giveUp = setTimeout(() => observer.disconnect(), 5000);
    return () => {
      observer.disconnect();
      clearTimeout(giveUp);
    };
  }, [key]);

  if (!target) return null;
  return (
    <section className="composer-dock" aria-label="Composer" ref={dockRef}>
      <ComposerPanel
        key={composerKey(target)}
        target={target}
        onClose={() => useUi.getState().closeComposer()}
        onSent={({ topicId }) => {
          useUi.getState().closeComposer();
          void useThreads.getState().loadThread(topicId);
          const { lists, loadFirstPage } = useLists.getState();
          for (const id of Object.keys(lists)) void loadFirstPage(id);
          scheduleMailboxRefresh();
          useToasts.getState().show({ kind: 'info', message: 'Message sent.' });
        }}
      />
    </section>
  );
}
