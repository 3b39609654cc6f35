// Search results in the list pane: one option per thread with the matching excerpt; opening
// one shows the thread in the reading pane.
import { useSearch } from '../../stores/search-store';
import { useUi } from '../../stores/ui-store';
import { shortTime } from '../mailbox/format-time';

export function SearchResults() {
  const { status, hits, error, query } = useSearch();
  const selectedId = useUi((s) => s.selectedId);

  if (status === 'error')
    return (
      <p role="alert" className="list-empty">
        {error}
      </p>
    );
  if (hits.length === 0)
    return (
      <p role="status" className="list-empty">
        {status === 'searching' ? 'Searching…' : `Nothing found for “${query.trim()}”.`}
      </p>
    );

  return (
    <div
      className="search-results message-list"
      role="listbox"
      aria-label="Search results"
      aria-busy={status === 'searching'}
    >
      {hits.map((hit, i) => (
        <div
          key={hit.topicId}
          role="option"
          id={`search-row-${hit.topicId}`}
          data-topic-id={hit.topicId}
          aria-selected={hit.topicId === selectedId}
          tabIndex={hit.topicId === selectedId || (selectedId === null && i === 0) ? 0 : -1}
          className={`message-row static${hit.topicId === selectedId ? ' selected' : ''}`}
          onClick={() => useUi.getState().open(hit.topicId)}
        >
          <div className="row-line">
            <span className="row-people">
              {hit.username}
              {hit.byEmail && <span className="badge by-email">by email</span>}
            </span>
            <time className="row-time" dateTime={hit.createdAt}>
              {shortTime(hit.createdAt)}
            </time>
          </div>
          <div className="row-subject">{hit.title}</div>
          {hit.blurb && <div className="row-excerpt">{plainText(hit.blurb)}</div>}
        </div>
      ))}
    </div>
  );
}

/** Discourse may mark matches inside a blurb with tags; the list shows plain text only. */
function plainText(blurb: string): string {
  return blurb.replace(/<[^>]*>/g, '');
}
