// Bridges the editor and the draft: every content change is reported as Discourse markdown, and
// content replaced from outside (a restored version, a conflict choice) is loaded back in.
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { useEffect } from 'react';
import { $exportMarkdown, $importMarkdown } from '../markdown/discourse-markdown';

const EXTERNAL = 'foyer-external-replace';

export function MarkdownSyncPlugin({
  onChange,
  subscribeReplace,
}: {
  onChange(markdown: string): void;
  subscribeReplace(apply: (markdown: string) => void): () => void;
}) {
  const [editor] = useLexicalComposerContext();
  useEffect(
    () =>
      editor.registerUpdateListener(({ editorState, dirtyElements, dirtyLeaves, tags }) => {
        // Selection-only updates change nothing worth saving.
        if (dirtyElements.size === 0 && dirtyLeaves.size === 0) return;
        if (tags.has(EXTERNAL)) return;
        onChange(editorState.read(() => $exportMarkdown()));
      }),
    [editor, onChange],
  );
  useEffect(
    () => subscribeReplace((markdown) => editor.update(() => $importMarkdown(markdown), { tag: EXTERNAL })),
    [editor, subscribeReplace],
  );
  return null;
}
