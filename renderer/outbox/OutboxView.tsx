// The outbox, visible: messages waiting out Undo, queued until the connection returns, being
// retried, or rejected by the forum (with its reason and Retry / Edit / Discard), plus messages
// scheduled with "Send later" on the forum.
import { browserSaysOnline } from '../api/connectivity';
import { useCallback, useEffect, useState } from 'react';
import { cancelScheduledPost, listScheduledPosts, type ScheduledPost } from '../api/posts';
import { ComposerPanel } from '../composer/ComposerPanel';
import type { ComposerTarget } from '../composer/composer-target';
import { useComposerServices } from '../composer/services';
import type { OutboxEntry } from '../drafts/local-db';
import { useNow, useOutboxEntries } from './use-outbox';

function describeEntry(entry: OutboxEntry): string {
  const f = entry.fields;
  if (f.title) return f.title;
  return entry.draft.content.target.kind === 'reply'
    ? `Re: ${entry.draft.content.target.title}`
    : '(no subject)';
}

function statusOf(entry: OutboxEntry, now: number, sending: boolean, online: boolean): string {
  if (entry.status === 'failed') return `Not sent: ${entry.lastError ?? 'the forum refused it'}`;
  if (sending) return 'Sending…';
  if (now < entry.sendAfter) return `Sending in ${Math.ceil((entry.sendAfter - now) / 1000)} s`;
  if (!online) return 'Waiting for the connection';
  if (entry.attempts > 0) {
    return `Will retry at ${new Date(entry.nextAttemptAt).toLocaleTimeString()} (${entry.lastError ?? 'no answer'})`;
  }
  return 'Queued';
}

export function OutboxView(props: { onEdit?(target: ComposerTarget): void } = {}) {
  const services = useComposerServices();
  const entries = useOutboxEntries();
  const now = useNow();
  const [editing, setEditing] = useState<ComposerTarget | null>(null);
  const [scheduled, setScheduled] = useState<ScheduledPost[] | null>(null);
  const [scheduleError, setScheduleError] = useState<string | null>(null);
  const online = browserSaysOnline();

  const loadScheduled = useCallback(async () => {
    if (!services) return;
    try {
      setScheduled(await listScheduledPosts(await services.getHttp()));
      setScheduleError(null);
    } catch {
      setScheduleError('Scheduled messages could not be loaded from the forum.');
    }
  }, [services]);

  useEffect(() => {
    void loadScheduled();
    // Opened while offline, the list could not load; it does once the connection is back.
    const online = () => void loadScheduled();
    window.addEventListener('online', online);
    const unsubscribe = services?.outbox.subscribe((e) => {
      if (e.type === 'delivered' && e.result.kind === 'scheduled') void loadScheduled();
    });
    return () => {
      window.removeEventListener('online', online);
      unsubscribe?.();
    };
  }, [services, loadScheduled]);

  if (editing) {
    return (
      <ComposerPanel target={editing} onClose={() => setEditing(null)} onSent={() => setEditing(null)} />
    );
  }

  const reopen = (taken: OutboxEntry | null | undefined) => {
    if (!taken) return;
    const target = taken.draft.content.target;
    const next = target.kind === 'new' ? { ...target, draftKey: taken.draft.key } : target;
    if (props.onEdit) props.onEdit(next);
    else setEditing(next);
  };
  const edit = async (entry: OutboxEntry) => reopen(await services?.outbox.edit(entry.id));

  return (
    <section aria-label="Outbox" className="outbox-view">
      {entries === null && <p role="status">Loading outbox…</p>}
      {entries?.length === 0 && <p>Nothing waiting to be sent.</p>}
      <ul className="outbox-list">
        {entries?.map((entry) => {
          const title = describeEntry(entry);
          const sending = services?.outbox.isSending(entry.id) ?? false;
          const inUndoWindow = entry.status === 'pending' && now < entry.sendAfter;
          return (
            <li key={entry.id} className={`outbox-item outbox-item-${entry.status}`}>
              <h3 className="outbox-item-title">{title}</h3>
              {entry.fields.target_recipients && (
                <p>To: {entry.fields.target_recipients.split(',').join(', ')}</p>
              )}
              {entry.sendAt && <p>Send later: {new Date(entry.sendAt).toLocaleString()}</p>}
              <p className="outbox-item-status" role={entry.status === 'failed' ? 'alert' : undefined}>
                {statusOf(entry, now, sending, online)}
              </p>
              {inUndoWindow && (
                <button
                  type="button"
                  aria-label={`Undo sending ${title}`}
                  onClick={() => void services?.outbox.undo(entry.id).then(reopen)}
                >
                  Undo
                </button>
              )}
              {!sending && !inUndoWindow && (
                <button
                  type="button"
                  aria-label={`${entry.status === 'failed' ? 'Retry' : 'Send now'}: ${title}`}
                  onClick={() => void services?.outbox.retry(entry.id)}
                >
                  {entry.status === 'failed' ? 'Retry' : 'Send now'}
                </button>
              )}
              {!sending && (
                <button type="button" aria-label={`Edit ${title}`} onClick={() => void edit(entry)}>
                  Edit
                </button>
              )}
              {!sending && (
                <button
                  type="button"
                  aria-label={`Discard ${title}`}
                  onClick={() => void services?.outbox.discard(entry.id)}
                >
                  Discard
                </button>
              )}
            </li>
          );
        })}
      </ul>
      <h3>Scheduled on the forum</h3>
      {scheduleError && <p role="status">{scheduleError}</p>}
      {scheduled?.length === 0 && <p>No scheduled messages.</p>}
      <ul className="outbox-scheduled">
        {scheduled?.map((s) => (
          <li key={s.id}>
            <span>{s.title || (s.topic_id ? `Reply in topic ${s.topic_id}` : 'Message')}</span> ·{' '}
            <span>{new Date(s.send_at).toLocaleString()}</span>
            {s.status === 'failed' && (
              <span role="alert"> · Not sent: {s.error ?? 'the forum refused it'}</span>
            )}
            <button
              type="button"
              aria-label={`Cancel scheduled ${s.title || 'message'}`}
              onClick={() =>
                void (async () => {
                  if (!services) return;
                  try {
                    await cancelScheduledPost(await services.getHttp(), s.id);
                  } catch {
                    setScheduleError('Could not cancel: the forum could not be reached. Try again.');
                  }
                  await loadScheduled();
                })()
              }
            >
              Cancel
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
