// Search as you type, with operators passed through, finding a post written by a person who
// takes part only by e-mail (a staged user: made by PMing their address, then writing in by
// mail to a group's address).
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
  await seed.createGroup('boats', ['alice']);
  await seed.setGroupIncomingEmail('boats', 'boats@forum.example');
  const received = await seed.receiveEmail(
    [
      'From: Carol Sailor <carol@outside.example>',
      'To: boats@forum.example',
      'Subject: Hull repair',
      'Message-ID: <hull-repair-1@outside.example>',
      'Date: Thu, 26 Nov 2026 09:00:00 +0000',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'The trimaran hull needs repair before the season.',
      '',
    ].join('\r\n'),
  );
  expect(received.post_id, `handle_mail: ${JSON.stringify(received)}`).toBeDefined();

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

  // The e-mail-only person's own post, found as you type, marked as written by e-mail.
  await page.getByRole('searchbox', { name: 'Search' }).fill('trimaran');
  const hull = results.getByRole('option', { name: /Hull repair/ });
  await expect(hull).toBeVisible();
  await expect(hull).toContainText('by email');
  await expect(hull).toContainText('The trimaran hull needs repair');
  await screenshot(page, 'search');
  await page.getByRole('searchbox', { name: 'Search' }).fill('from:carol trimaran');
  await expect(hull).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search' }).fill('catamaran');

  // Operators go through as typed.
  await page.getByRole('searchbox', { name: 'Search' }).fill('with:email catamaran');
  await expect(results.getByRole('option', { name: /Boat rental/ })).toBeVisible();

  await results.getByRole('option', { name: /Boat rental/ }).click();
  await expect(page.getByRole('main').getByRole('heading', { level: 2, name: 'Boat rental' })).toBeFocused();
});
