// Search through GET /search.json: words (stemmed), phrases and every operator, only over PMs
// the searcher may see; staged participants found by their name; the index following edits and
// deletes; the migration's backfill; and common words switching from bm25 to newest-first.
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../db/schema';
import { backfillSearchIndex } from '../../db/migrations/0010-client-api';
import { receiveEmail } from '../../email/inbound/receive-email';
import { searchPosts } from '../../search/search-posts';
import { parseSearchQuery } from '../../search/search-query';
import { assertMatchesSpec } from '../../testing/discourse-spec';
import { startTestForum, type TestForum } from '../../testing/forum-fixture';
import { enableReplyByEmail, pmWithReplyKey, replyEmail } from '../../testing/reply-emails';

let forum: TestForum;
let alice: User;
let bob: User;
let carol: User;

beforeEach(async () => {
  forum = await startTestForum();
  alice = await forum.user({ username: 'alice', name: 'Alice Archer' });
  bob = await forum.user({ username: 'bob' });
  carol = await forum.user({ username: 'carol' });
  await forum.group('support', { members: [carol] });
});
afterEach(async () => {
  await forum.destroy();
});

async function pm(from: User, to: string, title: string, raw: string) {
  const res = await forum
    .as(from)
    .post('/posts.json', { title, raw, archetype: 'private_message', target_recipients: to });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json as { id: number; topic_id: number };
}

async function search(as: User | string, q: string) {
  const res = await forum.as(as).get(`/search.json?q=${encodeURIComponent(q)}`);
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json;
}

/** Alice's PM to jane@example.org (staged), whose reply address Jane's emails go to. */
async function pmToJane(title: string) {
  await enableReplyByEmail(forum.ctx);
  // Trust level 4 may write to email addresses (send_email_messages_allowed_groups).
  await forum.ctx.db.updateTable('users').set({ trust_level: 4 }).where('id', '=', alice.id).execute();
  return pmWithReplyKey(forum.ctx, { ...alice, trust_level: 4 }, { email: 'jane@example.org' }, title);
}

const ids = (json: { posts: Array<{ id: number }> }) => json.posts.map((p) => p.id).sort((a, b) => a - b);

