// The Drafts list: drafts on this device merged with the forum's (drafts started elsewhere),
// newest first, with what needs attention (not synced yet, changed on another device).
import { useCallback, useEffect, useState } from 'react';
import type { ComposerTarget } from '../composer/composer-target';
import { useComposerServices } from '../composer/services';
import { draftExcerpt, type DraftContent } from './draft-content';
import type { DraftListItem } from './draft-store';

function titleOf(content: DraftContent): string {
  if (content.target.kind === 'reply') return `Re: ${content.target.title}`;
  return content.title || '(no subject)';
}

/** A new message started with Compose was a bare "new" target: open it by its own key. */
function openTarget(item: DraftListItem): ComposerTarget {
  const { target } = item.content;
  return target.kind === 'new' ? { kind: 'new', draftKey: item.key } : target;
}

const STATE_TEXT: Record<DraftListItem['state'], string> = {
  synced: '',
  unsynced: 'Saved on this device; not on the forum yet',
  conflict: 'Changed on another device: open it to choose a version',
};

export function DraftsView({ onOpen }: { onOpen(target: ComposerTarget): void }) {
  const services = useComposerServices();
  const [list, setList] = useState<{ items: DraftListItem[]; serverReachable: boolean } | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);

  const reload = useCallback(() => {
    if (services) void services.drafts.list().then(setList);
  }, [services]);

  useEffect(() => {
    reload();
    return services?.drafts.subscribe((e) => {
      if (e.type !== 'saved') reload();
    });
  }, [services, reload]);

  if (!list) {
    return (
      <section aria-label="Drafts" aria-busy="true">
        <p role="status">Loading drafts…</p>
      </section>
    );
  }
  return (
    <section aria-label="Drafts" className="drafts-view">
      {!list.serverReachable && (
        <p role="status" className="muted">
          Showing drafts on this device; the forum could not be reached for drafts saved elsewhere.
        </p>
      )}
      {list.items.length === 0 && <p>No drafts.</p>}
      <ul className="drafts-list">
        {list.items.map((item) => {
          const title = titleOf(item.content);
          const to = item.content.recipients.map((r) => r.value).join(', ');
          return (
            <li key={item.key} className={`draft-item draft-item-${item.state}`}>
              <h3 className="draft-item-title">{title}</h3>
              {to && <p className="draft-item-to">To: {to}</p>}
              <p className="draft-item-excerpt">{draftExcerpt(item.content)}</p>
              <p className="draft-item-meta muted">
                {item.updatedAt ? new Date(item.updatedAt).toLocaleString() : ''}
                {item.source === 'server' ? ' · from another device' : ''}
                {STATE_TEXT[item.state] ? ` · ${STATE_TEXT[item.state]}` : ''}
              </p>
              <button
                type="button"
                aria-label={`Open draft ${title}`}
                onClick={() => onOpen(openTarget(item))}
              >
                Open
              </button>
              {confirming === item.key ? (
                <>
                  <button
                    type="button"
                    aria-label={`Confirm discarding draft ${title}`}
                    onClick={() => {
                      setConfirming(null);
                      void services!.drafts.discard(item.key).then(reload);
                    }}
                  >
                    Discard for good
                  </button>
                  <button type="button" onClick={() => setConfirming(null)}>
                    Keep
                  </button>
                </>
              ) : (
                <button
                  type="button"
                  aria-label={`Discard draft ${title}`}
                  onClick={() => setConfirming(item.key)}
                >
                  Discard
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
