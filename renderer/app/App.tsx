// The app's top level: connect to the forum, then show first-run setup, sign-in, or the mail
// client. Nothing below this renders before the session is known.
import { useEffect, useState } from 'react';
import { useSession } from '../stores/session-store';
import { accountLinkFrom, leaveAccountLink } from '../features/account/account-link';
import { AccountLinkPage } from '../features/account/AccountLinkPage';
import { LoginForm } from '../features/auth/LoginForm';
import { SetupForm } from '../features/auth/SetupForm';
import { MailClient } from '../features/shell/MailClient';
import { useTheme } from '../features/shell/use-theme';

export function App() {
  const status = useSession((s) => s.status);
  const error = useSession((s) => s.error);
  const siteTitle = useSession((s) => s.siteTitle);
  // Opened from a link in an account email (activation, password reset, invite): that page first.
  const [accountLink, setAccountLink] = useState(() => accountLinkFrom(window.location));
  useTheme();

  useEffect(() => {
    void useSession.getState().boot();
  }, []);

  useEffect(() => {
    document.title = siteTitle && siteTitle !== 'Foyer' ? `${siteTitle} · Foyer` : 'Foyer';
  }, [siteTitle]);

  if (accountLink)
    return (
      <AccountLinkPage
        link={accountLink}
        onDone={(hash) => {
          leaveAccountLink(hash);
          setAccountLink(null);
          // The link may have signed the person in: ask the forum who is signed in now.
          void useSession.getState().boot();
        }}
      />
    );

  switch (status) {
    case 'loading':
      return (
        <div className="splash">
          <p role="status">Connecting to the forum…</p>
        </div>
      );
    case 'unreachable':
      return (
        <main className="auth-page">
          <section className="auth-card" role="alert" aria-labelledby="unreachable-title">
            <h2 id="unreachable-title">Could not reach the forum</h2>
            <p>{error}</p>
            <p className="muted">Check that the Foyer server is running, then try again.</p>
            <button type="button" className="primary" onClick={() => void useSession.getState().boot()}>
              Try again
            </button>
          </section>
        </main>
      );
    case 'needs-setup':
      return <SetupForm />;
    case 'signed-out':
      return <LoginForm />;
    case 'signed-in':
      return <MailClient />;
  }
}
