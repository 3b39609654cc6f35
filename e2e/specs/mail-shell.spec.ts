// The mail client shell in a real browser against a real forum: folders, the message list,
// reading a thread, archiving and moving back.
import { expect, test } from '../support/backend';
import { screenshot, signIn } from '../support/client';
import { account, ForumSeed } from '../support/forum-seed';

test('sign in, read the inbox and open a thread', async ({ page, backend }) => {
  const seed = await ForumSeed.create(backend);
  const bob = account('bob', 'Bob Builder');
  await seed.createUser(bob);
  const first = await seed.sendMessage(
    'bob',
    'alice',
    'Quarterly plans',
    'Here are the **plans** for the quarter.',
  );
  await seed.reply('alice', first.topic_id, 'Thanks, looks good.');
  await seed.sendMessage('bob', 'alice', 'Lunch on Friday?', 'Shall we get lunch on Friday at noon?');

  await signIn(page, backend, seed.admin);
  const nav = page.getByRole('navigation', { name: 'Mailboxes' });
  for (const name of ['Inbox', 'Sent', 'Archive', 'Drafts', 'Outbox'])
    await expect(nav.getByRole('link', { name, exact: true })).toBeVisible();

  // The unread badge describes the folder without changing its name.
  await expect(nav.getByRole('link', { name: 'Inbox', exact: true })).toHaveAccessibleDescription('1 unread');
  const list = page.getByRole('listbox', { name: 'Inbox messages' });
  await expect(list.getByRole('option')).toHaveCount(2);
  await expect(list.getByRole('option').first()).toContainText('Lunch on Friday?');
  await screenshot(page, 'inbox');

  await list.getByRole('option', { name: /Quarterly plans/ }).click();
  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { level: 2, name: 'Quarterly plans' })).toBeFocused();
  await expect(main.getByRole('article')).toHaveCount(2);
  await expect(main.getByRole('article').first()).toContainText('Here are the plans for the quarter.');
  await screenshot(page, 'thread');

  // The dark theme, chosen with the toggle, is kept across a reload.
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByRole('button', { name: 'Dark theme' })).toHaveAttribute('aria-pressed', 'true');
  await screenshot(page, 'thread-dark');

  // Reading the unread one clears the badge, and the server agrees after a reload.
  const lunch = list.getByRole('option', { name: /Lunch on Friday/ });
  await expect(lunch).toContainText('Unread');
  await lunch.click();
  await expect(main.getByRole('heading', { level: 2, name: 'Lunch on Friday?' })).toBeFocused();
  await expect(lunch).not.toContainText('Unread');
  await expect(nav.getByRole('link', { name: 'Inbox', exact: true })).toHaveAccessibleDescription('');
  await page.reload();
  await expect(
    page.getByRole('listbox', { name: 'Inbox messages' }).getByRole('option').first(),
  ).not.toContainText('Unread');
  await expect(nav.getByRole('link', { name: 'Inbox', exact: true })).toHaveAccessibleDescription('');
});

test('archive a thread and move it back to the inbox', async ({ page, backend }) => {
  const seed = await ForumSeed.create(backend);
  await seed.createUser(account('bob'));
  await seed.sendMessage('bob', 'alice', 'Keep this one', 'Stays in the inbox.');
  await seed.sendMessage('bob', 'alice', 'Invoice 2041', 'Paid, you can file it.');

  await signIn(page, backend, seed.admin);
  const nav = page.getByRole('navigation', { name: 'Mailboxes' });
  const inbox = page.getByRole('listbox', { name: 'Inbox messages' });
  await inbox.getByRole('option', { name: /Invoice 2041/ }).click();
  await page.getByRole('main').getByRole('button', { name: 'Archive', exact: true }).click();

  await expect(inbox.getByRole('option', { name: /Invoice 2041/ })).toHaveCount(0);
  await expect(inbox.getByRole('option')).toHaveCount(1);
  await expect(page.getByRole('status').getByText('Conversation archived.')).toBeVisible();

  await nav.getByRole('link', { name: 'Archive', exact: true }).click();
  const archive = page.getByRole('listbox', { name: 'Archive messages' });
  await expect(archive.getByRole('option', { name: /Invoice 2041/ })).toBeVisible();
  await screenshot(page, 'archive');
  await archive.getByRole('option', { name: /Invoice 2041/ }).click();
  await page.getByRole('main').getByRole('button', { name: 'Move to inbox' }).click();
  await expect(archive.getByRole('option')).toHaveCount(0);

  await nav.getByRole('link', { name: 'Inbox', exact: true }).click();
  await expect(inbox.getByRole('option', { name: /Invoice 2041/ })).toBeVisible();
  await expect(inbox.getByRole('option')).toHaveCount(2);

  // The server agrees: reloading shows the same folders.
  await page.reload();
  await expect(page.getByRole('listbox', { name: 'Inbox messages' }).getByRole('option')).toHaveCount(2);
});

