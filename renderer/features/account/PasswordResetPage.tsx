// "Choose a new password": the forgot_password email's link. The link is checked first without
// being used (so a dead link says so before anyone types), then the new password is sent once;
// the forum's rules (length, not the username or address) come back as its own words.
import { useEffect, useState, type FormEvent } from 'react';
import { connect } from '../../api/client';
import { isAbort, toApiError } from '../../api/api-error';
import { checkPasswordResetLink, resetPassword, UnusableLinkError } from '../../api/account-links';
import { fetchCurrentUser } from '../../api/forum-api';
import { useSession } from '../../stores/session-store';
import { AuthPage, Field } from '../auth/AuthPage';
import { ForgotPasswordForm } from '../auth/ForgotPasswordForm';
import { leaveAccountLink } from './account-link';
import { ContinueLink, FormError, UnusableLink } from './LinkOutcome';

type Step = 'checking' | 'form' | 'saving' | 'done' | 'unusable';

export function PasswordResetPage(props: { token: string; onDone(hash: string): void }) {
  const siteTitle = useSession((s) => s.siteTitle);
  const [step, setStep] = useState<Step>('checking');
  const [error, setError] = useState<string | null>(null);
  const [signedIn, setSignedIn] = useState(false);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');

  useEffect(() => {
    const abort = new AbortController();
    connect()
      .then((http) => checkPasswordResetLink(http, props.token, abort.signal))
      .then(
        (link) => setStep(link.usable ? 'form' : 'unusable'),
        (e: unknown) => {
          if (isAbort(e)) return;
          // Could not ask (offline, a server error): offer the form; sending it tells.
          setError(toApiError(e, 'Checking the link').message);
          setStep('form');
        },
      );
    return () => abort.abort();
  }, [props.token]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (password !== confirm) {
      setError('The two passwords are not the same. Type the new password twice.');
      return;
    }
    setStep('saving');
    setError(null);
    try {
      const http = await connect();
      await resetPassword(http, props.token, password);
      setSignedIn((await fetchCurrentUser(http).catch(() => null)) !== null);
      // The link is spent: keep it out of the address bar and of Back.
      leaveAccountLink();
      setStep('done');
    } catch (e) {
      if (e instanceof UnusableLinkError) return setStep('unusable');
      setError(toApiError(e, 'Changing your password').message);
      setStep('form');
    }
  }

  if (step === 'checking')
    return (
      <AuthPage title="Choose a new password" subtitle={`for ${siteTitle}`}>
        <p role="status">Checking the link…</p>
      </AuthPage>
    );

  if (step === 'unusable')
    return (
      <UnusableLink
        title="This password reset link no longer works"
        advice="Ask for a new link below. Only the newest link you were sent works, and only once."
      >
        <ForgotPasswordForm onBack={() => props.onDone('')} />
      </UnusableLink>
    );

  if (step === 'done')
    return (
      <AuthPage
        title="Your password is changed"
        subtitle={signedIn ? `You are signed in to ${siteTitle}.` : 'Sign in with your new password.'}
      >
        <p className="auth-text">
          Anywhere else you were signed in with the old password, you are signed out.
        </p>
        <ContinueLink onDone={props.onDone}>{signedIn ? 'Open your inbox' : 'Sign in'}</ContinueLink>
      </AuthPage>
    );

  return (
    <AuthPage title="Choose a new password" subtitle={`for your account on ${siteTitle}`}>
      <form onSubmit={(e) => void submit(e)} aria-describedby={error ? 'reset-error' : undefined} noValidate>
        <Field
          label="New password"
          type="password"
          value={password}
          onChange={setPassword}
          autoComplete="new-password"
          required
        />
        <Field
          label="New password again"
          type="password"
          value={confirm}
          onChange={setConfirm}
          autoComplete="new-password"
          required
        />
        <FormError id="reset-error" message={error} />
        <button type="submit" className="primary" disabled={step === 'saving' || !password || !confirm}>
          {step === 'saving' ? 'Saving…' : 'Set new password'}
        </button>
      </form>
    </AuthPage>
  );
}
