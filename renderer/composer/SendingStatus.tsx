// What the composer shows once Send was pressed: a countdown with Undo while the message waits in
// the outbox, then delivery (the shell is told via onSent), a queue while the forum cannot be
// reached, or the forum's reason for refusing it with Edit to fix it.
import { browserSaysOnline } from '../api/connectivity';
import { useEffect, useState } from 'react';
import type { OutboxEntry } from '../drafts/local-db';
import type { Outbox } from '../outbox/outbox';
import { useNow } from '../outbox/use-outbox';

type Outcome =
  | { kind: 'waiting' }
  | { kind: 'scheduled'; at: string }
  | { kind: 'failed'; message: string }
  | { kind: 'too-late' };

export function SendingStatus({
  outbox,
  entry,
  onTakenBack,
  onSent,
  onClose,
}: {
  outbox: Outbox;
  entry: OutboxEntry;
  onTakenBack(entry: OutboxEntry): void;
  onSent(r: { topicId: number; postNumber: number }): void;
  onClose(): void;
}) {
  const now = useNow(250);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'waiting' });

  useEffect(
    () =>
      outbox.subscribe((event) => {
        if (event.type === 'delivered' && event.id === entry.id) {
          if (event.result.kind === 'posted') {
            onSent({ topicId: event.result.post.topicId, postNumber: event.result.post.postNumber });
          } else {
            setOutcome({ kind: 'scheduled', at: event.result.scheduled.send_at });
          }
        } else if (event.type === 'failed' && event.id === entry.id) {
          setOutcome({ kind: 'failed', message: event.message });
        }
      }),
    [outbox, entry.id, onSent],
  );

  const undo = async () => {
    const taken = await outbox.undo(entry.id);
    if (taken) onTakenBack(taken);
    else setOutcome({ kind: 'too-late' });
  };
  const edit = async () => {
    const taken = await outbox.edit(entry.id);
    if (taken) onTakenBack(taken);
  };

  const remaining = Math.ceil((entry.sendAfter - now) / 1000);
  const online = browserSaysOnline();

  if (outcome.kind === 'failed') {
    return (
      <div className="composer-sending" role="alert">
        <p>Not sent: {outcome.message}</p>
        <button type="button" onClick={() => void edit()}>
          Edit
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
        <p className="muted">It stays in the Outbox until you retry, edit or discard it.</p>
      </div>
    );
  }
  if (outcome.kind === 'scheduled') {
    return (
      <div className="composer-sending" role="status">
        <p>Scheduled for {new Date(outcome.at).toLocaleString()}. The forum will send it then.</p>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    );
  }
  const what = entry.sendAt ? 'Scheduling' : 'Sending';
  return (
    <div className="composer-sending composer-toast" role="status">
      {remaining > 0 ? (
        <>
          <p>
            {what} in {remaining} s…
          </p>
          <button type="button" onClick={() => void undo()}>
            Undo
          </button>
        </>
      ) : (
        <>
          <p>
            {outbox.isSending(entry.id) || online
              ? `${what}…`
              : 'Waiting in the Outbox: it will be sent when the connection returns.'}
          </p>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </>
      )}
      {outcome.kind === 'too-late' && <p>Too late to undo: the message is on its way.</p>}
    </div>
  );
}
