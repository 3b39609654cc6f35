// Docks the composer (the composer helper's ComposerPanel) when one is open, hands it the
// quotes queued before it mounted, and refreshes the thread, lists and counts after a send.
import { useEffect } from 'react';
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

  if (!target) return null;
  return (
    <section className="composer-dock" aria-label="Composer">
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