describe('GET /search.json', () => {
  it('finds words (stemmed) and phrases in PMs the searcher sees, in Discourse shape', async () => {
    const invoice = await pm(alice, 'bob', 'Invoice for March', 'Please send the invoices before Friday.');
    const other = await pm(alice, 'carol', 'Lunch', 'Sending the invoice later, lunch first.');
    const res = await search(bob, 'invoice');
    // Discourse's spec omits the topics list its search sends (and Foyer's client reads).
    const { topics: _topics, ...specified } = res;
    await assertMatchesSpec('search', specified);
    expect(ids(res)).toEqual([invoice.id]);
    expect(res.posts[0]).toMatchObject({
      topic_id: invoice.topic_id,
      post_number: 1,
      username: 'alice',
      name: 'Alice Archer',
      topic_title_headline: 'Invoice for March',
    });
    expect(res.posts[0].blurb).toContain('invoices before Friday');
    expect(res.topics[0]).toMatchObject({ id: invoice.topic_id, title: 'Invoice for March', unseen: true });
    expect(res.grouped_search_result).toMatchObject({ term: 'invoice', post_ids: [invoice.id] });
    // Stemming: "sending" finds "send"; the phrase must match in order.
    expect(ids(await search(alice, 'sending'))).toEqual([invoice.id, other.id].sort((a, b) => a - b));
    expect(ids(await search(alice, '"invoices before friday"'))).toEqual([invoice.id]);
    expect(ids(await search(alice, '"friday before invoices"'))).toEqual([]);
    // Nobody outside a PM finds it; admins find everything.
    expect(ids(await search(carol, 'invoice'))).toEqual([other.id]);
    const outsider = await forum.user({ username: 'oscar' });
    expect(ids(await search(outsider, 'invoice'))).toEqual([]);
    expect(ids(await search('admin', 'invoice'))).toHaveLength(2);
    expect((await forum.as(null).get('/search.json?q=invoice')).status).toBe(403);
  });

  it('applies from:, @, to:, group:, in:, before:, after: and is:unread in the query', async () => {
    const a = await pm(alice, 'bob', 'Budget one', 'Budget draft attached.');
    const b = await pm(bob, 'alice', 'Budget two', 'Budget comments from bob.');
    const g = await pm(alice, 'support', 'Budget three', 'Budget for the support team.');
    expect(ids(await search(alice, 'budget from:bob'))).toEqual([b.id]);
    expect(ids(await search(alice, 'budget @alice'))).toEqual([a.id, g.id].sort((x, y) => x - y));
    expect(ids(await search(alice, 'budget to:bob'))).toEqual([a.id, b.id].sort((x, y) => x - y));
    expect(ids(await search(alice, 'budget to:support'))).toEqual([g.id]);
    expect(ids(await search(carol, 'budget group:support'))).toEqual([g.id]);
    expect(ids(await search(alice, 'budget in:sent'))).toEqual([a.id, g.id].sort((x, y) => x - y));
    await forum.as(alice).put(`/t/${b.topic_id}/archive-message.json`);
    expect(ids(await search(alice, 'budget in:archive'))).toEqual([b.id]);
    expect(ids(await search(alice, 'budget in:inbox'))).toEqual([a.id, g.id].sort((x, y) => x - y));
    expect(ids(await search(alice, 'budget before:2000-01-01'))).toEqual([]);
    expect(ids(await search(alice, 'budget after:2000-01-01'))).toHaveLength(3);
    // bob has not read alice's PM: it is unread for him; his own is read.
    expect(ids(await search(bob, 'budget is:unread'))).toEqual([a.id]);
    await forum.as(bob).post('/topics/timings', { topic_id: a.topic_id, timings: { 1: 1000 } });
    expect(ids(await search(bob, 'is:unread'))).toEqual([]);
    // Operators alone list the newest matching posts; unknown people match nothing.
    expect(ids(await search(alice, 'from:bob'))).toEqual([b.id]);
    expect(ids(await search(alice, 'budget from:nobody_at_all'))).toEqual([]);
  });

  it('finds staged participants by name and with:email, never by address for non-staff', async () => {
    const target = await pmToJane('Contract renewal');
    await forum.ctx.db
      .updateTable('users')
      .set({ name: 'Jane Doe' })
      .where('id', '=', target.recipient.user.id)
      .execute();
    const { raw } = replyEmail({
      from: 'Jane Doe <jane@example.org>',
      to: target.recipient.replyTo,
      body: 'The renewal terms look acceptable to us.',
    });
    const outcome = await receiveEmail(forum.ctx, raw, { source: 'handle_mail' });
    const internal = await pm(alice, 'bob', 'Renewal internal', 'Internal renewal notes.');
    expect(ids(await search(alice, 'renewal "Jane Doe"'))).toEqual([outcome.postId]);
    expect(ids(await search(alice, 'renewal from:"Jane Doe"'))).toEqual([outcome.postId]);
    const withEmail = await search(alice, 'renewal with:email');
    expect(withEmail.posts.map((p: { topic_id: number }) => p.topic_id)).not.toContain(internal.topic_id);
    const janes = withEmail.posts.find((p: { id: number }) => p.id === outcome.postId);
    expect(janes).toMatchObject({ staged: true, name: 'Jane Doe' });
    // Her address appears nowhere in what is said about her (only where alice typed it herself).
    expect(JSON.stringify(janes)).not.toContain('@example.org');
    expect(ids(await search(alice, 'renewal from:jane@example.org'))).toEqual([]);
    expect(ids(await search('admin', 'renewal from:jane@example.org'))).toEqual([outcome.postId]);
  });

  it('finds an emailed reply by its new words, not by the quoted history trimmed from it', async () => {
    const target = await pmToJane('Quarterly figures');
    const { raw } = replyEmail({
      from: 'Jane <jane@example.org>',
      to: target.recipient.replyTo,
      body: 'Spreadsheet attached tomorrow.\n\nOn Tue, 24 Nov 2026 at 10:00, Alice <alice@example.com> wrote:\n> Could you send the pineapple forecast?\n',
    });
    const outcome = await receiveEmail(forum.ctx, raw, { source: 'handle_mail' });
    const post = await forum.ctx.db
      .selectFrom('posts')
      .select('raw')
      .where('id', '=', outcome.postId ?? 0)
      .executeTakeFirstOrThrow();
    // The quoted history is kept with the post, folded...
    expect(post.raw).toContain('pineapple forecast');
    // ...but it is not a second hit for the words of the post it quotes.
    expect(ids(await search(alice, 'spreadsheet'))).toEqual([outcome.postId]);
    expect(ids(await search(alice, 'pineapple'))).toEqual([]);
  });

  it('follows edits and deletes, and the migration backfills posts written before it', async () => {
    const first = await pm(alice, 'bob', 'Travel', 'Flights to Lisbon are booked.');
    const reply = await forum
      .as(bob)
      .post('/posts.json', { topic_id: first.topic_id, raw: 'Lisbon hotel is booked too.' });
    await forum.as(alice).put(`/posts/${first.id}.json`, { post: { raw: 'Flights to Porto are booked.' } });
    expect(ids(await search(alice, 'lisbon'))).toEqual([reply.json.id]);
    expect(ids(await search(alice, 'porto'))).toEqual([first.id]);
    await forum.as(bob).delete(`/posts/${reply.json.id}.json`);
    expect(ids(await search(alice, 'lisbon'))).toEqual([]);

    await sql`DELETE FROM post_search`.execute(forum.ctx.db);
    expect(ids(await search(alice, 'porto'))).toEqual([]);
    await backfillSearchIndex(forum.ctx.db as never);
    expect(ids(await search(alice, 'porto'))).toEqual([first.id]);
    expect(ids(await search(alice, 'lisbon'))).toEqual([]);
  });

  it('ranks rare words by relevance and shows common words newest first', async () => {
    const older = await pm(alice, 'bob', 'Report', 'quarterly report quarterly report quarterly');
    const newer = await pm(alice, 'bob', 'Other', 'one mention of the quarterly numbers');
    const q = parseSearchQuery('quarterly');
    const ranked = await searchPosts(forum.ctx.db, alice, q, 1, { rankLimit: 10 });
    expect(ranked.ranking).toBe('relevance');
    expect(ranked.posts.map((p) => p.id)).toEqual([older.id, newer.id]);
    const common = await searchPosts(forum.ctx.db, alice, q, 1, { rankLimit: 1 });
    expect(common.ranking).toBe('recency');
    expect(common.posts.map((p) => p.id)).toEqual([newer.id, older.id]);
  });

  it('searches a common word from the few PMs a searcher sees, still only those', async () => {
    for (let i = 0; i < 12; i++) await pm(alice, 'bob', `Status ${i}`, `weekly status number ${i}`);
    const hers = await pm(alice, 'carol', 'Status for carol', 'weekly status for carol');
    const q = parseSearchQuery('weekly status');
    const few = await searchPosts(forum.ctx.db, carol, q, 1, { rankLimit: 1 });
    expect(few.ranking).toBe('recency');
    expect(few.posts.map((p) => p.id)).toEqual([hers.id]);
    const many = await searchPosts(forum.ctx.db, bob, q, 1, { rankLimit: 1 });
    expect(many.posts).toHaveLength(12);
    expect(many.posts[0]!.id).toBeGreaterThan(many.posts[11]!.id);
  });

  it('pages through a common word in the few PMs a searcher sees, newest first, none missed', async () => {
    for (let i = 0; i < 12; i++) await pm(alice, 'bob', `Status ${i}`, `weekly status number ${i}`);
    const first = await pm(alice, 'carol', 'Status for carol', 'weekly status for carol');
    const expected = [first.id];
    for (let i = 1; i < 120; i++) {
      const matches = i % 3 !== 0;
      const res = await forum.as(i % 2 ? carol : alice).post('/posts.json', {
        topic_id: first.topic_id,
        raw: matches ? `weekly status, part ${i}` : `lunch plans, part ${i}`,
      });
      expect(res.status).toBe(200);
      if (matches) expected.push(res.json.id as number);
    }
    expected.reverse();
    const q = parseSearchQuery('weekly status');
    const page1 = await searchPosts(forum.ctx.db, carol, q, 1, { rankLimit: 1 });
    const page2 = await searchPosts(forum.ctx.db, carol, q, 2, { rankLimit: 1 });
    expect(page1.ranking).toBe('recency');
    expect(page1.more).toBe(true);
    expect(page2.more).toBe(false);
    expect([...page1.posts, ...page2.posts].map((p) => p.id)).toEqual(expected);
  });

  it('treats FTS syntax in the query as text and answers empty queries with nothing', async () => {
    await pm(alice, 'bob', 'Syntax', 'NEAR and OR are words; so is "quoted".');
    for (const q of ['NEAR(', 'a OR', '*', '"', 'col:x', '-', '(((']) {
      const res = await forum.as(alice).get(`/search.json?q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(200);
    }
    expect((await search(alice, '')).posts).toEqual([]);
    expect(ids(await search(alice, 'NEAR'))).toHaveLength(1);
  });
});
