// The signed-in mail client: top bar, folders, the message list and the reading pane, plus
// the composer dock, the dialogs and the toasts. Starts the live event stream and the
// keyboard map for as long as it is shown.
import { useEffect, useState } from 'react';
import { startLiveSync, stopLiveSync } from '../../live/live-sync';
import { useKeyboard } from '../../keyboard/use-keyboard';
import { useMailboxes } from '../../stores/mailbox-store';
import { hydrateCache, startPersisting } from '../../stores/persist-cache';
import { useSession } from '../../stores/session-store';
import { useLists } from '../../stores/list-store';
import { useThreads } from '../../stores/thread-store';
import { useUi } from '../../stores/ui-store';
import { CheatSheet } from '../palette/CheatSheet';
import { CommandPalette } from '../palette/CommandPalette';
import { ThreadView } from '../thread/ThreadView';
import { Toasts } from '../toasts/Toasts';
import { ComposerHost } from './ComposerHost';
import { ListPane } from './ListPane';
import { Nav } from './Nav';
import { TopBar } from './TopBar';
import { useHashRoute } from './use-hash-route';

export function MailClient() {
  const reading = useUi((s) => s.openId !== null);
  const composing = useUi((s) => s.composer !== null);
  useKeyboard();
  useHashRoute();

  // Cached rows before the first paint (this runs before the list's first load), then the server's.
  useState(() => {
    const username = useSession.getState().user?.username;
    if (username) hydrateCache(username);
    return null;
  });

  useEffect(() => {
    const username = useSession.getState().user?.username;
    const stopPersisting = username ? startPersisting(username) : () => undefined;
    void useMailboxes.getState().load();
    startLiveSync();
    return () => {
      stopPersisting();
      stopLiveSync();
      // Another account may sign in next; it must not see this one's cache.
      useLists.getState().reset();
      useThreads.getState().reset();
    };
  }, []);

  return (
    <div className="app" data-reading={reading} data-composing={composing}>
      <TopBar />
      <div className="panes">
        <Nav />
        <ListPane />
        <main className="reading-pane" aria-label="Conversation">
          <ThreadView />
        </main>
      </div>
      <ComposerHost />
      <CommandPalette />
      <CheatSheet />
      <Toasts />
    </div>
  );
}
