// "Accept your invitation": the invite email's link (/invites/{key}?t=…). It shows who invites
// and to what, then asks for a username (the forum's suggestion prefilled, checked as it is
// typed), a name and a password. Accepting creates the account — or turns the staged one that
// mail to this address made into a real one, with its earlier conversations — signs the
// person in and opens their inbox.
import { useEffect, useState, type FormEvent } from 'react';
import { connect } from '../../api/client';
import { isAbort, toApiError } from '../../api/api-error';
import {
  fetchInvite,
  redeemInvite,
  topicIdOf,
  UnusableLinkError,
  type InviteInfo,
} from '../../api/account-links';
import { useSession } from '../../stores/session-store';
import { AuthPage, Field } from '../auth/AuthPage';
import { leaveAccountLink } from './account-link';
import { ContinueLink, FormError, UnusableLink } from './LinkOutcome';
import { useUsernameCheck } from './use-username-check';

type Load =
  | { step: 'loading' }
  | { step: 'failed'; error: string }
  | { step: 'unusable' }
  | { step: 'ready'; info: InviteInfo };

function inviterName(info: InviteInfo): string {
  const name = info.invited_by.name?.trim();
  return name ? `${name} (@${info.invited_by.username})` : `@${info.invited_by.username}`;
}

/** One message for an unknown, used or expired invite: the forum does not say which either. */
function DeadInvite(props: { onDone(hash: string): void }) {
  return (
    <UnusableLink
      title="This invitation no longer works"
      advice="Ask the person who invited you for a new invitation. If you have already accepted it, sign in."
    >
      <ContinueLink onDone={props.onDone}>Go to sign in</ContinueLink>
    </UnusableLink>
  );
}

export function InvitePage(props: {
  inviteKey: string;
  emailToken: string | null;
  onDone(hash: string): void;
}) {
  const siteTitle = useSession((s) => s.siteTitle);
  const [load, setLoad] = useState<Load>({ step: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const abort = new AbortController();
    connect()
      .then((http) => fetchInvite(http, props.inviteKey, props.emailToken, abort.signal))
      .then(
        (info) => setLoad({ step: 'ready', info }),
        (e: unknown) => {
          if (isAbort(e)) return;
          if (e instanceof UnusableLinkError) setLoad({ step: 'unusable' });
          else setLoad({ step: 'failed', error: toApiError(e, 'Opening the invitation').message });
        },
      );
    return () => abort.abort();
  }, [props.inviteKey, props.emailToken, attempt]);

  if (load.step === 'unusable') return <DeadInvite onDone={props.onDone} />;

  if (load.step !== 'ready')
    return (
      <AuthPage title="Accept your invitation" subtitle={`to ${siteTitle}`}>
        {load.step === 'loading' ? (
          <p role="status">Opening the invitation…</p>
        ) : (
          <>
            <FormError id="invite-load-error" message={load.error} />
            <button type="button" className="auth-action" onClick={() => setAttempt((n) => n + 1)}>
              Try again
            </button>
          </>
        )}
      </AuthPage>
    );

  return <InviteForm {...props} info={load.info} siteTitle={siteTitle} />;
}

function InviteForm(props: {
  inviteKey: string;
  emailToken: string | null;
  info: InviteInfo;
  siteTitle: string;
  onDone(hash: string): void;
}) {
  const { info } = props;
  const [form, setForm] = useState({ username: info.username, name: '', password: '', email: '' });
  const change = (key: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<{ message: string } | 'unusable' | null>(null);
  // The staged name is free only to the owner of the address, which only the emailed link proves.
  const check = useUsernameCheck(form.username, info.email_verified_by_link ? info.email : null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const redeemed = await redeemInvite(await connect(), props.inviteKey, {
        username: form.username.trim(),
        name: form.name.trim(),
        password: form.password,
        ...(info.is_invite_link ? { email: form.email.trim() } : {}),
        emailToken: props.emailToken,
      });
      if (redeemed.signedIn) {
        const topicId = topicIdOf(redeemed.redirectTo);
        props.onDone(topicId === null ? '#/inbox' : `#/inbox/t/${topicId}`);
        return;
      }
      leaveAccountLink();
      setResult({ message: redeemed.message });
    } catch (e) {
      if (e instanceof UnusableLinkError) setResult('unusable');
      else setError(toApiError(e, 'Accepting the invitation').message);
    } finally {
      setBusy(false);
    }
  }

  if (result === 'unusable') return <DeadInvite onDone={props.onDone} />;

  if (result)
    return (
      <AuthPage title="Check your email" subtitle="One step is left.">
        <p className="auth-text" role="status">
          {result.message}
        </p>
        <ContinueLink onDone={props.onDone}>Go to sign in</ContinueLink>
      </AuthPage>
    );

  const topic = info.topics[0];
  const groups = info.groups.map((g) => g.full_name?.trim() || g.name);
  return (
    <AuthPage
      title="Accept your invitation"
      subtitle={`${inviterName(info)} invited you to join ${props.siteTitle}.`}
    >
      {(topic || groups.length > 0 || info.email) && (
        <ul className="auth-facts" aria-label="The invitation">
          {topic && <li>To the conversation “{topic.title}”.</li>}
          {groups.length > 0 && (
            <li>
              You will be a member of {groups.length === 1 ? 'the group' : 'the groups'} {groups.join(', ')}.
            </li>
          )}
          {info.email && <li>For the address {info.email}.</li>}
        </ul>
      )}
      <form onSubmit={(e) => void submit(e)} aria-describedby={error ? 'invite-error' : undefined} noValidate>
        {info.is_invite_link && (
          <Field
            label="Email"
            type="email"
            value={form.email}
            onChange={change('email')}
            autoComplete="email"
            required
          />
        )}
        <Field
          label="Username"
          value={form.username}
          onChange={change('username')}
          autoComplete="username"
          required
          hint={<UsernameHint check={check} onUse={change('username')} />}
        />
        <Field label="Name" value={form.name} onChange={change('name')} autoComplete="name" />
        <Field
          label="Password"
          type="password"
          value={form.password}
          onChange={change('password')}
          autoComplete="new-password"
          required
        />
        <FormError id="invite-error" message={error} />
        <button
          type="submit"
          className="primary"
          disabled={
            busy || !form.username.trim() || !form.password || (info.is_invite_link && !form.email.trim())
          }
        >
          {busy ? 'Creating your account…' : 'Accept and create account'}
        </button>
      </form>
    </AuthPage>
  );
}

function UsernameHint(props: { check: ReturnType<typeof useUsernameCheck>; onUse(name: string): void }) {
  const { check } = props;
  if (!check) return 'Others see this name; you can sign in with it.';
  if (check.kind === 'available') return 'This username is available.';
  if (check.kind === 'invalid') return check.message;
  if (!check.suggestion) return 'This username is taken; choose another.';
  return (
    <>
      This username is taken.
      <button type="button" onClick={() => props.onUse(check.suggestion)}>
        Use {check.suggestion}
      </button>
    </>
  );
}
