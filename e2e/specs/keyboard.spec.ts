// Keyboard-first use (client.md §9): j/k/o/u/e/r/c/q, g-sequences, ? and the Ctrl+K palette,
// all against a real forum.
import { expect, test } from '../support/backend';
import { screenshot, signIn } from '../support/client';
import { account, ForumSeed } from '../support/forum-seed';

test('j/k, o, u, e and the g sequences work without a mouse', async ({ page, backend }) => {
  const seed = await ForumSeed.create(backend);
  await seed.createUser(account('bob'));
  for (const title of ['Oldest note', 'Middle note', 'Newest note'])
    await seed.sendMessage('bob', 'alice', title, `Body of the ${title.toLowerCase()}.`);

  await signIn(page, backend, seed.admin);
  const inbox = page.getByRole('listbox', { name: 'Inbox messages' });
  const row = (title: string) => inbox.getByRole('option', { name: new RegExp(title) });
  await expect(inbox.getByRole('option')).toHaveCount(3);

  await page.keyboard.press('j');
  await expect(row('Newest note')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('j');
  await expect(row('Middle note')).toHaveAttribute('aria-selected', 'true');
  await expect(row('Newest note')).toHaveAttribute('aria-selected', 'false');
  await page.keyboard.press('k');
  await page.keyboard.press('j');
  await expect(row('Middle note')).toHaveAttribute('aria-selected', 'true');

  // o opens, focus on the thread heading; j in a thread goes to the next thread.
  await page.keyboard.press('o');
  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { level: 2, name: 'Middle note' })).toBeFocused();
  await page.keyboard.press('j');
  await expect(main.getByRole('heading', { level: 2, name: 'Oldest note' })).toBeFocused();
  await page.keyboard.press('k');
  await expect(main.getByRole('heading', { level: 2, name: 'Middle note' })).toBeFocused();

  // u goes back: the reading pane empties and focus returns to the row.
  await page.keyboard.press('u');
  await expect(main.getByText('Select a conversation to read it.')).toBeVisible();
  await expect(row('Middle note')).toBeFocused();

  // e archives the selected row; the selection moves on.
  await page.keyboard.press('e');
  await expect(row('Middle note')).toHaveCount(0);
  await expect(inbox.getByRole('option')).toHaveCount(2);
  await expect(inbox.getByRole('option', { selected: true })).toHaveCount(1);

  await page.keyboard.press('g');
  await page.keyboard.press('a');
  const archive = page.getByRole('listbox', { name: 'Archive messages' });
  await expect(archive.getByRole('option', { name: /Middle note/ })).toBeVisible();
  await page.keyboard.press('g');
  await page.keyboard.press('s');
  await expect(page.getByRole('heading', { level: 2, name: 'Sent' })).toBeVisible();
  await page.keyboard.press('g');
  await page.keyboard.press('d');
  await expect(page.getByRole('heading', { level: 2, name: 'Drafts' })).toBeVisible();
  await page.keyboard.press('g');
  await page.keyboard.press('i');
  await expect(inbox.getByRole('option')).toHaveCount(2);

  // / focuses search; typing there does not trigger shortcuts.
  await page.keyboard.press('/');
  const search = page.getByRole('searchbox', { name: 'Search' });
  await expect(search).toBeFocused();
  await page.keyboard.type('jk');
  await expect(search).toHaveValue('jk');
  await page.keyboard.press('Escape');
  await expect(search).toHaveValue('');
});

test('c composes, r replies, q quotes, ? shows the shortcuts', async ({ page, backend }) => {
  const seed = await ForumSeed.create(backend);
  await seed.createUser(account('bob'));
  await seed.sendMessage('bob', 'alice', 'Garden plans', 'Tomatoes along the south fence this year.');

  await signIn(page, backend, seed.admin);
  const composer = page.getByRole('region', { name: 'Composer' });

  await page.keyboard.press('c');
  await expect(composer).toBeVisible();
  await composer.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(composer).toHaveCount(0);

  await page.keyboard.press('j');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main').getByRole('heading', { level: 2, name: 'Garden plans' })).toBeFocused();
  await page.keyboard.press('r');
  await expect(composer).toBeVisible();
  await expect(composer).toContainText('Garden plans');
  await composer.getByRole('button', { name: 'Close', exact: true }).click();

  // q without a selection quotes the newest post into a new reply.
  await page.getByRole('main').getByRole('heading', { level: 2, name: 'Garden plans' }).focus();
  await page.keyboard.press('q');
  await expect(composer.locator('[contenteditable="true"]')).toContainText('Tomatoes along the south fence');
  await composer.getByRole('button', { name: 'Close', exact: true }).click();

  await page.getByRole('main').getByRole('heading', { level: 2, name: 'Garden plans' }).focus();
  await page.keyboard.press('?');
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(sheet).toBeVisible();
  await expect(sheet.getByRole('row', { name: /^e Archive/ })).toBeVisible();
  await expect(sheet.getByRole('row', { name: 'g then i Go to Inbox' })).toBeVisible();
  await screenshot(page, 'cheat-sheet');
  await page.keyboard.press('Escape');
  await expect(sheet).toHaveCount(0);
});

test('Ctrl+K opens the palette, typing filters, Enter runs', async ({ page, backend }) => {
  const seed = await ForumSeed.create(backend);
  await signIn(page, backend, seed.admin);

  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await expect(palette).toBeVisible();
  const input = palette.getByRole('combobox', { name: 'Type a command' });
  await expect(input).toBeFocused();
  // Every command shows its shortcut, so the palette teaches the keys.
  await expect(palette.getByRole('option', { name: /^Archive/ }).locator('kbd')).toHaveText('e');
  await screenshot(page, 'palette');

  await input.fill('go sent');
  await expect(palette.getByRole('option')).toHaveCount(1);
  await expect(palette.getByRole('option')).toHaveText(/Go to Sent\s*g then s/);
  await page.keyboard.press('Enter');
  await expect(palette).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 2, name: 'Sent' })).toBeVisible();
  await expect(
    page.getByRole('navigation', { name: 'Mailboxes' }).getByRole('link', { name: 'Sent', exact: true }),
  ).toHaveAttribute('aria-current', 'page');

  // The palette opens even from inside a text field.
  await page.getByRole('searchbox', { name: 'Search' }).focus();
  await page.keyboard.press('Control+k');
  await expect(palette).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(palette).toHaveCount(0);
});
