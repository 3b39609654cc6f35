// "Activate your account": the signup email's link. Activation waits for the click — a GET
// of the link changes nothing — so mail scanners that follow links do not activate anyone
// (Discourse asks for the same click). The forum signs the person in as it activates.
import { useState } from 'react';
import { connect } from '../../api/client';
import { toApiError } from '../../api/api-error';
import { activateAccount, UnusableLinkError } from '../../api/account-links';
import { fetchCurrentUser } from '../../api/forum-api';
import { useSession } from '../../stores/session-store';
import { AuthPage } from '../auth/AuthPage';
import { leaveAccountLink } from './account-link';
import { ContinueLink, FormError, UnusableLink } from './LinkOutcome';

type State =
  | { step: 'ready' | 'activating'; error: string | null }
  | { step: 'active'; signedIn: boolean }
  | { step: 'unusable' };

export function ActivateAccountPage(props: { token: string; onDone(hash: string): void }) {
  const siteTitle = useSession((s) => s.siteTitle);
  const [state, setState] = useState<State>({ step: 'ready', error: null });

  async function activate() {
    setState({ step: 'activating', error: null });
    try {
      const http = await connect();
      await activateAccount(http, props.token);
      const user = await fetchCurrentUser(http).catch(() => null);
      // The link is spent: keep it out of the address bar and of Back.
      leaveAccountLink();
      setState({ step: 'active', signedIn: user !== null });
    } catch (error) {
      if (error instanceof UnusableLinkError) setState({ step: 'unusable' });
      else setState({ step: 'ready', error: toApiError(error, 'Activating your account').message });
    }
  }

  if (state.step === 'unusable')
    return (
      <UnusableLink
        title="This activation link no longer works"
        advice={`If you have already activated your account, sign in. If not, ask the people who run ${siteTitle} to activate it.`}
      >
        <ContinueLink onDone={props.onDone}>Go to sign in</ContinueLink>
      </UnusableLink>
    );

  if (state.step === 'active')
    return (
      <AuthPage
        title="Your account is active"
        subtitle={state.signedIn ? `You are signed in to ${siteTitle}.` : `Welcome to ${siteTitle}.`}
      >
        <ContinueLink onDone={props.onDone}>{state.signedIn ? 'Open your inbox' : 'Sign in'}</ContinueLink>
      </AuthPage>
    );

  return (
    <AuthPage title="Activate your account" subtitle={`on ${siteTitle}`}>
      <p className="auth-text">This confirms that the email address is yours and opens your account.</p>
      <FormError id="activate-error" message={state.error} />
      <button
        type="button"
        className="primary auth-action"
        onClick={() => void activate()}
        disabled={state.step === 'activating'}
      >
        {state.step === 'activating' ? 'Activating…' : 'Activate account'}
      </button>
    </AuthPage>
  );
}
