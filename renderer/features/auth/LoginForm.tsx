// Sign in with a username or e-mail address and a password (Discourse's POST /session.json).
import { useState, type FormEvent } from 'react';
import { useSession } from '../../stores/session-store';
import { AuthPage, Field } from './AuthPage';
import { ForgotPasswordForm } from './ForgotPasswordForm';

export function LoginForm() {
  const { busy, error, signIn, siteTitle } = useSession();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [forgot, setForgot] = useState(false);

  function submit(event: FormEvent) {
    event.preventDefault();
    void signIn(login.trim(), password);
  }

  if (forgot)
    return (
      <AuthPage title="Reset your password" subtitle={`on ${siteTitle}`}>
        <ForgotPasswordForm initialLogin={login.trim()} onBack={() => setForgot(false)} />
      </AuthPage>
    );

  return (
    <AuthPage title="Sign in" subtitle={`to ${siteTitle}`}>
      <form onSubmit={submit} aria-describedby={error ? 'login-error' : undefined} noValidate>
        <Field label="Username or email" value={login} onChange={setLogin} autoComplete="username" required />
        <Field
          label="Password"
          type="password"
          value={password}
          onChange={setPassword}
          autoComplete="current-password"
          required
        />
        {error && (
          <p id="login-error" className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy || !login.trim() || !password}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <button type="button" className="quiet auth-secondary" onClick={() => setForgot(true)}>
          Forgot your password?
        </button>
      </form>
    </AuthPage>
  );
}
