// The composer: "To" and "Subject" for a new message, the Lexical editor, and Send (Ctrl/Cmd+
// Enter) or Send later. Every change is a local draft within a fraction of a second. Send puts
// the message in the outbox first; the panel then offers Undo until it leaves, and reports
// delivery (onSent), a queue while offline, or the forum's reason for refusing it.
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { PostFields } from '../api/posts';
import { isEmptyDraft, type DraftContent } from '../drafts/draft-content';
import { ConflictResolver } from '../drafts/ConflictResolver';
import { DraftHistory } from '../drafts/DraftHistory';
import type { OpenedDraft } from '../drafts/draft-store';
import type { DraftConflict, OutboxEntry } from '../drafts/local-db';
import type { ComposerTarget } from './composer-target';
import { ComposerEditor } from './editor/ComposerEditor';
import type { UploadStatus } from './editor/AttachmentsPlugin';
import { RecipientField } from './recipients/RecipientField';
import {
  chipsToEntries,
  emailedRecipients,
  entriesToChips,
  targetRecipients,
  type RecipientChip,
} from './recipients/recipient-entries';
import { SendLaterPicker } from './SendLaterPicker';
import { SendingStatus } from './SendingStatus';
import { useComposerServices, type ComposerServices } from './services';
import { useEmailPreview, WillBeEmailed } from './WillBeEmailed';
import { useToasts } from '../stores/toast-store';
import './composer.css';

export type ComposerPanelProps = {
  target: ComposerTarget;
  onClose(): void;
  onSent(r: { topicId: number; postNumber: number }): void;
};

function panelLabel(target: ComposerTarget): string {
  return target.kind === 'reply' ? `Reply to ${target.title}` : 'New message';
}

export function ComposerPanel({ target, onClose, onSent }: ComposerPanelProps) {
  const services = useComposerServices();
  const [opened, setOpened] = useState<OpenedDraft | null>(null);
  const [sending, setSending] = useState<OutboxEntry | null>(null);
  // Bumped to remount the form with content given back by Undo or Edit.
  const [generation, setGeneration] = useState(0);
  const targetId = JSON.stringify(target);

  useEffect(() => {
    if (!services) return;
    let live = true;
    void services.drafts
      .open(JSON.parse(targetId) as ComposerTarget)
      .then((draft) => live && setOpened(draft));
    return () => {
      live = false;
    };
  }, [services, targetId]);

  const label = panelLabel(target);
  if (!services || !opened) {
    return (
      <section className="composer" aria-label={label} aria-busy="true">
        <p role="status">Opening draft…</p>
      </section>
    );
  }
  const takeBack = (entry: OutboxEntry) => {
    setOpened({ key: entry.draft.key, content: entry.draft.content });
    setGeneration((g) => g + 1);
    setSending(null);
  };
  if (sending) {
    return (
      <section className="composer" aria-label={label}>
        <SendingStatus
          outbox={services.outbox}
          entry={sending}
          onTakenBack={takeBack}
          onSent={onSent}
          onClose={onClose}
        />
      </section>
    );
  }
  return (
    <ComposerForm
      key={`${opened.key}:${generation}`}
      services={services}
      draft={opened}
      label={label}
      onQueued={setSending}
      onClose={onClose}
    />
  );
}

type FormProps = {
  services: ComposerServices;
  draft: OpenedDraft;
  label: string;
  onQueued(entry: OutboxEntry): void;
  onClose(): void;
};

