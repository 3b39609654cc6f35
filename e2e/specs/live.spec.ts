// Live updates: a post made through the API (by someone else, elsewhere) appears in the open
// client without a reload, also after the network drops and comes back (Last-Event-ID).
import { expect, test } from '../support/backend';
import { hasEndpoint, signIn } from '../support/client';
import { account, ForumSeed } from '../support/forum-seed';

test('new posts appear without reload, also after a network loss', async ({ page, backend }, testInfo) => {
  const seed = await ForumSeed.create(backend);
  await seed.createUser(account('bob'));
  const pm = await seed.sendMessage('bob', 'alice', 'Standup notes', 'Yesterday: shipped the parser.');

  await signIn(page, backend, seed.admin);
  const inbox = page.getByRole('listbox', { name: 'Inbox messages' });
  await inbox.getByRole('option', { name: /Standup notes/ }).click();
  const thread = page.getByRole('main');
  await expect(thread.getByRole('article')).toHaveCount(1);

  if (!(await hasEndpoint(backend, '/foyer/events'))) {
    testInfo.annotations.push({ type: 'missing endpoint', description: 'GET /foyer/events (404)' });
    console.log('live updates not tested: the backend has no /foyer/events yet');
    await expect(page.getByText('Live updates unavailable')).toBeVisible();
    return;
  }
  await expect(page.getByText('Live updates unavailable')).toHaveCount(0);

  // A reply in the open thread.
  const started = Date.now();
  await seed.reply('bob', pm.topic_id, 'Today: the live stream.');
  await expect(thread.getByRole('article').filter({ hasText: 'Today: the live stream.' })).toBeVisible();
  const replyMs = Date.now() - started;
  // Arriving in the thread being read, it counts as read.
  await expect(inbox.getByRole('option', { name: /Standup notes/ })).not.toContainText('Unread');

  // A new conversation in the inbox.
  const started2 = Date.now();
  await seed.sendMessage('bob', 'alice', 'Fresh topic', 'Arrived while you were reading.');
  await expect(inbox.getByRole('option', { name: /Fresh topic/ })).toBeVisible();
  const listMs = Date.now() - started2;
  testInfo.annotations.push({
    type: 'measured',
    description: `API post → visible: reply ${replyMs} ms, new topic ${listMs} ms`,
  });
  console.log(
    `live: API post → visible in the open thread ${replyMs} ms, new topic in the list ${listMs} ms`,
  );

  // Network loss: posts made meanwhile arrive after reconnecting (Last-Event-ID catch-up).
  await page.context().setOffline(true);
  await seed.reply('bob', pm.topic_id, 'Posted while you were offline.');
  await page.waitForTimeout(500);
  await page.context().setOffline(false);
  await expect(thread.getByRole('article').filter({ hasText: 'Posted while you were offline.' })).toBeVisible(
    {
      timeout: 20_000,
    },
  );
});
