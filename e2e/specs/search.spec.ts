// Search as you type, with operators passed through, finding a thread with a person who
// takes part only by e-mail (a staged user made by PMing their address).
import { expect, test } from '../support/backend';
import { hasEndpoint, screenshot, signIn } from '../support/client';
import { ForumSeed } from '../support/forum-seed';

test('search finds the conversation with an e-mail-only person and opens it', async ({
  page,
  backend,
}, testInfo) => {
  const seed = await ForumSeed.create(backend);
  await seed.sendMessage(
    'alice',
    'carol@outside.example',
    'Boat rental',
    'The catamaran is booked for June.',
  );
  await seed.sendMessage('alice', 'alice', 'Note to self', 'Remember the harbour fees.');

  await signIn(page, backend, seed.admin);

  // The Sent folder names Carol, marked as taking part by e-mail.
  await page.keyboard.press('g');
  await page.keyboard.press('s');
  const sent = page.getByRole('listbox', { name: 'Sent messages' });
  const row = sent.getByRole('option', { name: /Boat rental/ });
  await expect(row).toContainText('by email');
  await row.click();
  const participants = page.getByRole('main').getByRole('region', { name: 'Participants' });
  await expect(participants.getByRole('listitem').filter({ hasText: 'carol' })).toContainText(
    'sees the full history on sign-up',
  );
  await screenshot(page, 'staged-participant');

  if (!(await hasEndpoint(backend, '/search.json?q=catamaran'))) {
    testInfo.annotations.push({ type: 'missing endpoint', description: 'GET /search.json (404)' });
    console.log('search results not tested: the backend has no /search.json yet');
    return;
  }

  await page.keyboard.press('u');
  await page.keyboard.press('/');
  await page.keyboard.type('catamaran');
  const results = page.getByRole('listbox', { name: 'Search results' });
  await expect(results.getByRole('option', { name: /Boat rental/ })).toBeVisible();
  await expect(results.getByRole('option')).toHaveCount(1);
  await screenshot(page, 'search');

  // Operators go through as typed.
  await page.getByRole('searchbox', { name: 'Search' }).fill('with:email catamaran');
  await expect(results.getByRole('option', { name: /Boat rental/ })).toBeVisible();

  await results.getByRole('option', { name: /Boat rental/ }).click();
  await expect(page.getByRole('main').getByRole('heading', { level: 2, name: 'Boat rental' })).toBeFocused();
});
