// The Lexical editor of the composer: rich text in, Discourse markdown out. It starts from the
// draft's markdown and reports every change as markdown; the plugins add the toolbar, keyboard,
// attachments, @mentions and quote insertion.
import { LexicalComposer } from '@lexical/react/LexicalComposer';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { LexicalErrorBoundary } from '@lexical/react/LexicalErrorBoundary';
import { HistoryPlugin } from '@lexical/react/LexicalHistoryPlugin';
import { LinkPlugin } from '@lexical/react/LexicalLinkPlugin';
import { ListPlugin } from '@lexical/react/LexicalListPlugin';
import { MarkdownShortcutPlugin } from '@lexical/react/LexicalMarkdownShortcutPlugin';
import { RichTextPlugin } from '@lexical/react/LexicalRichTextPlugin';
import { useState } from 'react';
import type { UploadedFile } from '../../api/uploads';
import { composerTheme } from '../composer-theme';
import { $importMarkdown } from '../markdown/discourse-markdown';
import { COMPOSER_NODES, DISCOURSE_TRANSFORMERS } from '../markdown/discourse-transformers';
import { AttachmentsPlugin, type UploadStatus } from './AttachmentsPlugin';
import { ComposerKeysPlugin } from './ComposerKeysPlugin';
import { MarkdownSyncPlugin } from './MarkdownSyncPlugin';
import { MentionsPlugin } from './MentionsPlugin';
import { QuoteTargetPlugin } from './QuoteTargetPlugin';
import { Toolbar } from './Toolbar';

export type ComposerEditorProps = {
  initialMarkdown: string;
  /** A reader of the current markdown; call it when the text is needed. */
  onChange(readMarkdown: () => string): void;
  subscribeReplace(apply: (markdown: string) => void): () => void;
  onSubmit(): void;
  upload(file: File): Promise<UploadedFile>;
  onUploadStatus(update: (status: UploadStatus) => UploadStatus): void;
  searchMentions(
    term: string,
    signal: AbortSignal,
  ): Promise<Array<{ username: string; name: string | null }>>;
  label: string;
};

export function ComposerEditor(props: ComposerEditorProps) {
  const [linkFormOpen, setLinkFormOpen] = useState(false);
  const [initialConfig] = useState(() => ({
    namespace: 'foyer-composer',
    nodes: COMPOSER_NODES,
    theme: composerTheme,
    editorState: () => $importMarkdown(props.initialMarkdown),
    onError(error: Error) {
      throw error;
    },
  }));
  return (
    <LexicalComposer initialConfig={initialConfig}>
      <Toolbar linkFormOpen={linkFormOpen} setLinkFormOpen={setLinkFormOpen} />
      <div className="composer-editor">
        <RichTextPlugin
          contentEditable={
            <ContentEditable className="composer-content" aria-label={props.label} aria-multiline />
          }
          ErrorBoundary={LexicalErrorBoundary}
        />
      </div>
      <HistoryPlugin />
      <ListPlugin />
      <LinkPlugin />
      <MarkdownShortcutPlugin transformers={DISCOURSE_TRANSFORMERS} />
      <MarkdownSyncPlugin onChange={props.onChange} subscribeReplace={props.subscribeReplace} />
      <ComposerKeysPlugin onSubmit={props.onSubmit} onLink={() => setLinkFormOpen(true)} />
      <AttachmentsPlugin upload={props.upload} onStatus={props.onUploadStatus} />
      <MentionsPlugin search={props.searchMentions} />
      <QuoteTargetPlugin />
    </LexicalComposer>
  );
}
