// Rich quoting (client.md §4): select words in a post, press the floating Quote button (or
// q), and they land in the reply composer (the Lexical editor) with the author's attribution.
import { expect, test } from '../support/backend';
import { screenshot, signIn } from '../support/client';
import { account, ForumSeed } from '../support/forum-seed';

test('selecting text in a post and quoting it opens a reply with the quote', async ({ page, backend }) => {
  const seed = await ForumSeed.create(backend);
  await seed.createUser(account('bob'));
  const pm = await seed.sendMessage(
    'bob',
    'alice',
    'Venue options',
    'The harbour hall seats two hundred people.\n\nThe library annex is cheaper but smaller.',
  );

  await signIn(page, backend, seed.admin);
  await page
    .getByRole('listbox', { name: 'Inbox messages' })
    .getByRole('option', { name: /Venue options/ })
    .click();
  const post = page.getByRole('main').getByRole('article').first();
  const sentence = post.getByText('The harbour hall seats two hundred people.');
  await sentence.selectText();

  const quoteButton = page.getByRole('button', { name: 'Quote', exact: true });
  await expect(quoteButton).toBeVisible();
  await screenshot(page, 'quote-selection');
  await quoteButton.click();

  const composer = page.getByRole('region', { name: 'Composer' });
  const editor = composer.locator('[contenteditable="true"]');
  await expect(editor).toContainText('The harbour hall seats two hundred people.');
  // Only the selection is quoted (Thunderbird's rule), not the whole post.
  await expect(editor).not.toContainText('library annex');
  // The composer shows an attributed quote block (stored as [quote="bob, post:1, topic:T"]).
  await expect(editor.getByLabel('bob wrote (post 1)')).toContainText(
    'The harbour hall seats two hundred people.',
  );
  await expect(composer).toContainText('bob wrote (post 1):');
  // The draft reaches the forum as Discourse markdown with the attribution.
  await expect
    .poll(async () => {
      const response = await page.request.get(`${backend.url}/drafts/topic_${pm.topic_id}.json`);
      const { draft } = (await response.json()) as { draft: string | null };
      return draft ? (JSON.parse(draft) as { reply: string }).reply : '';
    })
    .toBe(
      `[quote="bob, post:1, topic:${pm.topic_id}"]\nThe harbour hall seats two hundred people.\n[/quote]`,
    );
  await screenshot(page, 'quote-in-composer');

  // A second selection with q goes to the same open composer, after the first. A triple
  // click selects the paragraph the way a person would (and leaves the editor).
  await post.getByText('The library annex is cheaper but smaller.').click({ clickCount: 3 });
  await page.keyboard.press('q');
  await expect(editor).toContainText('The library annex is cheaper but smaller.');
  await expect(editor).toContainText('The harbour hall seats two hundred people.');
});
