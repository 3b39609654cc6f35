// Driving the Foyer client in a page as a person would: sign in through the form, and keep
// screenshots of the main screens under test-results/screenshots/.
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import type { Account } from './forum-seed';
import { repoRoot, type RunningBackend } from './start-backend';

export async function signIn(page: Page, backend: RunningBackend, who: Account): Promise<void> {
  await page.goto(`${backend.url}/`);
  await page.getByLabel('Username or email').fill(who.username);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('navigation', { name: 'Mailboxes' })).toBeVisible();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(repoRoot, 'test-results', 'screenshots', `${name}.png`) });
}

/**
 * Whether the backend serves a contract endpoint yet (the client degrades without it). A
 * missing path answers 404, or the app's own index.html (the static fallback for client routes).
 */
export async function hasEndpoint(backend: RunningBackend, pathname: string): Promise<boolean> {
  const response = await fetch(`${backend.url}${pathname}`, { headers: { Accept: 'application/json' } });
  await response.body?.cancel();
  const html = (response.headers.get('content-type') ?? '').includes('text/html');
  return response.status !== 404 && !html;
}
