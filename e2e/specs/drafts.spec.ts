// Drafts people can trust (client.md §6, Mailspring's most common complaint): what is typed in
// a new message (To, Subject, formatted body) and in a reply is back after a reload, also
// words typed while the network was cut; on reconnect the draft reaches the forum's draft API
// and is listed in Drafts.
import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../support/backend';
import { screenshot, signIn } from '../support/client';
import { account, ForumSeed } from '../support/forum-seed';

type DraftRows = { drafts: Array<{ draft_key: string; data: string }> };
type DraftData = { reply?: string; title?: string; recipients?: string };

/** The forum's copy of alice's drafts, by key. */
async function serverDrafts(seed: ForumSeed): Promise<Map<string, DraftData>> {
  const { drafts } = await seed.request<DraftRows>('alice', 'GET', '/drafts.json');
  return new Map(drafts.map((d) => [d.draft_key, JSON.parse(d.data) as DraftData]));
}

/** Bold on or off at the caret, as the toolbar shows it (Ctrl+B toggles). */
async function setBold(page: Page, composer: Locator, on: boolean): Promise<void> {
  const bold = composer.getByRole('button', { name: 'Bold', exact: true });
  if ((await bold.getAttribute('aria-pressed')) !== String(on)) await page.keyboard.press('Control+b');
  await expect(bold).toHaveAttribute('aria-pressed', String(on));
}

/**
 * Types `words`, then `bold` in bold, at the end of the message. After earlier bold words the
 * caret carries bold on (as in any editor), so the toolbar's state decides what Ctrl+B does.
 */
async function typeFormatted(page: Page, composer: Locator, words: string, bold: string): Promise<void> {
  await composer.getByRole('textbox', { name: 'Message' }).click();
  await page.keyboard.press('Control+End');
  await setBold(page, composer, false);
  await page.keyboard.type(words);
  await setBold(page, composer, true);
  await page.keyboard.type(bold);
  await setBold(page, composer, false);
}

test('drafts of a new message and a reply survive reloads and a network cut, then sync', async ({
  page,
  backend,
}) => {
  test.setTimeout(90_000);
  const seed = await ForumSeed.create(backend);
  await seed.createUser(account('bob'));
  const pm = await seed.sendMessage('bob', 'alice', 'Garden plans', 'Tomatoes along the south fence.');
  await signIn(page, backend, seed.admin);
  const nav = page.getByRole('navigation', { name: 'Mailboxes' });
  const composer = page.getByRole('region', { name: 'Composer' });
  const editor = composer.getByRole('textbox', { name: 'Message' });
  const subject = composer.getByRole('textbox', { name: 'Subject' });
  const recipients = composer.getByRole('list', { name: 'Recipients' });

  // 1. A reply, with formatting; reloaded at once (the save on page hide must be enough).
  await page
    .getByRole('listbox', { name: 'Inbox messages' })
    .getByRole('option', { name: /Garden plans/ })
    .click();
  await page.keyboard.press('r');
  await typeFormatted(page, composer, 'Beans by the ', 'shed');
  await page.reload();
  // The open thread is in the address (#/inbox/t/N); r reopens the reply with its draft.
  await expect(page.getByRole('main').getByRole('heading', { name: 'Garden plans' })).toBeVisible();
  await page.keyboard.press('r');
  await expect(editor).toHaveText('Beans by the shed');
  await expect(editor.locator('strong, b, .composer-bold')).toHaveText('shed');
  await composer.getByRole('button', { name: 'Close' }).click();
  // Shortcuts are for the page, not the composer's fields: press c once the reply has closed.
  await expect(composer).toBeHidden();

  // 2. A new message: To, Subject, a formatted body; reloaded at once.
  await page.keyboard.press('c');
  const to = composer.getByRole('combobox', { name: 'To' });
  await to.pressSequentially('bo');
  await composer.getByRole('option', { name: /^bob/ }).click();
  await to.fill('erin@example.org');
  await to.press('Enter');
  await subject.fill('Allotment rota');
  await typeFormatted(page, composer, 'Week one: ', 'Bob waters');
  await page.reload();
  await expect(nav).toBeVisible();
  await nav.getByRole('link', { name: 'Drafts' }).click();
  // The Drafts list (the innermost of the folder pane and its list, both named Drafts).
  const drafts = page.getByRole('region', { name: 'Drafts' }).last();
  await drafts.getByRole('button', { name: 'Open draft Allotment rota' }).click();
  await expect(subject).toHaveValue('Allotment rota');
  await expect(recipients).toContainText('bob');
  await expect(recipients).toContainText('erin@example.org (will be emailed)');
  await expect(editor).toHaveText('Week one: Bob waters');
  await expect(editor.locator('strong, b, .composer-bold')).toHaveText('Bob waters');
  await screenshot(page, 'draft-restored-after-reload');

  // Both drafts reach the forum while online.
  await expect
    .poll(async () => [...(await serverDrafts(seed)).values()].map((d) => d.reply).sort(), {
      timeout: 10_000,
    })
    .toEqual(['Beans by the **shed**', 'Week one: **Bob waters**']);

  // 3. The network goes away; the person keeps writing in the new message.
  await page.context().setOffline(true);
  await subject.fill('Allotment rota for May');
  await typeFormatted(page, composer, ', week two: ', 'Erin weeds');
  await screenshot(page, 'draft-offline');
  // A reload while offline: Foyer has no service worker (the desktop app loads its shell from
  // the bundled local forum, which a network cut does not reach), so in a browser the page
  // cannot load until the connection is back. The words typed offline must survive that
  // attempt and come back from this device's copy once the page loads after reconnecting.
  await page.reload().catch(() => undefined);
  await page.context().setOffline(false);
  await page.reload();
  await expect(nav).toBeVisible();
  await nav.getByRole('link', { name: 'Drafts' }).click();
  await drafts.getByRole('button', { name: 'Open draft Allotment rota for May' }).click();
  await expect(subject).toHaveValue('Allotment rota for May');
  await expect(recipients).toContainText('erin@example.org (will be emailed)');
  await expect(editor).toHaveText('Week one: Bob waters, week two: Erin weeds');
  await expect(editor.locator('strong, b, .composer-bold')).toHaveText(['Bob waters', 'Erin weeds']);

  // 4. Back online, the offline words reach the forum, and Drafts lists both drafts as synced.
  await expect
    .poll(
      async () =>
        [...(await serverDrafts(seed)).entries()]
          .filter(([key]) => key.startsWith('new_private_message'))
          .map(([, d]) => ({ title: d.title, recipients: d.recipients, reply: d.reply })),
      { timeout: 10_000 },
    )
    .toEqual([
      {
        title: 'Allotment rota for May',
        recipients: 'bob,erin@example.org',
        reply: 'Week one: **Bob waters**, week two: **Erin weeds**',
      },
    ]);
  expect((await serverDrafts(seed)).get(`topic_${pm.topic_id}`)?.reply).toBe('Beans by the **shed**');
  await composer.getByRole('button', { name: 'Close' }).click();
  await expect(drafts.getByRole('heading', { name: 'Allotment rota for May' })).toBeVisible();
  await expect(drafts.getByRole('heading', { name: 'Re: Garden plans' })).toBeVisible();
  await expect(drafts).not.toContainText('not on the forum yet');
  await screenshot(page, 'drafts-mailbox');
});
