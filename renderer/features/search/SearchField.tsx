// The search field: results as you type (the search store debounces and cancels), `/`
// focuses it, Escape clears it and returns to the folder. Operators pass through as typed.
import { useEffect, useRef } from 'react';
import { useSearch } from '../../stores/search-store';
import { useUi } from '../../stores/ui-store';

export function SearchField() {
  const query = useUi((s) => s.searchQuery);
  const focusRequest = useUi((s) => s.searchFocusRequest);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (focusRequest > 0) {
      inputRef.current?.focus();
      inputRef.current?.select();
    }
  }, [focusRequest]);

  function change(value: string) {
    useUi.getState().setSearchQuery(value);
    useSearch.getState().setQuery(value);
  }

  return (
    <form className="search" role="search" onSubmit={(e) => e.preventDefault()}>
      <input
        ref={inputRef}
        type="search"
        aria-label="Search"
        placeholder="Search   from: to: in: is:unread “phrase”"
        aria-keyshortcuts="/"
        value={query}
        onChange={(e) => change(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            change('');
            inputRef.current?.blur();
          } else if (e.key === 'ArrowDown' || e.key === 'Enter') {
            // Into the results, keyboard-first.
            const first = document.querySelector<HTMLElement>('.search-results [role="option"]');
            if (first) {
              e.preventDefault();
              first.focus();
              const id = Number(first.dataset.topicId);
              if (e.key === 'Enter') useUi.getState().open(id);
              else useUi.getState().select(id);
            }
          }
        }}
      />
    </form>
  );
}
