// The middle pane: the selected folder's messages, search results while searching, or the
// composer's Drafts and Outbox views.
import { useEffect } from 'react';
import { DraftsView, OutboxView } from '../../composer';
import { useLists } from '../../stores/list-store';
import { useMailboxTitle } from '../../stores/mailbox-store';
import { useUi } from '../../stores/ui-store';
import { MessageList } from '../mailbox/MessageList';
import { SearchResults } from '../search/SearchResults';

export function ListPane() {
  const mailboxId = useUi((s) => s.mailboxId);
  const searching = useUi((s) => s.searchQuery.trim() !== '');

  useEffect(() => {
    // Render what is cached at once, then refresh from the server.
    void useLists.getState().loadFirstPage(mailboxId);
  }, [mailboxId]);

  const folderTitle = useMailboxTitle(mailboxId);
  const title = searching ? 'Search results' : folderTitle;
  return (
    <section className="list-pane" aria-labelledby="list-pane-title">
      <h2 id="list-pane-title" className="pane-title">
        {title}
      </h2>
      {searching ? (
        <SearchResults />
      ) : mailboxId === 'drafts' ? (
        <DraftsView onOpen={(target) => useUi.getState().openComposer(target)} />
      ) : mailboxId === 'outbox' ? (
        // Edit reopens the message in the docked composer, as Drafts does, not squeezed into the list.
        <OutboxView onEdit={(target) => useUi.getState().openComposer(target)} />
      ) : (
        <MessageList mailboxId={mailboxId} />
      )}
    </section>
  );
}
