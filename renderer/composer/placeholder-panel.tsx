// TEMPORARY PLACEHOLDER (see index.ts): a plain contenteditable composer that posts directly.
// No drafts, no outbox, no markdown round trip — those are the composer helper's work.
import { useEffect, useRef, useState } from 'react';
import { http } from '../api/client';
import { toApiError } from '../api/api-error';

export type ComposerTarget =
  { kind: 'new' } | { kind: 'reply'; topicId: number; title: string; replyToPostNumber?: number };

let openEditor: HTMLElement | null = null;

/** Inserts Discourse quote markup at the caret of the open composer (at the end if the caret is elsewhere). */
export function insertQuote(q: {
  username: string;
  postNumber: number;
  topicId: number;
  text: string;
}): void {
  const editor = openEditor;
  if (!editor) return;
  const markup = `[quote="${q.username}, post:${q.postNumber}, topic:${q.topicId}"]\n${q.text}\n[/quote]\n`;
  editor.focus();
  const selection = window.getSelection();
  const range = selection && selection.rangeCount > 0 ? selection.getRangeAt(0) : null;
  if (range && editor.contains(range.commonAncestorContainer)) {
    range.deleteContents();
    range.insertNode(document.createTextNode(markup));
    range.collapse(false);
  } else {
    editor.append(document.createTextNode(markup));
  }
}

export function ComposerPanel(props: {
  target: ComposerTarget;
  onClose(): void;
  onSent(r: { topicId: number; postNumber: number }): void;
}) {
  const { target, onClose, onSent } = props;
  const editorRef = useRef<HTMLDivElement>(null);
  const [to, setTo] = useState('');
  const [subject, setSubject] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    openEditor = editorRef.current;
    if (target.kind === 'reply') editorRef.current?.focus();
    return () => {
      if (openEditor === editorRef.current) openEditor = null;
    };
  }, [target]);

  async function send() {
    const raw = editorRef.current?.innerText ?? '';
    try {
      const body =
        target.kind === 'reply'
          ? { topic_id: target.topicId, raw, reply_to_post_number: target.replyToPostNumber }
          : { archetype: 'private_message', title: subject, target_recipients: to, raw };
      const response = await http().post<{ topic_id: number; post_number: number }>('/posts.json', body);
      onSent({ topicId: response.data.topic_id, postNumber: response.data.post_number });
    } catch (e) {
      setError(toApiError(e, 'Sending').message);
    }
  }

  return (
    <div className="placeholder-composer">
      <h2 className="composer-title">{target.kind === 'reply' ? `Reply: ${target.title}` : 'New message'}</h2>
      {target.kind === 'new' && (
        <>
          <label>
            To <input value={to} onChange={(e) => setTo(e.target.value)} />
          </label>
          <label>
            Subject <input value={subject} onChange={(e) => setSubject(e.target.value)} />
          </label>
        </>
      )}
      <div
        ref={editorRef}
        className="composer-editor"
        contentEditable
        suppressContentEditableWarning
        role="textbox"
        aria-multiline="true"
        aria-label="Message"
        tabIndex={0}
      />
      {error && <p role="alert">{error}</p>}
      <div className="composer-actions">
        <button type="button" onClick={() => void send()}>
          Send
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}

export function DraftsView(_props: { onOpen(target: ComposerTarget): void }) {
  return <p className="empty-state">Drafts arrive with the composer.</p>;
}

export function OutboxView() {
  return <p className="empty-state">Nothing is waiting to be sent.</p>;
}

export function useOutboxCount(): number {
  return 0;
}
