// Two people, one browser (client.md §6–7): the drafts and the outbox live in IndexedDB, and
// each account has its own. Alice queues a message and leaves a draft, signs out; Bob
// signs in on the same browser and sees neither, and Alice's message does not leave under his
// session. Back as Alice, her draft is there and her message goes out, once.
import { expect, test } from '../support/backend';
import { signIn } from '../support/client';
import { account, ForumSeed } from '../support/forum-seed';

type List = { topic_list: { topics: Array<{ id: number; title: string }> } };

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() =>
    localStorage.setItem('foyer.send-settings', JSON.stringify({ state: { undoSeconds: 0 }, version: 1 })),
  );
});

test("another account on the same browser never sees or sends the first one's drafts and outbox", async ({
  page,
  backend,
}) => {
  const seed = await ForumSeed.create(backend);
  const bob = account('bob', 'Bob Builder');
  await seed.createUser(bob);
  await seed.createUser(account('carol'));
  await signIn(page, backend, seed.admin);
  const nav = page.getByRole('navigation', { name: 'Mailboxes' });

  // A draft, left in the composer.
  await page.keyboard.press('c');
  let composer = page.getByRole('region', { name: 'Composer' });
  await composer.getByRole('textbox', { name: 'Subject' }).fill('Alice private plans');
  await composer.getByRole('textbox', { name: 'Message' }).click();
  await page.keyboard.type('Only for me to finish later.');
  await composer.getByRole('button', { name: 'Close' }).click();

  // A message the forum cannot take yet (its posts never arrive): it waits in her Outbox.
  let attempts = 0;
  await page.route('**/posts.json', (route) => {
    attempts++;
    return route.abort('connectionreset');
  });
  await page.keyboard.press('c');
  composer = page.getByRole('region', { name: 'Composer' });
  const to = composer.getByRole('combobox', { name: 'To' });
  await to.fill('carol');
  await to.press('Enter');
  await composer.getByRole('textbox', { name: 'Subject' }).fill('Queued by Alice');
  await composer.getByRole('textbox', { name: 'Message' }).click();
  await page.keyboard.type('Sent while offline.');
  await page.keyboard.press('Control+Enter');
  await expect.poll(() => attempts).toBeGreaterThan(0);
  await composer.getByRole('button', { name: 'Close' }).click();
  await expect(nav.getByRole('link', { name: 'Outbox' })).toHaveAccessibleDescription('1 waiting to be sent');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByLabel('Username or email')).toBeVisible();
  await page.unroute('**/posts.json');

  // Bob on the same browser: nothing of Alice's, and her message stays unsent.
  await signIn(page, backend, bob);
  await nav.getByRole('link', { name: 'Outbox' }).click();
  await expect(page.getByText('Nothing waiting to be sent.')).toBeVisible();
  await nav.getByRole('link', { name: 'Drafts' }).click();
  await expect(page.getByRole('region', { name: 'Drafts' }).last()).toContainText('No drafts.');
  await page.waitForTimeout(2_000);
  const sentByBob = await seed.request<List>('bob', 'GET', '/topics/private-messages-sent/bob.json');
  const carolsInbox = await seed.request<List>('carol', 'GET', '/topics/private-messages/carol.json');
  expect(sentByBob.topic_list.topics).toEqual([]);
  expect(carolsInbox.topic_list.topics).toEqual([]);
  await page.getByRole('button', { name: 'Sign out' }).click();

  // Alice again: her draft is where she left it and her message leaves, once, as hers.
  await signIn(page, backend, seed.admin);
  await nav.getByRole('link', { name: 'Drafts' }).click();
  await expect(page.getByRole('region', { name: 'Drafts' }).last()).toContainText('Alice private plans');
  await expect
    .poll(
      async () =>
        (
          await seed.request<List>('carol', 'GET', '/topics/private-messages/carol.json')
        ).topic_list.topics.map((t) => t.title),
      { timeout: 15_000 },
    )
    .toEqual(['Queued by Alice']);
  const sentByAlice = await seed.request<List>('alice', 'GET', '/topics/private-messages-sent/alice.json');
  expect(sentByAlice.topic_list.topics.map((t) => t.title)).toEqual(['Queued by Alice']);
});
