// The first thing a person sees: a brand-new forum in a real browser, served by a real
// backend (the same path `npm start` takes when Electron is unavailable). First-run setup
// creates the owner and lands in their (empty) inbox.
import { randomBytes } from 'node:crypto';
import { expect, startBackend, test } from '../support/backend';
import { hasEndpoint, screenshot } from '../support/client';

test('a new forum asks for its first account, then opens the inbox', async ({ page, backend }, testInfo) => {
  await page.goto(`${backend.url}/`);
  await expect(page.getByRole('banner').getByRole('heading', { level: 1, name: 'Foyer' })).toBeVisible();

  if (!(await hasEndpoint(backend, '/foyer/setup.json'))) {
    // Until the backend's first-run endpoint lands, a new forum can only be signed in to.
    testInfo.annotations.push({ type: 'missing endpoint', description: 'GET/POST /foyer/setup.json (404)' });
    console.log(
      'first-run setup not tested: the backend has no /foyer/setup.json yet; checked the sign-in form instead',
    );
    await expect(page.getByRole('heading', { level: 2, name: 'Sign in' })).toBeVisible();
    return;
  }

  await expect(page.getByRole('heading', { level: 2, name: 'Set up Foyer' })).toBeVisible();
  // A clear error first: the form names what is wrong.
  await page.getByLabel('Username', { exact: true }).fill('ada');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('alert')).not.toBeEmpty();
  await screenshot(page, 'first-run-error');

  await page.getByLabel('Name', { exact: true }).fill('Ada Lovelace');
  await page.getByLabel('Email').fill('ada@example.com');
  await page.getByLabel('Password').fill('analytical-engine-1843');
  await screenshot(page, 'first-run-setup');
  await page.getByRole('button', { name: 'Create account' }).click();

  const nav = page.getByRole('navigation', { name: 'Mailboxes' });
  await expect(nav.getByRole('link', { name: 'Inbox', exact: true })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByText('No messages in Inbox.')).toBeVisible();
  await screenshot(page, 'first-run-inbox');

  // Signed in for real: a reload stays in the app.
  await page.reload();
  await expect(nav).toBeVisible();

  // Sign out, then a wrong password gets a clear error and the right one gets back in.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Sign in' })).toBeVisible();
  await page.getByLabel('Username or email').fill('ada@example.com');
  await page.getByLabel('Password').fill('difference-engine');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText(/incorrect|password/i);
  await screenshot(page, 'sign-in-error');
  await page.getByLabel('Password').fill('analytical-engine-1843');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(nav).toBeVisible();
});

test('with a launch token the forum answers only requests that carry it', async ({ browser }) => {
  // What the desktop shell does: the backend demands the token, the shell adds it to every request.
  const token = randomBytes(32).toString('hex');
  const backend = await startBackend({ launchToken: token });
  try {
    const refused = await fetch(`${backend.url}/site/basic-info.json`);
    expect(refused.status, 'request without the launch token').toBeGreaterThanOrEqual(400);

    const context = await browser.newContext({ extraHTTPHeaders: { 'X-Foyer-Launch-Token': token } });
    const page = await context.newPage();
    await page.goto(`${backend.url}/`);
    await expect(page.getByRole('heading', { level: 1, name: 'Foyer' })).toBeVisible();
    // The app got past connecting: it asks for an account or a sign-in.
    await expect(page.getByRole('heading', { level: 2, name: /Set up Foyer|Sign in/ })).toBeVisible();
    await context.close();
  } finally {
    await backend.stop();
  }
});
