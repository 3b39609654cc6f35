// The first thing a person sees: the Foyer shell on a brand-new forum, in a real browser,
// served by a real backend (the same path `npm start` takes when Electron is unavailable).
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { expect, startBackend, test } from '../support/backend';

const basicInfo = z.object({ title: z.string().min(1) });

async function siteTitle(url: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(`${url}/site/basic-info.json`, { headers });
  expect(response.status, 'GET /site/basic-info.json').toBe(200);
  return basicInfo.parse(await response.json()).title;
}

test('a new forum opens on the Foyer page with its title and signed out', async ({
  page,
  backend,
}, testInfo) => {
  const title = await siteTitle(backend.url);
  await page.goto(`${backend.url}/`);

  await expect(page.getByRole('banner').getByRole('heading', { level: 1, name: 'Foyer' })).toBeVisible();
  await expect(page.getByRole('main').getByRole('heading', { level: 2, name: title })).toBeVisible();
  await expect(page.getByText('You are not signed in.')).toBeVisible();
  await expect(page).toHaveTitle(`${title} · Foyer`);

  await page.screenshot({ path: testInfo.outputPath('first-run.png'), fullPage: true });
});

test('with a launch token the forum answers only requests that carry it', async ({ browser }, testInfo) => {
  // What the desktop shell does: the backend demands the token, the shell adds it to every request.
  const token = randomBytes(32).toString('hex');
  const backend = await startBackend({ launchToken: token });
  try {
    const refused = await fetch(`${backend.url}/site/basic-info.json`);
    expect(refused.status, 'request without the launch token').toBeGreaterThanOrEqual(400);
    const title = await siteTitle(backend.url, { 'X-Foyer-Launch-Token': token });

    const context = await browser.newContext({ extraHTTPHeaders: { 'X-Foyer-Launch-Token': token } });
    const page = await context.newPage();
    await page.goto(`${backend.url}/`);
    await expect(page.getByRole('heading', { level: 1, name: 'Foyer' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: title })).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('with-launch-token.png') });
    await context.close();
  } finally {
    await backend.stop();
  }
});
