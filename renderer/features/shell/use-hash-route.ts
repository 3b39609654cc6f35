// Deep links: #/inbox, #/group%3Asupport, #/inbox/t/42 open that folder and thread. The
// hash follows the UI state (replaceState, so Back leaves the app rather than stepping
// through every selection).
import { useEffect } from 'react';
import { useUi } from '../../stores/ui-store';

export function parseHash(hash: string): { mailboxId: string; topicId: number | null } | null {
  const match = /^#\/([^/]+)(?:\/t\/(\d+))?\/?$/.exec(hash);
  if (!match?.[1]) return null;
  let mailboxId: string;
  try {
    mailboxId = decodeURIComponent(match[1]);
  } catch {
    return null;
  }
  return { mailboxId, topicId: match[2] ? Number(match[2]) : null };
}

export function formatHash(mailboxId: string, topicId: number | null): string {
  return `#/${encodeURIComponent(mailboxId)}${topicId === null ? '' : `/t/${topicId}`}`;
}

export function useHashRoute(): void {
  useEffect(() => {
    const apply = () => {
      const route = parseHash(window.location.hash);
      if (!route) return;
      const ui = useUi.getState();
      if (route.mailboxId !== ui.mailboxId) ui.showMailbox(route.mailboxId);
      if (route.topicId !== null && route.topicId !== useUi.getState().openId)
        useUi.getState().open(route.topicId);
    };
    apply();
    window.addEventListener('hashchange', apply);
    const unsubscribe = useUi.subscribe((state, previous) => {
      if (state.mailboxId === previous.mailboxId && state.openId === previous.openId) return;
      const hash = formatHash(state.mailboxId, state.openId);
      if (window.location.hash !== hash) history.replaceState(null, '', hash);
    });
    return () => {
      window.removeEventListener('hashchange', apply);
      unsubscribe();
    };
  }, []);
}