function ComposerForm({ services, draft, label, onQueued, onClose }: FormProps) {
  const { drafts, outbox } = services;
  const key = draft.key;
  const target = draft.content.target;
  const isNew = target.kind === 'new';
  const [chips, setChips] = useState<RecipientChip[]>(() => entriesToChips(draft.content.recipients));
  const [title, setTitle] = useState(draft.content.title);
  // The body is read from the editor only when needed (saving, sending).
  const readReply = useRef<() => string>(() => draft.content.reply);
  const [errors, setErrors] = useState<string[]>([]);
  const [uploads, setUploads] = useState<UploadStatus>({ uploading: [], error: null });
  const [conflict, setConflict] = useState<DraftConflict | null>(null);
  const [saveProblem, setSaveProblem] = useState<string | null>(null);
  const [panel, setPanel] = useState<'none' | 'history' | 'send-later'>('none');
  const replaceListeners = useRef(new Set<(markdown: string) => void>());

  const content = useCallback(
    (): DraftContent => ({ target, title, recipients: chipsToEntries(chips), reply: readReply.current() }),
    [target, title, chips],
  );

  // Subject and recipients are React state; the body is read from the editor on change.
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    drafts.change(key, content);
  }, [drafts, key, content]);

  const onBodyChange = useCallback(
    (read: () => string) => {
      readReply.current = read;
      drafts.change(key, content);
    },
    [drafts, key, content],
  );

  const subscribeReplace = useCallback((apply: (markdown: string) => void) => {
    replaceListeners.current.add(apply);
    return () => void replaceListeners.current.delete(apply);
  }, []);

  useEffect(() => {
    const loadConflict = () => void drafts.get(key).then((r) => setConflict(r?.conflict ?? null));
    loadConflict();
    return drafts.subscribe((event) => {
      if (event.key !== key) return;
      if (event.type === 'replaced') {
        readReply.current = () => event.content.reply;
        setTitle(event.content.title);
        setChips(entriesToChips(event.content.recipients));
        for (const apply of replaceListeners.current) apply(event.content.reply);
        loadConflict();
      } else if (event.type === 'conflict' || event.type === 'synced') {
        loadConflict();
      } else if (event.type === 'save-failed') {
        setSaveProblem(
          `This draft could not be saved on this device (${event.message}). Keep this window open.`,
        );
      } else if (event.type === 'saved') {
        setSaveProblem(null);
      }
    });
  }, [drafts, key]);

  // Who a send would email: asked of the forum for the thread, or for the recipients in To.
  const sendable = targetRecipients(chips);
  const previewQuery = useMemo(
    () =>
      target.kind === 'reply'
        ? { topicId: target.topicId }
        : sendable
          ? { targetRecipients: sendable }
          : null,
    [target, sendable],
  );
  const emailPreview = useEmailPreview(services.previewEmails, previewQuery);

  const validate = (): string[] => {
    const problems: string[] = [];
    if (isNew) {
      if (chips.length === 0) problems.push('Add at least one recipient in To.');
      if (chips.some((c) => c.kind === 'invalid')) {
        problems.push('Fix or remove the recipients that cannot be sent to.');
      }
      if (!title.trim()) problems.push('Add a subject.');
    }
    if (!readReply.current().trim()) problems.push('Write a message before sending.');
    if (uploads.uploading.length) problems.push('Wait until the attachments have finished uploading.');
    if (conflict) problems.push('Choose which version of this draft to keep first.');
    return problems;
  };

  const send = async (sendAt?: Date) => {
    const problems = validate();
    setErrors(problems);
    if (problems.length) return;
    const final = content();
    const fields: PostFields =
      target.kind === 'new'
        ? {
            title: title.trim(),
            raw: final.reply,
            archetype: 'private_message',
            target_recipients: targetRecipients(chips),
          }
        : {
            raw: final.reply,
            topic_id: target.topicId,
            ...(target.replyToPostNumber ? { reply_to_post_number: target.replyToPostNumber } : {}),
          };
    onQueued(
      await outbox.enqueue({ fields, draftKey: key, content: final, sendAt: sendAt?.toISOString() ?? null }),
    );
  };

  const sendRef = useRef(send);
  sendRef.current = send;
  const submit = useCallback(() => void sendRef.current(), []);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.defaultPrevented) {
      event.preventDefault();
      submit();
    }
  };

  const close = async () => {
    await drafts.flush(key);
    onClose();
  };

  // Undo instead of "are you sure?": the text comes back as a draft (client.md).
  const discard = async () => {
    const discarded = content();
    await drafts.discard(key);
    onClose();
    if (isEmptyDraft(discarded)) return;
    useToasts.getState().show({
      kind: 'info',
      message: 'Draft discarded.',
      action: {
        label: 'Undo',
        run: () => {
          drafts.change(key, discarded);
          void drafts
            .flush(key)
            .then(() =>
              useToasts.getState().show({ kind: 'info', message: 'Draft restored: it is in Drafts.' }),
            );
        },
      },
    });
  };

  const typedAddresses = emailedRecipients(chips);
  const local = content();

  return (
    <section className="composer" aria-label={label} onKeyDown={onKeyDown}>
      <h2 className="composer-heading">
        {target.kind === 'reply' ? `Reply to ${target.title}` : 'New message'}
      </h2>
      {isNew && <RecipientField chips={chips} onChange={setChips} search={services.searchRecipients} />}
      {isNew && (
        <div className="composer-subject">
          <label htmlFor={`${key}-subject`}>Subject</label>
          <input
            id={`${key}-subject`}
            type="text"
            value={title}
            maxLength={255}
            onChange={(e) => setTitle(e.target.value)}
          />
        </div>
      )}
      {conflict && (
        <ConflictResolver
          local={local}
          other={conflict.server}
          onResolve={(chosen) => void drafts.resolveConflict(key, chosen)}
        />
      )}
      <ComposerEditor
        initialMarkdown={draft.content.reply}
        onChange={onBodyChange}
        subscribeReplace={subscribeReplace}
        onSubmit={submit}
        upload={services.upload}
        onUploadStatus={setUploads}
        searchMentions={services.searchMentions}
        label="Message"
      />
      {uploads.uploading.length > 0 && <p role="status">Uploading {uploads.uploading.join(', ')}…</p>}
      {uploads.error && <p role="alert">{uploads.error}</p>}
      {saveProblem && <p role="alert">{saveProblem}</p>}
      <WillBeEmailed preview={emailPreview} typedAddresses={typedAddresses} />
      {errors.length > 0 && (
        <ul className="composer-errors" role="alert">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
      <div className="composer-actions">
        <button type="button" className="composer-send" onClick={submit} title="Send (Ctrl+Enter)">
          Send
        </button>
        <button
          type="button"
          aria-expanded={panel === 'send-later'}
          onClick={() => setPanel(panel === 'send-later' ? 'none' : 'send-later')}
        >
          Send later
        </button>
        <button
          type="button"
          aria-expanded={panel === 'history'}
          onClick={() => setPanel(panel === 'history' ? 'none' : 'history')}
        >
          Earlier versions
        </button>
        <button type="button" onClick={() => void close()}>
          Close
        </button>
        <button type="button" onClick={() => void discard()}>
          Discard
        </button>
      </div>
      {panel === 'send-later' && (
        <SendLaterPicker onSchedule={(at) => void send(at)} onCancel={() => setPanel('none')} />
      )}
      {panel === 'history' && (
        <DraftHistory drafts={drafts} draftKey={key} onClose={() => setPanel('none')} />
      )}
    </section>
  );
}
