// Asking for a password reset email (Discourse's POST /session/forgot_password). The answer
// is the same for every username or address, so the page says what happens if an account
// matches and never whether one does.
import { useState, type FormEvent } from 'react';
import { connect } from '../../api/client';
import { toApiError } from '../../api/api-error';
import { requestPasswordReset } from '../../api/account-links';
import { Field } from './AuthPage';
import '../../styles/account.css';

export function ForgotPasswordForm(props: { initialLogin?: string; onBack(): void }) {
  const [login, setLogin] = useState(props.initialLogin ?? '');
  const [busy, setBusy] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await requestPasswordReset(await connect(), login.trim());
      setSentTo(login.trim());
    } catch (e) {
      setError(toApiError(e, 'Asking for a reset email').message);
    } finally {
      setBusy(false);
    }
  }

  if (sentTo !== null)
    return (
      <>
        <p className="auth-text" role="status">
          If “{sentTo}” belongs to an account here, an email with a link to choose a new password is on its
          way to that account’s address. Check your inbox, and the spam folder too.
        </p>
        <button type="button" className="auth-action" onClick={props.onBack}>
          Back to sign in
        </button>
      </>
    );

  return (
    <form onSubmit={(e) => void submit(e)} aria-describedby={error ? 'forgot-error' : undefined} noValidate>
      <Field label="Username or email" value={login} onChange={setLogin} autoComplete="username" required />
      {error && (
        <p id="forgot-error" className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy || !login.trim()}>
        {busy ? 'Sending…' : 'Email me a reset link'}
      </button>
      <button type="button" className="quiet auth-secondary" onClick={props.onBack}>
        Back to sign in
      </button>
    </form>
  );
}
