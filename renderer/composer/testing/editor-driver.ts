// Test-only: drives a mounted Lexical editor the way typing would. jsdom has no real text input
// for contenteditable (no beforeinput with target ranges), so text goes in through the editor's
// own selection API, exactly where a caret would put it; keys and clicks stay real DOM events.
import { $getRoot, $getSelection, $isRangeSelection, $selectAll, type LexicalEditor } from 'lexical';

export function editorOf(element: HTMLElement): LexicalEditor {
  const editor = (element as HTMLElement & { __lexicalEditor?: LexicalEditor }).__lexicalEditor;
  if (!editor) throw new Error('Not a Lexical editor root');
  return editor;
}

/** Types text at the caret (or at the end when the editor has no caret yet). */
export function typeInto(element: HTMLElement, text: string): void {
  editorOf(element).update(
    () => {
      const selection = $getSelection();
      (($isRangeSelection(selection) && selection) || $getRoot().selectEnd()).insertText(text);
    },
    { discrete: true },
  );
}

/** Presses Enter inside the text (a new paragraph), as the Enter key would. */
export function pressEnterIn(element: HTMLElement): void {
  editorOf(element).update(
    () => {
      const selection = $getSelection();
      (($isRangeSelection(selection) && selection) || $getRoot().selectEnd()).insertParagraph();
    },
    { discrete: true },
  );
}

export function selectAllIn(element: HTMLElement): void {
  editorOf(element).update(() => void $selectAll(), { discrete: true });
}

/** Puts the caret at a character offset of the n-th top-level block's text. */
export function placeCaret(element: HTMLElement, blockIndex: number, offset: number): void {
  editorOf(element).update(
    () => {
      const block = $getRoot().getChildAtIndex(blockIndex);
      const text =
        block && 'getFirstDescendant' in block
          ? (block as { getFirstDescendant(): unknown }).getFirstDescendant()
          : null;
      if (text && typeof (text as { select?: unknown }).select === 'function') {
        (text as { select(a: number, b: number): void }).select(offset, offset);
      }
    },
    { discrete: true },
  );
}
