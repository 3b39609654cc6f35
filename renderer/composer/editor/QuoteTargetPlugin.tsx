// Makes this editor the target of insertQuote() while it is mounted, remembering the caret the
// person left when focus moved to the thread to select text.
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { $getSelection, $isRangeSelection, type RangeSelection } from 'lexical';
import { useEffect, useRef } from 'react';
import { registerQuoteTarget } from '../active-composer';
import { $insertQuoteAtCaret } from './insert-quote';

export function QuoteTargetPlugin() {
  const [editor] = useLexicalComposerContext();
  const lastCaret = useRef<RangeSelection | null>(null);
  useEffect(
    () =>
      editor.registerUpdateListener(({ editorState }) => {
        editorState.read(() => {
          const selection = $getSelection();
          if ($isRangeSelection(selection)) lastCaret.current = selection.clone();
        });
      }),
    [editor],
  );
  useEffect(
    () =>
      registerQuoteTarget((quote) => {
        editor.update(() => $insertQuoteAtCaret(quote, lastCaret.current));
        editor.focus();
      }),
    [editor],
  );
  return null;
}
