// The one converter between Discourse markdown (what drafts store and posts send) and the
// composer's editor state. Everything that reads or writes editor content as text goes through
// here, so the round-trip suite in discourse-markdown.test.ts covers the whole path.
import { $convertFromMarkdownString, $convertToMarkdownString } from '@lexical/markdown';
import { createEditor, type LexicalEditor } from 'lexical';
import { formatQuoteAttribution } from './discourse-quote-node';
import { COMPOSER_NODES, DISCOURSE_TRANSFORMERS } from './discourse-transformers';

/** Replaces the editor content (inside an update) with the given markdown. */
export function $importMarkdown(markdown: string): void {
  $convertFromMarkdownString(markdown, DISCOURSE_TRANSFORMERS);
}

/**
 * The editor content (inside a read or update) as Discourse markdown. Trailing blank lines and
 * spaces (the empty line left for typing after a quote, a space after an attachment) carry no
 * meaning in markdown and are dropped.
 */
export function $exportMarkdown(): string {
  return $convertToMarkdownString(DISCOURSE_TRANSFORMERS).replace(/\s+$/, '');
}

export function readMarkdown(editor: LexicalEditor): string {
  return editor.getEditorState().read(() => $exportMarkdown());
}

/** An editor without a DOM, for converting text outside a mounted composer. */
export function createHeadlessComposerEditor(): LexicalEditor {
  return createEditor({
    namespace: 'foyer-composer-headless',
    nodes: COMPOSER_NODES,
    onError(error) {
      throw error;
    },
  });
}

/** markdown → editor → markdown: what the composer would save for this text. */
export function normalizeThroughEditor(markdown: string, editor = createHeadlessComposerEditor()): string {
  editor.update(() => $importMarkdown(markdown), { discrete: true });
  return readMarkdown(editor);
}

export type QuoteSource = { username: string; postNumber: number; topicId: number; text: string };

/** Discourse's quote block for a selection: `[quote="alice, post:3, topic:12"]\n…\n[/quote]`. */
export function quoteMarkdown(q: QuoteSource): string {
  return `[quote="${formatQuoteAttribution(q)}"]\n${q.text.trim()}\n[/quote]`;
}
