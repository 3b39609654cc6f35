// A draft changed on another device: both versions side by side, and the person keeps one or
// merges them by hand. Nothing is thrown away either way: both stay in the draft's history.
import { useId, useState } from 'react';
import type { DraftContent } from './draft-content';

function summarize(content: DraftContent): string {
  const lines: string[] = [];
  if (content.target.kind === 'new') {
    lines.push(`To: ${content.recipients.map((r) => r.value).join(', ') || '(nobody yet)'}`);
    lines.push(`Subject: ${content.title || '(none)'}`);
    lines.push('');
  }
  lines.push(content.reply || '(empty)');
  return lines.join('\n');
}

/** Both texts, this device's first, and the union of the recipients. */
export function mergeDrafts(local: DraftContent, other: DraftContent, reply: string): DraftContent {
  const recipients = [...local.recipients];
  for (const r of other.recipients) {
    if (!recipients.some((x) => x.value.toLowerCase() === r.value.toLowerCase())) recipients.push(r);
  }
  return { ...local, title: local.title || other.title, recipients, reply };
}

export function ConflictResolver({
  local,
  other,
  onResolve,
}: {
  local: DraftContent;
  /** null: the draft was discarded or sent on the other device. */
  other: DraftContent | null;
  onResolve(content: DraftContent): void;
}) {
  const id = useId();
  const [merging, setMerging] = useState(false);
  const [merged, setMerged] = useState(() =>
    other ? `${local.reply.trimEnd()}\n\n${other.reply.trim()}` : '',
  );
  return (
    <section className="draft-conflict" role="region" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>This draft was also changed on another device</h3>
      <p>Both versions are kept. Choose one, or merge them.</p>
      <div className="draft-conflict-versions">
        <figure>
          <figcaption>On this device</figcaption>
          <pre aria-label="Version on this device">{summarize(local)}</pre>
          <button type="button" onClick={() => onResolve(local)}>
            Keep this device’s version
          </button>
        </figure>
        <figure>
          <figcaption>On the other device</figcaption>
          {other ? (
            <>
              <pre aria-label="Version on the other device">{summarize(other)}</pre>
              <button type="button" onClick={() => onResolve(other)}>
                Use the other device’s version
              </button>
            </>
          ) : (
            <p>It was discarded or sent there.</p>
          )}
        </figure>
      </div>
      {other && !merging && (
        <button type="button" onClick={() => setMerging(true)}>
          Merge both
        </button>
      )}
      {other && merging && (
        <div className="draft-conflict-merge">
          <label htmlFor={`${id}-merged`}>Merged text</label>
          <textarea id={`${id}-merged`} rows={8} value={merged} onChange={(e) => setMerged(e.target.value)} />
          <button type="button" onClick={() => onResolve(mergeDrafts(local, other, merged))}>
            Use merged text
          </button>
        </div>
      )}
    </section>
  );
}
