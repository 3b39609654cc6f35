// The floating "Quote" button that appears over text selected inside a post; it quotes the
// selection into the composer (opening a reply first when none is open). `q` does the same.
import { useEffect, useState, type RefObject } from 'react';
import type { PendingQuote } from '../../stores/ui-store';
import { quote, selectionQuote } from './quote-selection';

interface Shown {
  quote: PendingQuote;
  top: number;
  left: number;
}

export function QuoteButton(props: { containerRef: RefObject<HTMLDivElement | null>; topicTitle: string }) {
  const { containerRef, topicTitle } = props;
  const [shown, setShown] = useState<Shown | null>(null);

  useEffect(() => {
    function update() {
      const container = containerRef.current;
      const selection = window.getSelection();
      const q = selectionQuote(selection);
      if (!container || !q || !selection || !container.contains(selection.anchorNode)) {
        setShown(null);
        return;
      }
      const rect = selection.getRangeAt(0).getBoundingClientRect();
      const box = container.getBoundingClientRect();
      setShown({
        quote: q,
        top: rect.top - box.top + container.scrollTop - 40,
        left: Math.max(8, rect.left - box.left + rect.width / 2 - 36),
      });
    }
    document.addEventListener('selectionchange', update);
    return () => document.removeEventListener('selectionchange', update);
  }, [containerRef]);

  if (!shown) return null;
  return (
    <button
      type="button"
      className="quote-button"
      style={{ top: Math.max(0, shown.top), left: shown.left }}
      aria-keyshortcuts="q"
      // Keep the selection: a mousedown on a button would otherwise clear it first.
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => {
        quote(shown.quote, topicTitle);
        window.getSelection()?.removeAllRanges();
        setShown(null);
      }}
    >
      Quote
    </button>
  );
}
