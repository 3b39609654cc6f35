// The composer in Chromium against a real forum (client.md §2, §5–7): one "To" field for people
// and addresses with who-gets-email shown, rich text sent as Discourse markdown, Undo, and an
// offline send queued in the Outbox and delivered exactly once on reconnect.
import { expect, test } from '../support/backend';
import { screenshot, signIn } from '../support/client';
import { account, ForumSeed } from '../support/forum-seed';

type SentList = { topic_list: { topics: Array<{ id: number; title: string }> } };
type Topic = { post_stream: { posts: Array<{ cooked: string; post_number: number }> } };

test.beforeEach(async ({ page }) => {
  // A 1 s undo window keeps the test short; the setting is the person's own (default 5 s).
  await page.addInitScript(() =>
    localStorage.setItem('foyer.send-settings', JSON.stringify({ state: { undoSeconds: 1 }, version: 1 })),
  );
});

test('a new message to a person and an address: who is emailed, Undo, then Send', async ({
  page,
  backend,
}) => {
  const seed = await ForumSeed.create(backend);
  await seed.createUser(account('carol', 'Carol Jones'));
  await signIn(page, backend, seed.admin);

  await page.keyboard.press('c');
  const composer = page.getByRole('region', { name: 'Composer' });
  const to = composer.getByRole('combobox', { name: 'To' });
  await to.pressSequentially('car');
  await composer.getByRole('option', { name: /^carol/ }).click();
  await to.fill('dana@example.org');
  await to.press('Enter');
  await expect(composer.getByRole('list', { name: 'Recipients' })).toContainText(
    'dana@example.org (will be emailed)',
  );
  await expect(composer.getByText('Will be emailed: dana@example.org')).toBeVisible();

  await composer.getByRole('textbox', { name: 'Subject' }).fill('Venue shortlist');
  await composer.getByRole('textbox', { name: 'Message' }).click();
  await page.keyboard.type('Two options ');
  await page.keyboard.press('Control+b');
  await page.keyboard.type('so far');
  await page.keyboard.press('Control+b');
  await screenshot(page, 'composer-new-message');

  await composer.getByRole('button', { name: 'Send', exact: true }).click();
  await composer.getByRole('button', { name: 'Undo' }).click();
  await expect(composer.getByRole('textbox', { name: 'Subject' })).toHaveValue('Venue shortlist');
  await expect(composer.getByRole('textbox', { name: 'Message' })).toContainText('Two options so far');

  await composer.getByRole('textbox', { name: 'Message' }).press('Control+Enter');
  await expect(composer).toHaveCount(0, { timeout: 10_000 });

  const sent = await seed.request<SentList>('alice', 'GET', '/topics/private-messages-sent/alice.json');
  const topics = sent.topic_list.topics.filter((t) => t.title === 'Venue shortlist');
  expect(topics).toHaveLength(1);
  const topic = await seed.request<Topic>('alice', 'GET', `/t/${topics[0]!.id}.json`);
  expect(topic.post_stream.posts[0]?.cooked).toContain('<strong>so far</strong>');
});

test('a reply sent offline waits in the Outbox and is delivered once on reconnect', async ({
  page,
  backend,
}) => {
  const seed = await ForumSeed.create(backend);
  await seed.createUser(account('bob'));
  const pm = await seed.sendMessage('bob', 'alice', 'Garden plans', 'Tomatoes along the south fence.');
  await signIn(page, backend, seed.admin);
  await page
    .getByRole('listbox', { name: 'Inbox messages' })
    .getByRole('option', { name: /Garden plans/ })
    .click();

  await page.keyboard.press('r');
  const composer = page.getByRole('region', { name: 'Composer' });
  await composer.getByRole('textbox', { name: 'Message' }).click();
  await page.keyboard.type('Beans by the shed.');
  await page.context().setOffline(true);
  await page.keyboard.press('Control+Enter');
  await expect(composer.getByText(/Waiting in the Outbox/)).toBeVisible({ timeout: 10_000 });
  await composer.getByRole('button', { name: 'Close' }).click();

  const outbox = page.getByRole('navigation', { name: 'Mailboxes' }).getByRole('link', { name: 'Outbox' });
  await expect(outbox).toHaveAccessibleDescription('1 waiting to be sent');
  await outbox.click();
  await expect(page.getByRole('heading', { name: 'Re: Garden plans' })).toBeVisible();
  await screenshot(page, 'outbox-offline');

  await page.context().setOffline(false);
  await expect(page.getByText('Nothing waiting to be sent.')).toBeVisible({ timeout: 15_000 });
  const topic = await seed.request<Topic>('alice', 'GET', `/t/${pm.topic_id}.json`);
  expect(topic.post_stream.posts.map((p) => p.post_number)).toEqual([1, 2]);
  expect(topic.post_stream.posts[1]?.cooked).toContain('Beans by the shed.');
});
