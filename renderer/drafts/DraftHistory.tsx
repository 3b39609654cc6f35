// Earlier versions of a draft (the last 20 snapshots), newest first, each restorable. Restoring
// keeps the current text as a version too, so it can be undone the same way.
import { useEffect, useState } from 'react';
import { draftExcerpt } from './draft-content';
import type { DraftStore } from './draft-store';
import type { DraftSnapshot } from './local-db';

const REASONS: Record<DraftSnapshot['reason'], string> = {
  edit: 'while writing',
  'before-restore': 'before a restore',
  'before-conflict-choice': 'before choosing between versions',
  'other-device': 'from another device',
  server: 'loaded from the forum',
};

export function DraftHistory({
  drafts,
  draftKey,
  onClose,
}: {
  drafts: DraftStore;
  draftKey: string;
  onClose(): void;
}) {
  const [snapshots, setSnapshots] = useState<DraftSnapshot[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void drafts.history(draftKey).then((s) => live && setSnapshots(s));
    return () => {
      live = false;
    };
  }, [drafts, draftKey]);

  const restore = async (snapshot: DraftSnapshot) => {
    try {
      await drafts.restore(draftKey, snapshot.id!);
      onClose();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <section className="draft-history" aria-label="Earlier versions">
      <h3>Earlier versions</h3>
      {snapshots === null && <p role="status">Loading…</p>}
      {snapshots?.length === 0 && <p>No earlier versions yet.</p>}
      {error && <p role="alert">{error}</p>}
      <ol>
        {snapshots?.map((s) => {
          const when = new Date(s.savedAt).toLocaleString();
          return (
            <li key={s.id}>
              <span className="draft-history-when">{when}</span>{' '}
              <span className="muted">({REASONS[s.reason]})</span>
              <p className="draft-history-excerpt">{draftExcerpt(s.content) || '(empty)'}</p>
              <button
                type="button"
                aria-label={`Restore version from ${when}`}
                onClick={() => void restore(s)}
              >
                Restore
              </button>
            </li>
          );
        })}
      </ol>
      <button type="button" onClick={onClose}>
        Close versions
      </button>
    </section>
  );
}
