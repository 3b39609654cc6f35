// The frame and labelled fields shared by the setup and sign-in forms.
import { useId, type ReactNode } from 'react';

export function AuthPage(props: { title: string; subtitle: string; children: ReactNode }) {
  return (
    <>
      <header className="auth-header">
        <h1 className="brand">Foyer</h1>
      </header>
      <main className="auth-page">
        <section className="auth-card" aria-labelledby="auth-title">
          <h2 id="auth-title">{props.title}</h2>
          <p className="muted">{props.subtitle}</p>
          {props.children}
        </section>
      </main>
    </>
  );
}

export function Field(props: {
  label: string;
  value: string;
  onChange(value: string): void;
  type?: string;
  autoComplete?: string;
  required?: boolean;
  /** A line under the field that describes it (a rule, whether a username is free). */
  hint?: ReactNode;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type={props.type ?? 'text'}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        autoComplete={props.autoComplete}
        required={props.required}
        spellCheck={false}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
      />
      {props.hint && (
        <p id={`${id}-hint`} className="field-hint">
          {props.hint}
        </p>
      )}
    </div>
  );
}
