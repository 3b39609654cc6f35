// The email loop from the client (client.md §2, §3, §10; behaviour.md reply by email): a message
// composed in Foyer to a username and an email address reaches the address as a real email (the
// SMTP sink is the outside world), and the answer written in a mail client arrives in the open
// thread live, trimmed of its quoted history and marked as coming by email.
import { screenshot, signIn } from '../support/client';
import { account, ForumSeed } from '../support/forum-seed';
import {
  enableEmail,
  expect,
  NOTIFICATION_EMAIL,
  REPLY_KEY_ADDRESS,
  replyByEmail,
  sentTo,
  test,
} from '../support/mail';

test.beforeEach(async ({ page }) => {
  // A 1 s undo window keeps the test short; the setting is the person's own (default 5 s).
  await page.addInitScript(() =>
    localStorage.setItem('foyer.send-settings', JSON.stringify({ state: { undoSeconds: 1 }, version: 1 })),
  );
});

test('a message to a username and an address is emailed; the emailed answer appears live', async ({
  page,
  backend,
  sink,
}, testInfo) => {
  test.setTimeout(60_000);
  const seed = await ForumSeed.create(backend);
  await enableEmail(seed);
  await seed.createUser(account('carol', 'Carol Jones'));
  await signIn(page, backend, seed.admin);

  // 1. Compose to a person and an address; the address is marked before sending.
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
  await page.keyboard.type('The harbour hall or the library annex: which suits you?');
  await screenshot(page, 'composer-to-user-and-address');
  await composer.getByRole('textbox', { name: 'Message' }).press('Control+Enter');
  await expect(composer).toHaveCount(0, { timeout: 10_000 });

  // 2. Dana gets a real email: the subject, "<sender> via <site>" from the notification
  // address, and a Reply-To carrying her own reply key.
  const letter = await sink.waitFor(sentTo('dana@example.org'), 15_000);
  expect(letter.parsed.subject).toBe('Venue shortlist');
  expect(letter.parsed.from?.name).toBe('Alice Admin via Foyer');
  expect(letter.parsed.from?.address).toBe(NOTIFICATION_EMAIL);
  expect(letter.parsed.replyTo?.[0]?.address).toMatch(REPLY_KEY_ADDRESS);
  expect(letter.parsed.text).toContain('The harbour hall or the library annex');
  // One email to Dana: the message is not sent twice (the outbox posts once).
  expect(sink.messages.filter(sentTo('dana@example.org'))).toHaveLength(1);

  // 3. In Sent, the thread marks Dana as taking part by email.
  await page.getByRole('navigation', { name: 'Mailboxes' }).getByRole('link', { name: 'Sent' }).click();
  const row = page.getByRole('listbox', { name: 'Sent messages' }).getByRole('option', {
    name: /Venue shortlist/,
  });
  await row.click();
  const thread = page.getByRole('main');
  await expect(thread.getByRole('article')).toHaveCount(1);
  const participants = thread.getByRole('region', { name: 'Participants' });
  const dana = participants.getByRole('listitem').filter({ hasText: 'dana' });
  await expect(dana).toContainText('by email');
  await expect(dana).toContainText('sees the full history on sign-up');
  await expect(participants.getByRole('listitem').filter({ hasText: 'Carol' })).not.toContainText('by email');
  await screenshot(page, 'thread-emailed-participant');

  // 4. Dana answers from her mail client, quoting the whole email below her words; the open
  // thread shows her post without a reload, with the quoted history left out.
  const started = Date.now();
  await replyByEmail(
    backend,
    letter,
    { name: 'Dana Diaz', address: 'dana@example.org' },
    'The library annex, please. It is closer to the station.',
  );
  const answer = thread.getByRole('article').filter({ hasText: 'The library annex, please.' });
  await expect(answer).toBeVisible({ timeout: 5_000 });
  const liveMs = Date.now() - started;
  // Her post carries the badge itself (not just words in the trimmed text).
  await expect(answer.getByText('by email', { exact: true })).toBeVisible();
  // Arriving in the thread being read, it counts as read.
  await expect(row).not.toContainText('Unread');
  // The quoted original and its "wrote:" line are trimmed (at most kept folded away).
  await expect(answer.getByText('which suits you?')).toBeHidden();
  await expect(answer.getByText(/wrote:/)).toBeHidden();
  await expect(thread.getByRole('article')).toHaveCount(2);
  testInfo.annotations.push({ type: 'measured', description: `emailed reply → visible: ${liveMs} ms` });
  console.log(`email loop: reply accepted by SMTP → visible in the open thread ${liveMs} ms`);
  await screenshot(page, 'thread-reply-by-email');
});
