// @vitest-environment jsdom
// The account link pages against a real forum (a server process sending real mail to an SMTP
// sink): what the browser e2e specs do not reach — an open invite link that asks for the
// address and ends in "check your email", the username check's suggestion, activation without
// a session to keep, and dead links and reset requests that never say which accounts exist.
import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axios from 'axios';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { account, ForumSeed } from '../../../e2e/support/forum-seed';
import { emailedLink, startSmtpSink, type SmtpSink } from '../../../e2e/support/emailed-links';
import { startBackend, type RunningBackend } from '../../../e2e/support/start-backend';
import { setHttpClient } from '../../api/client';
import { accountLinkFrom, type AccountLink } from './account-link';
import { AccountLinkPage } from './AccountLinkPage';

let mail: SmtpSink;
let backend: RunningBackend;
let seed: ForumSeed;

beforeAll(async () => {
  mail = await startSmtpSink();
  backend = await startBackend({ skipRendererBuild: true, smtpUrl: mail.url });
  seed = await ForumSeed.create(backend);
  await seed.createUser(account('bob'));
  // The pages' requests go to the forum as the browser's would (no key: an anonymous visitor).
  setHttpClient(
    axios.create({
      baseURL: backend.url,
      adapter: 'fetch',
      headers: { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' },
    }),
  );
}, 180_000);

afterAll(async () => {
  await backend?.stop();
  await mail?.stop();
});

afterEach(cleanup);

function linkOf(url: string): AccountLink {
  const u = new URL(url);
  const link = accountLinkFrom({ pathname: u.pathname, search: u.search });
  if (!link) throw new Error(`not an account link: ${url}`);
  return link;
}

const heading = (name: string) => screen.findByRole('heading', { level: 2, name }, { timeout: 10_000 });

describe('an open invite link (no address on the invite)', () => {
  it('asks for the address, suggests a free username, and ends in "check your email"', async () => {
    const invite = await seed.request<{ link: string }>('alice', 'POST', '/invites.json', {
      max_redemptions_allowed: 5,
    });
    const onDone = vi.fn();
    const user = userEvent.setup();
    render(<AccountLinkPage link={linkOf(invite.link)} onDone={onDone} />);

    await heading('Accept your invitation');
    // The heading shows while the invite is still being read: wait for what it says.
    expect(
      await screen.findByText('Alice Admin (@alice) invited you to join Foyer.', {}, { timeout: 10_000 }),
    ).toBeInTheDocument();
    // Nothing to say about a topic, groups or an address: the list is left out.
    expect(screen.queryByRole('list', { name: 'The invitation' })).not.toBeInTheDocument();
    const accept = screen.getByRole('button', { name: 'Accept and create account' });
    expect(accept).toBeDisabled();

    await user.type(screen.getByLabelText('Email'), 'olga@outside.example');
    await user.type(screen.getByLabelText('Username'), 'bob');
    const suggestion = await screen.findByRole('button', { name: /^Use / }, { timeout: 10_000 });
    expect(screen.getByText(/This username is taken/)).toBeInTheDocument();
    const suggested = suggestion.textContent!.replace(/^Use /, '');
    expect(suggested).not.toBe('bob');
    await user.click(suggestion);
    expect(screen.getByLabelText('Username')).toHaveValue(suggested);
    expect(
      await screen.findByText('This username is available.', {}, { timeout: 10_000 }),
    ).toBeInTheDocument();
    await user.type(screen.getByLabelText('Password'), 'olga-correct-horse-battery');
    await user.click(accept);

    // Without the emailed token the address is unproven: the forum mails an activation link.
    await heading('Check your email');
    expect(screen.getByRole('status')).toHaveTextContent(/activation email/);
    expect(onDone).not.toHaveBeenCalled();
    const activation = await emailedLink(
      mail,
      'olga@outside.example',
      /Confirm your new account/,
      '/u/activate-account/',
    );

    // Activation: nothing happens until the click; without a kept session the way on is to sign in.
    render(<AccountLinkPage link={linkOf(activation)} onDone={onDone} />);
    await heading('Activate your account');
    const before = await fetch(`${backend.url}/session.json`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ login: suggested, password: 'olga-correct-horse-battery' }),
    });
    expect(await before.json()).toMatchObject({ reason: 'not_activated' });
    await user.click(screen.getByRole('button', { name: 'Activate account' }));
    await heading('Your account is active');
    await user.click(screen.getByRole('link', { name: 'Sign in' }));
    expect(onDone).toHaveBeenCalledWith('');
  });
});

describe('links that no longer work', () => {
  it('show one message per kind of link, whatever the token', async () => {
    const user = userEvent.setup();
    const onDone = vi.fn();
    render(
      <AccountLinkPage link={{ kind: 'invite', key: 'f'.repeat(32), emailToken: 'x' }} onDone={onDone} />,
    );
    await heading('This invitation no longer works');
    cleanup();

    render(<AccountLinkPage link={{ kind: 'activate', token: 'nope' }} onDone={onDone} />);
    await user.click(await screen.findByRole('button', { name: 'Activate account' }));
    await heading('This activation link no longer works');
    await user.click(screen.getByRole('link', { name: 'Go to sign in' }));
    expect(onDone).toHaveBeenCalledWith('');
    cleanup();

    // A reset link is checked before the form shows; the page offers a new one.
    render(<AccountLinkPage link={{ kind: 'password-reset', token: '0'.repeat(32) }} onDone={onDone} />);
    await heading('This password reset link no longer works');
    expect(screen.queryByLabelText('New password')).not.toBeInTheDocument();
  });

  it('ask for a new reset link with the same answer for an account and for nobody', async () => {
    const user = userEvent.setup();
    const answers: string[] = [];
    for (const login of ['bob', 'nobody-here@outside.example']) {
      render(<AccountLinkPage link={{ kind: 'password-reset', token: 'spent' }} onDone={() => {}} />);
      await heading('This password reset link no longer works');
      await user.type(screen.getByLabelText('Username or email'), login);
      await user.click(screen.getByRole('button', { name: 'Email me a reset link' }));
      const status = await screen.findByRole('status', {}, { timeout: 10_000 });
      answers.push(status.textContent!.replace(login, '<login>'));
      cleanup();
    }
    expect(answers[0]).toBe(answers[1]);
    // The real account gets its email (the server's http/routes/account.test.ts: nobody else does).
    await emailedLink(mail, 'bob@people.example', /Password reset/, '/u/password-reset/');
  });
});
