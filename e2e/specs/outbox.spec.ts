// The Outbox (client.md §7, Mailspring's "mail stuck sending"): new messages written and sent
// while the network is cut wait in the Outbox and are delivered exactly once each on reconnect;
// a message the forum refuses stays visible with Retry, Edit and Discard until it is dealt with.
import type { Page } from '@playwright/test';
import { expect, test } from '../support/backend';
import { screenshot, signIn } from '../support/client';
import { account, ForumSeed } from '../support/forum-seed';

type SentList = { topic_list: { topics: Array<{ id: number; title: string }> } };
type Topic = { post_stream: { posts: Array<{ cooked: string; username: string }> } };

test.beforeEach(async ({ page }) => {
  // A 1 s undo window keeps the test short; the setting is the person's own (default 5 s).
  await page.addInitScript(() =>
    localStorage.setItem('foyer.send-settings', JSON.stringify({ state: { undoSeconds: 1 }, version: 1 })),
  );
});

/** Compose, address (typed, not picked: offline the names cannot be looked up), write, send. */
async function sendNewMessage(page: Page, to: string, subject: string, body: string): Promise<void> {
  await page.keyboard.press('c');
  const composer = page.getByRole('region', { name: 'Composer' });
  const field = composer.getByRole('combobox', { name: 'To' });
  await field.fill(to);
  await field.press('Enter');
  await composer.getByRole('textbox', { name: 'Subject' }).fill(subject);
  await composer.getByRole('textbox', { name: 'Message' }).click();
  await page.keyboard.type(body);
  await page.keyboard.press('Control+Enter');
  await expect(composer.getByText(/Waiting in the Outbox/)).toBeVisible({ timeout: 10_000 });
  await composer.getByRole('button', { name: 'Close' }).click();
  await expect(composer).toHaveCount(0);
}

/** alice's sent messages with this title, each with its posts. */
async function sentWithTitle(seed: ForumSeed, title: string): Promise<Topic[]> {
  const sent = await seed.request<SentList>('alice', 'GET', '/topics/private-messages-sent/alice.json');
  const topics = sent.topic_list.topics.filter((t) => t.title === title);
  return Promise.all(topics.map((t) => seed.request<Topic>('alice', 'GET', `/t/${t.id}.json`)));
}

test('new messages sent offline are delivered once each on reconnect; a refused one waits with Retry, Edit, Discard', async ({
  page,
  backend,
}) => {
  test.setTimeout(90_000);
  const seed = await ForumSeed.create(backend);
  await seed.createUser(account('bob'));
  await signIn(page, backend, seed.admin);
  const nav = page.getByRole('navigation', { name: 'Mailboxes' });
  const outboxLink = nav.getByRole('link', { name: 'Outbox' });

  await page.context().setOffline(true);
  await sendNewMessage(page, 'bob', 'Seed order', 'Two packets of runner beans.');
  await sendNewMessage(page, 'bob', 'Shed key', 'The key is under the blue pot.');
  // A name nobody has: offline it cannot be checked, so the forum refuses it on delivery.
  await sendNewMessage(page, 'bobb', 'Compost bins', 'The bins are full again.');
  await expect(outboxLink).toHaveAccessibleDescription('3 waiting to be sent');

  await outboxLink.click();
  // The Outbox list (the innermost of the folder pane and its list, both named Outbox).
  const outbox = page.getByRole('region', { name: 'Outbox' }).last();
  const item = (title: string) => outbox.getByRole('listitem').filter({ hasText: title });
  for (const title of ['Seed order', 'Shed key', 'Compost bins'])
    await expect(item(title)).toContainText('Waiting for the connection');
  await screenshot(page, 'outbox-three-offline');

  await expect(outbox.getByText('Scheduled messages could not be loaded from the forum.')).toBeVisible();
  await page.context().setOffline(false);
  await expect(outboxLink).toHaveAccessibleDescription('1 waiting to be sent', { timeout: 15_000 });
  // Back online, the forum's scheduled messages load too (there are none).
  await expect(outbox.getByText('No scheduled messages.')).toBeVisible();
  for (const [title, body] of [
    ['Seed order', 'Two packets of runner beans.'],
    ['Shed key', 'The key is under the blue pot.'],
  ] as const) {
    const topics = await sentWithTitle(seed, title);
    expect(topics, `"${title}" arrives exactly once`).toHaveLength(1);
    expect(topics[0]!.post_stream.posts).toHaveLength(1);
    expect(topics[0]!.post_stream.posts[0]!.cooked).toContain(body);
  }
  expect(await sentWithTitle(seed, 'Compost bins')).toHaveLength(0);

  // The refused message stays, with the forum's reason and what can be done about it.
  const refused = item('Compost bins');
  await expect(refused.getByRole('alert')).toContainText(/^Not sent: .*bobb/);
  await expect(refused.getByRole('button', { name: 'Retry: Compost bins' })).toBeVisible();
  await expect(refused.getByRole('button', { name: 'Edit Compost bins' })).toBeVisible();
  await expect(refused.getByRole('button', { name: 'Discard Compost bins' })).toBeVisible();
  await screenshot(page, 'outbox-refused');

  // Retry asks again (same answer: it stays); Edit brings it back to fix the recipient.
  await refused.getByRole('button', { name: 'Retry: Compost bins' }).click();
  await expect(refused.getByRole('alert')).toContainText(/^Not sent: .*bobb/);
  await expect(outboxLink).toHaveAccessibleDescription('1 waiting to be sent');
  await refused.getByRole('button', { name: 'Edit Compost bins' }).click();
  const composer = page.getByRole('region', { name: 'Composer' }).last();
  const recipients = composer.getByRole('list', { name: 'Recipients' });
  await expect(recipients).toContainText('bobb (cannot be sent to)');
  await composer.getByRole('button', { name: 'Remove bobb' }).click();
  const to = composer.getByRole('combobox', { name: 'To' });
  await to.pressSequentially('bo');
  await composer.getByRole('option', { name: /^bob/ }).click();
  await composer.getByRole('textbox', { name: 'Message' }).press('Control+Enter');

  await expect(outbox.getByText('Nothing waiting to be sent.')).toBeVisible({ timeout: 15_000 });
  await expect(outboxLink).not.toHaveAccessibleDescription(/waiting/);
  const compost = await sentWithTitle(seed, 'Compost bins');
  expect(compost).toHaveLength(1);
  expect(compost[0]!.post_stream.posts.map((p) => p.cooked)).toEqual([
    expect.stringContaining('The bins are full again.'),
  ]);
  // Still exactly once each after everything else went out.
  expect(await sentWithTitle(seed, 'Seed order')).toHaveLength(1);
  expect(await sentWithTitle(seed, 'Shed key')).toHaveLength(1);
  await screenshot(page, 'outbox-empty');
});
