// The banner: the app's name, Compose, the search field, the theme switch, the command
// palette and the account menu.
import { useSession } from '../../stores/session-store';
import { useUi } from '../../stores/ui-store';
import { SearchField } from '../search/SearchField';
import { runAppCommand } from '../../keyboard/app-commands';
import { useLiveStatus } from '../../live/live-sync';

function ThemeToggle() {
  const theme = useUi((s) => s.theme);
  const dark =
    theme === 'dark' || (theme === 'system' && window.matchMedia?.('(prefers-color-scheme: dark)').matches);
  return (
    <button
      type="button"
      className="icon-button"
      aria-pressed={dark}
      aria-label="Dark theme"
      title={dark ? 'Switch to the light theme' : 'Switch to the dark theme'}
      onClick={() => runAppCommand('toggle-theme')}
    >
      <span aria-hidden="true">{dark ? '☾' : '☀'}</span>
    </button>
  );
}

function LiveIndicator() {
  const status = useLiveStatus((s) => s.status);
  if (status === 'open' || status === 'connecting' || status === 'closed') return null;
  const text = status === 'unavailable' ? 'Live updates unavailable' : 'Reconnecting…';
  return (
    <span className="live-status" role="status">
      {text}
    </span>
  );
}

export function TopBar() {
  const user = useSession((s) => s.user);
  return (
    <header className="top-bar">
      <h1 className="brand">Foyer</h1>
      <button
        type="button"
        className="primary compose-button"
        onClick={() => runAppCommand('compose')}
        aria-keyshortcuts="c"
      >
        Compose
      </button>
      <SearchField />
      <LiveIndicator />
      <div className="top-bar-end">
        <button
          type="button"
          className="icon-button"
          aria-label="Command palette"
          title="Command palette (Ctrl+K)"
          aria-keyshortcuts="Control+K Meta+K"
          onClick={() => runAppCommand('palette')}
        >
          <span aria-hidden="true">⌘</span>
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="Keyboard shortcuts"
          title="Keyboard shortcuts (?)"
          aria-keyshortcuts="?"
          onClick={() => runAppCommand('cheatsheet')}
        >
          <span aria-hidden="true">?</span>
        </button>
        <ThemeToggle />
        <span className="account" title={user?.name ?? undefined}>
          {user?.username}
        </span>
        <button type="button" className="quiet" onClick={() => void useSession.getState().signOut()}>
          Sign out
        </button>
      </div>
    </header>
  );
}
