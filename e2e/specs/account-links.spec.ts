// The links in account emails, clicked by a person: the forum sends real mail to a real SMTP
// sink, the test takes the link out of the email and opens it in Chromium. An invitation to
// an address that already got a message, a sign-up's activation, a forgotten password, and
// links that no longer work (used, expired, unknown) — each with one clear message.
import { openContext } from '../../backend/main';
import { test as base, expect, startBackend, type RunningBackend } from '../support/backend';
import { screenshot, signIn } from '../support/client';
import { emailedLink, newestLink, startSmtpSink, type SmtpSink } from '../support/emailed-links';
import { account, ForumSeed, type Account } from '../support/forum-seed';
import type { Page } from '@playwright/test';

/** A forum whose outgoing mail reaches `mail`, as `npm run server -- --smtp-url` sends it. */
const test = base.extend<{ mail: SmtpSink; forum: RunningBackend }>({
  // eslint-disable-next-line no-empty-pattern
  mail: async ({}, use) => {
    const sink = await startSmtpSink();
    try {
      await use(sink);
    } finally {
      await sink.stop();
    }
  },
  forum: async ({ mail }, use) => {
    const backend = await startBackend({ smtpUrl: mail.url });
    try {
      await use(backend);
    } finally {
      await backend.stop();
    }
  },
});

// Several emails and page loads each, on a shared two-core machine.
test.describe.configure({ timeout: 120_000 });

/** What the forum answers a sign-in with this password (the JSON API, no page involved). */
async function loginAnswer(forum: RunningBackend, login: string, password: string) {
  const response = await fetch(`${forum.url}/session.json`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ login, password }),
  });
  return (await response.json()) as { error?: string; reason?: string; user?: unknown };
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Sign in' })).toBeVisible();
}

const card = (page: Page) => page.locator('.auth-card');

test('an invited address that was written to before signs up from the email and finds its messages', async ({
  page,
  forum,
  mail,
}) => {
  const seed = await ForumSeed.create(forum);
  await seed.createUser(account('bob', 'Bob Builder'));
  const sam = 'sam.smith@outside.example';
  // Before any account: bob writes to the address, which makes it a staged person.
  await seed.request('alice', 'PUT', '/admin/site_settings/send_email_messages_allowed_groups', {
    send_email_messages_allowed_groups: '3|10|11',
  });
  await seed.sendMessage('bob', sam, 'Your first week', 'Here is what happens in your first week.');
  await seed.createGroup('club', ['alice']);
  const planning = await seed.sendMessage('alice', 'bob', 'Planning the club evening', 'Who brings what?');
  await seed.request('alice', 'POST', '/invites.json', {
    email: sam,
    topic_id: planning.topic_id,
    group_names: 'club',
    custom_message: 'Join us for the club evening.',
  });
  const link = await emailedLink(mail, sam, /invited you/, '/invites/');

  await page.goto(link);
  await expect(page.getByRole('heading', { level: 2, name: 'Accept your invitation' })).toBeVisible();
  await expect(card(page)).toContainText('Alice Admin (@alice) invited you to join Foyer.');
  const facts = page.getByRole('list', { name: 'The invitation' });
  await expect(facts).toContainText('To the conversation “Planning the club evening”.');
  await expect(facts).toContainText('You will be a member of the group club.');
  await expect(facts).toContainText(`For the address ${sam}.`);
  // The staged person's name is offered, and it is free for them.
  const username = page.getByLabel('Username', { exact: true });
  await expect(username).not.toHaveValue('');
  await expect(page.getByText('This username is available.')).toBeVisible();
  // Opening the page accepted nothing: the invite is still open.
  expect((await fetch(link.replace('?', '.json?'))).status).toBe(200);

  await username.fill('alice');
  await expect(page.getByText('This username is taken.')).toBeVisible();
  await username.fill('sam');
  await expect(page.getByText('This username is available.')).toBeVisible();
  await page.getByLabel('Name', { exact: true }).fill('Sam Smith');
  await page.getByLabel('Password').fill('sam-correct-horse-battery');
  await screenshot(page, 'account-invite');
  await page.getByRole('button', { name: 'Accept and create account' }).click();

  // Signed in, in the inbox: the message from before the account is there, beside the invite's topic.
  const inbox = page.getByRole('listbox', { name: 'Inbox messages' });
  await expect(inbox.getByRole('option', { name: /Your first week/ })).toBeVisible();
  await expect(inbox.getByRole('option', { name: /Planning the club evening/ })).toBeVisible();
  expect(new URL(page.url()).pathname).toBe('/');
  await expect(page.getByRole('main').getByRole('heading', { level: 2 })).toHaveText(
    'Planning the club evening',
  );
  await inbox.getByRole('option', { name: /Your first week/ }).click();
  await expect(page.getByRole('main').getByRole('article').first()).toContainText(
    'Here is what happens in your first week.',
  );
  await screenshot(page, 'account-invite-inbox');

  // The invitation is used up: the link now says so, in the words an unknown key gets too.
  await page.goto(link);
  await expect(
    page.getByRole('heading', { level: 2, name: 'This invitation no longer works' }),
  ).toBeVisible();
  const usedText = await card(page).innerText();
  await screenshot(page, 'account-invite-used');
  await page.goto(`${forum.url}/invites/0123456789abcdef0123456789abcdef`);
  await expect(
    page.getByRole('heading', { level: 2, name: 'This invitation no longer works' }),
  ).toBeVisible();
  expect(await card(page).innerText()).toBe(usedText);
});

