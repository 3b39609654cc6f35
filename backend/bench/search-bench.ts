// Search benchmark rows for `npm run bench`: GET /search.json over 100k posts (scaled by
// FOYER_BENCH_SCALE) for a word found in most posts and a rare one, for a person who sees every
// PM and one who sees about 1% of them, beside plain FTS5 bm25 over the same index (the
// baseline quality.md names); and the mailbox counts on the same PMs. run.ts appends the rows this returns to its table; running this
// file alone prints them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createForum } from '../main';
import { createApiKey } from '../services/api-keys';
import { createAccount } from '../services/create-account';
import { searchDocument } from '../search/search-document';

const COMMON = 'update';
const RARE = 'zeppelin';
const COMMON_SHARE = 0.79;
const RARE_POSTS = 20;
const POSTS_PER_TOPIC = 10;

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}
const ms = (x: number) => `${x.toFixed(2)} ms`;

/** A deterministic pseudo-random sequence, so every run searches the same corpus. */
function random(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return x / 0x7fffffff;
  };
}

export async function searchBenchRows(
  scale = Number(process.env.FOYER_BENCH_SCALE ?? '1'),
  progress: (line: string) => void = () => undefined,
): Promise<string[]> {
  const totalPosts = Math.max(POSTS_PER_TOPIC * 10, Math.round(100_000 * scale));
  const dataDir = mkdtempSync(join(tmpdir(), 'foyer-search-bench-'));
  const forum = await createForum({ dataDir });
  try {
    const { ctx, database } = forum;
    const make = async (username: string, admin = false) =>
      (
        await createAccount(ctx, {
          username,
          email: `${username}@example.com`,
          password: 'a-long-enough-bench-password',
          active: true,
          admin,
        })
      ).user;
    const admin = await make('admin', true);
    const alice = await make('alice');
    const bob = await make('bob');
    const carol = await make('carol');
    const key = await createApiKey(ctx, { userId: null, createdById: admin.id });

    // The corpus is written with prepared statements in one transaction: the services would
    // take minutes for 100k posts, and only the search is measured here.
    const rnd = random(42);
    const vocabulary = Array.from({ length: 3000 }, (_, i) => `word${i.toString(36)}`);
    const rareAt = new Set(
      Array.from({ length: RARE_POSTS }, (_, i) => Math.floor(((i + 0.5) * totalPosts) / RARE_POSTS)),
    );
    const sqlite = database.sqlite;
    const insertTopic = sqlite.prepare(
      `INSERT INTO topics (title, fancy_title, slug, archetype, subtype, user_id, created_at, updated_at, bumped_at,
        last_posted_at, last_post_user_id, highest_post_number, posts_count, reply_count, like_count, word_count, views,
        participant_count, closed, archived, visible)
       VALUES (?, ?, 'bench', 'private_message', 'user_to_user', ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 2, 0, 0, 1)`,
    );
    const insertTau = sqlite.prepare(
      'INSERT INTO topic_allowed_users (topic_id, user_id, created_at) VALUES (?, ?, ?)',
    );
    const insertPost = sqlite.prepare(
      `INSERT INTO posts (topic_id, user_id, post_number, raw, cooked, post_type, reply_count, quote_count, word_count,
        version, via_email, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, 0, 0, 12, 1, 0, ?, ?)`,
    );
    const insertIndex = sqlite.prepare(
      'INSERT INTO post_search (rowid, title, body, author) VALUES (?, ?, ?, ?)',
    );
    const start = Date.now() - totalPosts * 60_000;
    sqlite.transaction(() => {
      let written = 0;
      for (let t = 0; written < totalPosts; t++) {
        const at = new Date(start + written * 60_000).toISOString();
        const title = `Topic ${t} ${vocabulary[t % vocabulary.length]}`;
        const topicId = Number(
          insertTopic.run(
            title,
            title,
            alice.id,
            at,
            at,
            at,
            at,
            bob.id,
            POSTS_PER_TOPIC,
            POSTS_PER_TOPIC,
            POSTS_PER_TOPIC - 1,
          ).lastInsertRowid,
        );
        insertTau.run(topicId, alice.id, at);
        insertTau.run(topicId, bob.id, at);
        // carol is in about 1% of the conversations.
        if (t % 100 === 0) insertTau.run(topicId, carol.id, at);
        for (let n = 1; n <= POSTS_PER_TOPIC && written < totalPosts; n++, written++) {
          const words = Array.from({ length: 12 }, () => vocabulary[Math.floor(rnd() * vocabulary.length)]);
          if (rnd() < COMMON_SHARE) words.push(COMMON);
          if (rareAt.has(written)) words.push(RARE);
          const raw = words.join(' ');
          const created = new Date(start + written * 60_000).toISOString();
          const author = n % 2 ? alice : bob;
          const postId = Number(
            insertPost.run(topicId, author.id, n, raw, `<p>${raw}</p>`, created, created).lastInsertRowid,
          );
          const doc = searchDocument({ post_number: n, raw }, { title }, author);
          insertIndex.run(postId, doc.title, doc.body, doc.author);
        }
      }
    })();
    progress(`corpus of ${totalPosts} posts written`);
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    sqlite.exec("INSERT INTO post_search(post_search) VALUES ('optimize')");

    const search = async (username: string, q: string) => {
      const res = await forum.app.inject({
        method: 'GET',
        url: `/search.json?q=${encodeURIComponent(q)}`,
        headers: { 'api-key': key, 'api-username': username },
      });
      if (res.statusCode !== 200) throw new Error(`search failed: ${res.body}`);
      return (JSON.parse(res.body) as { posts: unknown[] }).posts.length;
    };
    const measure = async (fn: () => unknown | Promise<unknown>, runs = 40) => {
      await fn();
      const samples: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        await fn();
        samples.push(performance.now() - t0);
      }
      return stats(samples);
    };
    const plainBm25 = sqlite.prepare(
      'SELECT rowid FROM post_search WHERE post_search MATCH ? ORDER BY bm25(post_search) LIMIT 50',
    );
    const commonBase = await measure(() => plainBm25.all(`"${COMMON}"`), 5);
    const rareBase = await measure(() => plainBm25.all(`"${RARE}"`));
    const label = `${Math.round(totalPosts / 1000)}k posts`;
    const rows: string[] = [];
    const cases: Array<[string, string, string, ReturnType<typeof stats>]> = [
      ['bob', COMMON, `common word (in ${COMMON_SHARE * 100}% of posts), searcher sees every PM`, commonBase],
      ['carol', COMMON, 'common word, searcher sees about 1% of PMs', commonBase],
      ['bob', RARE, `rare word (${RARE_POSTS} posts), ranked by bm25`, rareBase],
      ['bob', `${COMMON} from:alice before:2100-01-01`, 'common word with from: and before:', commonBase],
    ];
    progress(`baselines measured`);
    for (const [who, q, what, base] of cases) {
      progress(`measuring ${who}: ${q}`);
      const found = await search(who, q);
      const s = await measure(() => search(who, q));
      rows.push(
        `| Search ${label}: ${what} (GET /search.json, ${found} results) | ${ms(s.p50)} | ${ms(s.p95)} | p99 ${ms(s.p99)} (target p50 ≤ 15 ms, p95 ≤ 50 ms, p99 ≤ 250 ms) | plain FTS5 bm25, no authorization: p50 ${ms(base.p50)} |`,
      );
    }
    // The mailbox counts on the same corpus: bob's inbox holds every one of its PMs.
    const topicsOfBob = Math.ceil(totalPosts / POSTS_PER_TOPIC);
    const mailboxes = await measure(async () => {
      const res = await forum.app.inject({
        method: 'GET',
        url: '/foyer/mailboxes.json',
        headers: { 'api-key': key, 'api-username': 'bob' },
      });
      if (res.statusCode !== 200) throw new Error(res.body);
    }, 20);
    const countLinks = sqlite.prepare('SELECT count(*) FROM topic_allowed_users WHERE user_id = ?');
    const linksBase = await measure(() => countLinks.get(bob.id), 20);
    rows.push(
      `| Mailbox counts (GET /foyer/mailboxes.json: inbox, sent, archive, drafts) with ${topicsOfBob} PMs in the inbox | ${ms(mailboxes.p50)} | ${ms(mailboxes.p95)} | — | count(*) of the user's PM links: p50 ${ms(linksBase.p50)} |`,
    );
    return rows;
  } finally {
    await forum.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  searchBenchRows(undefined, (line) => console.error(`${new Date().toISOString()} ${line}`)).then(
    (rows) => console.log(rows.join('\n')),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
