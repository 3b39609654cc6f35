// The two endings every account link page shares: the way on into the app, and the one
// message for a link that cannot be used (whatever the reason, so the page says nothing
// about which accounts or addresses exist).
import type { MouseEvent, ReactNode } from 'react';
import { AuthPage } from '../auth/AuthPage';
import { appRootOf } from './account-link';

/** A real link to the app (it works opened in a new tab too); a plain click stays in the page. */
export function ContinueLink(props: { hash?: string; onDone(hash: string): void; children: ReactNode }) {
  const hash = props.hash ?? '';
  const follow = (event: MouseEvent) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    props.onDone(hash);
  };
  return (
    <a className="auth-action" href={appRootOf(window.location.pathname) + hash} onClick={follow}>
      {props.children}
    </a>
  );
}

export function UnusableLink(props: { title: string; advice: string; children: ReactNode }) {
  return (
    <AuthPage title={props.title} subtitle="It was used already, has expired, or is incomplete.">
      <p className="auth-text" role="alert">
        {props.advice}
      </p>
      {props.children}
    </AuthPage>
  );
}

/** A failure that is not about the link (the forum unreachable, a refusal to fix). */
export function FormError(props: { id: string; message: string | null }) {
  if (!props.message) return null;
  return (
    <p id={props.id} className="form-error" role="alert">
      {props.message}
    </p>
  );
}
