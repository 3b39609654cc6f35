// Bridges the editor and the draft: every content change is reported with a reader of the
// Discourse markdown (exported when the draft is written, not on every keystroke), and content
// replaced from outside (a restored version, a conflict choice) is loaded back in.
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import type { EditorState } from 'lexical';
import { useEffect, useMemo } from 'react';
import { $exportMarkdown, $importMarkdown } from '../markdown/discourse-markdown';

const EXTERNAL = 'foyer-external-replace';

export function MarkdownSyncPlugin({
  onChange,
  subscribeReplace,
}: {
  /** Called on every content change with a reader of the current markdown (read it lazily). */
  onChange(readMarkdown: () => string): void;
  subscribeReplace(apply: (markdown: string) => void): () => void;
}) {
  const [editor] = useLexicalComposerContext();
  // One export per editor state, however often it is read.
  const readMarkdown = useMemo(() => {
    let cached: { state: EditorState; markdown: string } | null = null;
    return () => {
      const state = editor.getEditorState();
      if (cached?.state !== state) cached = { state, markdown: state.read(() => $exportMarkdown()) };
      return cached.markdown;
    };
  }, [editor]);
  useEffect(
    () =>
      editor.registerUpdateListener(({ dirtyElements, dirtyLeaves, tags }) => {
        // Selection-only updates change nothing worth saving.
        if (dirtyElements.size === 0 && dirtyLeaves.size === 0) return;
        if (tags.has(EXTERNAL)) return;
        onChange(readMarkdown);
      }),
    [editor, onChange, readMarkdown],
  );
  useEffect(
    () => subscribeReplace((markdown) => editor.update(() => $importMarkdown(markdown), { tag: EXTERNAL })),
    [editor, subscribeReplace],
  );
  return null;
}