test('add people by username, e-mail address and group; the group inbox appears', async ({
  page,
  backend,
}) => {
  const seed = await ForumSeed.create(backend);
  await seed.createUser(account('bob'));
  await seed.createUser(account('dave'));
  await seed.createGroup('support', ['alice', 'dave']);
  await seed.sendMessage('bob', 'alice', 'Team offsite', 'Where shall we go this spring?');

  await signIn(page, backend, seed.admin);
  await page
    .getByRole('listbox', { name: 'Inbox messages' })
    .getByRole('option', { name: /Team offsite/ })
    .click();
  const main = page.getByRole('main');
  const add = async (who: string) => {
    await main.getByRole('button', { name: 'Add people' }).click();
    await main.getByLabel('Username, group or email').fill(who);
    await main.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(page.getByRole('status').getByText(`Added ${who} to the conversation.`)).toBeVisible();
  };

  await add('dave');
  await expect(main.getByText('added dave')).toBeVisible();
  await add('erin@outside.example');
  await expect(main.getByText('invited someone by e-mail')).toBeVisible();
  await add('support');
  await expect(main.getByText('added the group support')).toBeVisible();
  await screenshot(page, 'participants-added');
  // Reading the thread while people are added keeps it read: no badge for one's own changes.
  await expect(
    page.getByRole('navigation', { name: 'Mailboxes' }).getByRole('link', { name: 'Inbox', exact: true }),
  ).toHaveAccessibleDescription('');

  // A name that is neither a person nor a group says so.
  await main.getByRole('button', { name: 'Add people' }).click();
  await main.getByLabel('Username, group or email').fill('nobody-here');
  await main.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByRole('alert').getByText(/no user or group called "nobody-here"/)).toBeVisible();

  // The group now has messages: its inbox shows in the folders after the counts refresh.
  await page.reload();
  const nav = page.getByRole('navigation', { name: 'Mailboxes' });
  await nav.getByRole('link', { name: 'support', exact: true }).click();
  await expect(
    page.getByRole('listbox', { name: 'support messages' }).getByRole('option', { name: /Team offsite/ }),
  ).toBeVisible();
  await expect(nav.getByRole('link', { name: 'support archive', exact: true })).toBeVisible();
});

test('a reply written in the composer appears in the thread after the undo window', async ({
  page,
  backend,
}) => {
  const seed = await ForumSeed.create(backend);
  await seed.createUser(account('bob'));
  await seed.sendMessage('bob', 'alice', 'Printer jam', 'The office printer is jammed again.');

  await signIn(page, backend, seed.admin);
  await page
    .getByRole('listbox', { name: 'Inbox messages' })
    .getByRole('option', { name: /Printer jam/ })
    .click();
  const main = page.getByRole('main');
  await main.getByRole('button', { name: 'Reply', exact: true }).click();
  const composer = page.getByRole('region', { name: 'Composer' });
  const editor = composer.locator('[contenteditable="true"]');
  await expect(editor).toBeFocused();
  await page.keyboard.type('I will call the technician.');
  await composer.getByRole('button', { name: 'Send', exact: true }).click();

  // The outbox holds it for the undo window, then it is posted and shown in the open thread.
  await expect(main.getByRole('article').filter({ hasText: 'I will call the technician.' })).toBeVisible({
    timeout: 20_000,
  });
  await expect(main.getByRole('article')).toHaveCount(2);
  await expect(composer).toHaveCount(0, { timeout: 10_000 });
  await screenshot(page, 'reply-sent');
});
