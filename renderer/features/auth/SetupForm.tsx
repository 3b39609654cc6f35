// First run of a new forum: create its first (admin) account. Shown when
// /foyer/setup.json says needs_setup; the answer signs the new account in.
import { useState, type FormEvent } from 'react';
import { useSession } from '../../stores/session-store';
import { AuthPage, Field } from './AuthPage';

export function SetupForm() {
  const { busy, error, setup, siteTitle } = useSession();
  const [form, setForm] = useState({ name: '', username: '', email: '', password: '' });
  const change = (key: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    void setup(form);
  }

  return (
    <AuthPage
      title="Set up Foyer"
      subtitle={`Create the first account of ${siteTitle}. It will be the administrator.`}
    >
      <form onSubmit={submit} aria-describedby={error ? 'setup-error' : undefined} noValidate>
        <Field label="Name" value={form.name} onChange={change('name')} autoComplete="name" />
        <Field
          label="Username"
          value={form.username}
          onChange={change('username')}
          autoComplete="username"
          required
        />
        <Field
          label="Email"
          type="email"
          value={form.email}
          onChange={change('email')}
          autoComplete="email"
          required
        />
        <Field
          label="Password"
          type="password"
          value={form.password}
          onChange={change('password')}
          autoComplete="new-password"
          required
        />
        {error && (
          <p id="setup-error" className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Creating account…' : 'Create account'}
        </button>
      </form>
    </AuthPage>
  );
}