test('a sign-up is activated from the email with one click, then signs in', async ({ page, forum, mail }) => {
  await ForumSeed.create(forum);
  const nina: Account = account('nina', 'Nina Novak');
  // Signing up as any Discourse client does: POST /users.json without a key.
  const signUp = await fetch(`${forum.url}/users.json`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(nina),
  });
  expect(await signUp.json()).toMatchObject({ success: true, active: false });
  const link = await emailedLink(mail, nina.email, /Confirm your new account/, '/u/activate-account/');

  await page.goto(link);
  await expect(page.getByRole('heading', { level: 2, name: 'Activate your account' })).toBeVisible();
  await screenshot(page, 'account-activate');
  // A GET of the link (this page, a mail scanner) activates nothing.
  const scanner = await fetch(link);
  expect(scanner.status).toBe(404);
  expect((await loginAnswer(forum, 'nina', nina.password)).reason).toBe('not_activated');

  await page.getByRole('button', { name: 'Activate account' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Your account is active' })).toBeVisible();
  expect(page.url()).not.toContain('activate-account');
  await screenshot(page, 'account-active');
  await page.getByRole('link', { name: 'Open your inbox' }).click();
  await expect(page.getByRole('navigation', { name: 'Mailboxes' })).toBeVisible();

  // Signing in with the password works from now on.
  await signOut(page);
  await signIn(page, forum, nina);

  // The link is spent: clicking it again says so.
  await page.goto(link);
  await page.getByRole('button', { name: 'Activate account' }).click();
  await expect(
    page.getByRole('heading', { level: 2, name: 'This activation link no longer works' }),
  ).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('If you have already activated your account, sign in.');
  await screenshot(page, 'account-activate-used');
});

test('a forgotten password is reset from the emailed link; the old one stops working', async ({
  page,
  forum,
  mail,
}) => {
  const seed = await ForumSeed.create(forum);
  const bob = account('bob', 'Bob Builder');
  await seed.createUser(bob);
  const newPassword = 'a-brand-new-bob-password';

  await page.goto(`${forum.url}/`);
  await page.getByRole('button', { name: 'Forgot your password?' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Reset your password' })).toBeVisible();
  await page.getByLabel('Username or email').fill('bob');
  await page.getByRole('button', { name: 'Email me a reset link' }).click();
  await expect(page.getByRole('status')).toContainText('If “bob” belongs to an account here');
  await screenshot(page, 'account-forgot-password');
  const link = await emailedLink(mail, bob.email, /Password reset/, '/u/password-reset/');

  await page.goto(link);
  await expect(page.getByRole('heading', { level: 2, name: 'Choose a new password' })).toBeVisible();
  const fresh = page.getByLabel('New password', { exact: true });
  const again = page.getByLabel('New password again');
  await fresh.fill(newPassword);
  await again.fill('something else entirely');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByRole('alert')).toContainText('The two passwords are not the same.');
  // The forum's own rule comes back in its words.
  await fresh.fill('short');
  await again.fill('short');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByRole('alert')).toContainText('use at least 10 characters');
  await screenshot(page, 'account-password-reset-rule');
  // Neither refusal used the link up.
  await fresh.fill(newPassword);
  await again.fill(newPassword);
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Your password is changed' })).toBeVisible();
  expect(page.url()).not.toContain('password-reset');
  await screenshot(page, 'account-password-changed');
  await page.getByRole('link', { name: 'Open your inbox' }).click();
  await expect(page.getByRole('navigation', { name: 'Mailboxes' })).toBeVisible();

  // The old password is refused, the new one signs in.
  await signOut(page);
  await page.getByLabel('Username or email').fill('bob');
  await page.getByLabel('Password').fill(bob.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText(/incorrect/i);
  await signIn(page, forum, { ...bob, password: newPassword });

  // Used: the page says so before anyone types, and offers a new link.
  await page.goto(link);
  await expect(
    page.getByRole('heading', { level: 2, name: 'This password reset link no longer works' }),
  ).toBeVisible();
  await expect(page.getByLabel('New password', { exact: true })).toHaveCount(0);
  const usedText = await card(page).innerText();
  await screenshot(page, 'account-password-reset-used');

  // Expired (older than email_token_valid_hours): the same page, word for word.
  const request = await fetch(`${forum.url}/session/forgot_password.json`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ login: bob.email }),
  });
  expect(await request.json()).toEqual({ success: 'OK' });
  await mail.waitFor((m) => m.rcptTo.includes(bob.email) && mail.to(bob.email).length >= 2, 30_000);
  const second = newestLink(mail, bob.email, '/u/password-reset/');
  expect(second).not.toBe(link);
  await ageEmailTokens(forum, 48);
  await page.goto(second);
  await expect(
    page.getByRole('heading', { level: 2, name: 'This password reset link no longer works' }),
  ).toBeVisible();
  expect(await card(page).innerText()).toBe(usedText);
});

/** Moves every email token `hours` into the past: the only way to let time pass for a running forum. */
async function ageEmailTokens(forum: RunningBackend, hours: number): Promise<void> {
  const { ctx, database } = await openContext(forum.dataDir);
  try {
    await ctx.db
      .updateTable('email_tokens')
      .set({ created_at: new Date(Date.now() - hours * 3_600_000).toISOString() })
      .execute();
  } finally {
    await database.close();
  }
}
