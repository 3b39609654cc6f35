// `npm run bench`: medians and percentiles for the forum core, each beside a baseline measured
// in the same run, written to BENCHMARKS.md. Sizes can be scaled with FOYER_BENCH_SCALE (0.1 for a quick look).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { bodyOptionsOf } from '../email/inbound/email-body';
import { createForum } from '../main';
import { createAccount } from '../services/create-account';
import { createApiKey } from '../services/api-keys';
import { sendPrivateMessage } from '../services/send-private-message';
import { replyToTopic } from '../services/reply-to-topic';
import { repoRoot } from '../testing/spawn-server';
import {
  BURST_CONCURRENCY,
  prepareCpu,
  burst,
  ingest,
  longThreadReply,
  mb,
  parseRate,
  replyTargets,
  typicalReply,
  type Rate,
} from './ingest';
import { searchBenchRows } from './search-bench';

const scale = Number(process.env.FOYER_BENCH_SCALE ?? '1');
const onlyIngest = process.env.FOYER_BENCH_ONLY === 'ingest';
const n = (x: number) => Math.max(1, Math.round(x * scale));

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), n: s.length };
}
const ms = (x: number) => `${x.toFixed(2)} ms`;
const us = (x: number | undefined) => (x === undefined ? '(not measured: no /proc)' : `${x.toFixed(0)} µs`);

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'foyer-bench-'));
  const forum = await createForum({ dataDir });
  const { ctx, app } = forum;
  const admin = (
    await createAccount(ctx, {
      username: 'admin',
      email: 'admin@example.com',
      password: 'admin-password-long',
      active: true,
      admin: true,
    })
  ).user;
  const key = await createApiKey(ctx, { userId: null, createdById: admin.id });
  const bob = (
    await createAccount(ctx, {
      username: 'bob',
      email: 'bob@example.com',
      password: 'bob-password-long',
      active: true,
    })
  ).user;
  const rows: string[] = [];

  // FOYER_BENCH_ONLY=ingest runs the email rows alone and prints them (BENCHMARKS.md is left as it is).
  if (!onlyIngest) {
    // 1. Sending PMs to a username and two new addresses (staging both).
    const sends: number[] = [];
    for (let i = 0; i < n(300); i++) {
      const t0 = performance.now();
      await sendPrivateMessage(ctx, admin, {
        title: `Bench message ${i}`,
        raw: `Hello number ${i}, **bold** and @bob.`,
        targetRecipients: `bob,a${i}@example.org,b${i}@example.org`,
      });
      sends.push(performance.now() - t0);
    }
    const baseInsert: number[] = [];
    const stmt = forum.database.sqlite.prepare(
      "INSERT INTO notifications (notification_type, user_id, data, read, high_priority, created_at, updated_at) VALUES (6, ?, '{}', 0, 0, 'x', 'x')",
    );
    for (let i = 0; i < n(300); i++) {
      const t0 = performance.now();
      forum.database.sqlite.transaction(() => {
        for (let k = 0; k < 12; k++) stmt.run(bob.id);
      })();
      baseInsert.push(performance.now() - t0);
    }
    const s1 = stats(sends);
    rows.push(
      `| Send a PM to 1 user + 2 new addresses (service, one transaction) | ${ms(s1.p50)} | ${ms(s1.p95)} | ${(1000 / s1.p50).toFixed(0)}/s | 12 raw single-row INSERTs in one transaction: ${ms(stats(baseInsert).p50)} |`,
    );

    // 2. Opening a thread of 500 posts.
    const big = await sendPrivateMessage(ctx, admin, {
      title: 'A long thread',
      raw: 'Post one of many.',
      targetRecipients: 'bob',
    });
    for (let i = 2; i <= 500; i++)
      await replyToTopic(ctx, i % 2 ? admin : bob, {
        topicId: big.topic.id,
        raw: `Reply ${i} with some *markdown* text.`,
        replyToPostNumber: i - 1,
      });
    const headers = { 'api-key': key, 'api-username': 'bob' };
    const opens: number[] = [];
    for (let i = 0; i < n(200); i++) {
      const t0 = performance.now();
      const res = await app.inject({ method: 'GET', url: `/t/${big.topic.id}.json`, headers });
      opens.push(performance.now() - t0);
      if (res.statusCode !== 200)
        throw new Error(`GET /t failed: ${res.statusCode} ${res.body.slice(0, 200)}`);
    }
    const rawOpen: number[] = [];
    const q = forum.database.sqlite.prepare('SELECT * FROM posts WHERE topic_id = ? ORDER BY post_number');
    for (let i = 0; i < n(200); i++) {
      const t0 = performance.now();
      q.all(big.topic.id);
      rawOpen.push(performance.now() - t0);
    }
    const s2 = stats(opens);
    rows.push(
      `| Open a 500-post PM: GET /t/{id}.json (HTTP in-process, auth, JSON) | ${ms(s2.p50)} | ${ms(s2.p95)} | target ≤ 10 ms p95 | the posts query alone, no shaping: ${ms(stats(rawOpen).p50)} |`,
    );

    // 3. An inbox of 100k PMs: first page and a deep page.
    const total = n(100_000);
    const db = forum.database.sqlite;
    const now = Date.now();
    db.transaction(() => {
      const topic = db.prepare(
        "INSERT INTO topics (title, fancy_title, slug, archetype, subtype, user_id, created_at, updated_at, bumped_at, last_posted_at, last_post_user_id, highest_post_number, posts_count) VALUES (?, ?, 'seed', 'private_message', 'user_to_user', ?, ?, ?, ?, ?, ?, 1, 1)",
      );
      const post = db.prepare(
        "INSERT INTO posts (topic_id, user_id, post_number, raw, cooked, created_at, updated_at) VALUES (?, ?, 1, 'seeded', '<p>seeded</p>', ?, ?)",
      );
      const tau = db.prepare(
        'INSERT INTO topic_allowed_users (topic_id, user_id, created_at) VALUES (?, ?, ?)',
      );
      for (let i = 0; i < total; i++) {
        const at = new Date(now - i * 1000).toISOString();
        const id = Number(
          topic.run(`Seeded ${i}`, `Seeded ${i}`, admin.id, at, at, at, at, admin.id).lastInsertRowid,
        );
        post.run(id, admin.id, at, at);
        tau.run(id, admin.id, at);
        tau.run(id, bob.id, at);
      }
    })();
    const middle = db
      .prepare('SELECT id, bumped_at FROM topics ORDER BY bumped_at DESC, id DESC LIMIT 1 OFFSET ?')
      .get(Math.floor(total / 2)) as { id: number; bumped_at: string };
    const cursor = encodeURIComponent(`${middle.bumped_at},${middle.id}`);
    const deepPage = Math.floor(total / 30 / 2);
    const pages: Record<string, number[]> = { first: [], deep: [], cursor: [] };
    for (let i = 0; i < n(100); i++) {
      for (const [name, query] of [
        ['first', 'page=0'],
        ['deep', `page=${deepPage}`],
        ['cursor', `page=${deepPage}&before=${cursor}`],
      ] as const) {
        const t0 = performance.now();
        const res = await app.inject({
          method: 'GET',
          url: `/topics/private-messages/bob.json?${query}`,
          headers,
        });
        pages[name]!.push(performance.now() - t0);
        if (res.statusCode !== 200) throw new Error(`inbox failed: ${res.statusCode}`);
      }
    }
    const keyset = db.prepare(
      "SELECT t.id FROM topics t WHERE t.archetype = 'private_message' AND t.bumped_at < ? AND EXISTS (SELECT 1 FROM topic_allowed_users a WHERE a.topic_id = t.id AND a.user_id = ?) ORDER BY t.bumped_at DESC LIMIT 30",
    );
    const keysetTimes: number[] = [];
    for (let i = 0; i < n(100); i++) {
      const t0 = performance.now();
      keyset.all(new Date(now - (total / 2) * 1000).toISOString(), bob.id);
      keysetTimes.push(performance.now() - t0);
    }
    rows.push(
      `| Inbox of ${total.toLocaleString('en')} PMs, first page (HTTP) | ${ms(stats(pages.first!).p50)} | ${ms(stats(pages.first!).p95)} | target ≤ 2 ms server for a keyset page | bare keyset query for 30 rows mid-list: ${ms(stats(keysetTimes).p50)} |`,
    );
    rows.push(
      `| Inbox of ${total.toLocaleString('en')} PMs, mid-list page by the more_topics_url cursor (HTTP) | ${ms(stats(pages.cursor!).p50)} | ${ms(stats(pages.cursor!).p95)} | keyset | same baseline |`,
    );
    rows.push(
      `| Inbox of ${total.toLocaleString('en')} PMs, mid-list page by page number only (HTTP, OFFSET) | ${ms(stats(pages.deep!).p50)} | ${ms(stats(pages.deep!).p95)} | why the cursor exists | same baseline |`,
    );
  }

  // 4. Email ingest: typical replies (quoted history and a signature) to reply keys, against
  // postal-mime parsing the same messages alone (bench/ingest.ts).
  const loadBefore = loadavg()[0]?.toFixed(1) ?? '?';
  const targets = await replyTargets(ctx, admin, 10);
  const count = n(1000);
  const corpus = Array.from({ length: count }, (_, i) => typicalReply(targets[i % targets.length]!, i));
  const oneByOne = Array.from({ length: count }, (_, i) =>
    typicalReply(targets[i % targets.length]!, 500_000 + i),
  );
  const parsed = await parseRate(corpus);
  const prepare = await prepareCpu(corpus, bodyOptionsOf(ctx.settings));
  const single = await ingest(ctx, count, (i) => oneByOne[i]!, 1);
  const burstRate = await ingest(ctx, count, (i) => corpus[i]!, BURST_CONCURRENCY);
  const parsedAfter = await parseRate(corpus);
  const replay = await ingest(ctx, count, (i) => corpus[i]!, 1, 'duplicate');
  // The faster of two parse runs (before and after ingest): the stricter baseline.
  const parse = parsed.perSecond >= parsedAfter.perSecond ? parsed : parsedAfter;
  const pct = (r: Rate, base: Rate = parse) =>
    `${r.perSecond.toFixed(0)}/s = ${((100 * r.perSecond) / base.perSecond).toFixed(1)}% of parse; CPU ${r.cpuMicros.toFixed(0)} µs/email (${(r.cpuMicros / base.cpuMicros).toFixed(1)}× parse${r.mainCpuMicros === undefined ? '' : `; main thread ${r.mainCpuMicros.toFixed(0)} µs`})`;
  rows.push(
    `| Email ingest, one at a time: ${count} replies (parse, sender, reply key, trim, post, notify, enqueue mail) | ${ms(1000 / single.perSecond)} | — | ${pct(single)} | postal-mime parse alone: ${parse.perSecond.toFixed(0)}/s, CPU ${parse.cpuMicros.toFixed(0)} µs/email |`,
  );
  rows.push(
    `| Email ingest, ${BURST_CONCURRENCY} deliveries in flight: the same kind of ${count} replies | ${ms(1000 / burstRate.perSecond)} | — | ${pct(burstRate)} (target ≥ 50% of parse) | same baseline |`,
  );
  rows.push(
    `| Duplicate replay of ${count} (same Message-IDs) | ${ms(1000 / replay.perSecond)} | — | ${replay.perSecond.toFixed(0)}/s (target ≥ 3,000/s) | — |`,
  );
  const b = await burst(ctx, targets, n(10_000));
  // Judged on the long burst: the 1,000-reply row includes starting the parse worker.
  const ingestVerdict =
    b.rate.perSecond >= parse.perSecond / 2
      ? 'met'
      : `not met (${((100 * b.rate.perSecond) / parse.perSecond).toFixed(0)}% in the ${b.total.toLocaleString('en')}-reply burst)`;
  const loadAfter = loadavg()[0]?.toFixed(1) ?? '?';
  const peak = (k: 'rss' | 'heapUsed') => Math.max(b.maxFirstHalf[k], b.maxSecondHalf[k]);
  rows.push(
    `| Burst of ${b.total.toLocaleString('en')} replies drained (${BURST_CONCURRENCY} in flight) | ${ms(1000 / b.rate.perSecond)} | — | ${pct(b.rate)}; RSS ${mb(b.before.rss)} before, ${mb(peak('rss'))} max during, ${mb(b.after.rss)} after; heap ${mb(b.before.heapUsed)} / ${mb(peak('heapUsed'))} / ${mb(b.after.heapUsed)} | memory ${b.verdict} |`,
  );

  // Long threads: the same burst with ~50 kB of quoted history in every reply.
  const longCount = n(1000);
  const longCorpus = Array.from({ length: longCount }, (_, i) =>
    longThreadReply(targets[i % targets.length]!, 2_000_000 + i),
  );
  const longParse = await parseRate(longCorpus);
  const long = await ingest(ctx, longCount, (i) => longCorpus[i]!, BURST_CONCURRENCY);
  rows.push(
    `| Burst of ${longCount.toLocaleString('en')} replies with ~${Math.round(longCorpus[0]!.length / 1000)} kB of quoted history each (${BURST_CONCURRENCY} in flight) | ${ms(1000 / long.perSecond)} | — | ${pct(long, longParse)} | postal-mime parse of the same: ${longParse.perSecond.toFixed(0)}/s, CPU ${longParse.cpuMicros.toFixed(0)} µs/email |`,
  );

  await forum.close();
  rmSync(dataDir, { recursive: true, force: true });

  // 5. Search and mailbox counts over their own 100k-post forum (bench/search-bench.ts).
  if (!onlyIngest) rows.push(...(await searchBenchRows(scale)));

  const report = `# Benchmarks

Reproduce with \`npm run bench\` (writes this file; \`FOYER_BENCH_SCALE=0.1 npm run bench\` for a quick look).
Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, scale ${scale}. Measured ${new Date().toISOString().slice(0, 10)}.
Times are per operation, measured in-process (fastify inject, no sockets) on a real SQLite file in WAL mode.

| Scenario | p50 | p95 | Rate / target | Baseline in the same run |
| --- | --- | --- | --- | --- |
${rows.join('\n')}

Notes:
- The quality targets (quality.md) name server time; these rows include the whole in-process HTTP path
  (API-key check, permission checks, four batched queries for posters, participants, read state and users,
  and JSON shaping), so they overstate pure server time. The bare keyset query shows the database part.
- Inbox pages: \`more_topics_url\` carries a keyset cursor (\`before=<bumped_at>,<id>\`) beside Discourse's
  \`page\`, so following it stays flat deep into a 100k inbox; a bare \`page=N\` is an OFFSET and grows with N.
- Topic excerpts are stored when the first post is written (migration 0002): computing them per list row
  cost more than the list query.
- Email ingest (bench/ingest.ts) goes through receiveEmail, as the SMTP listener, the IMAP poller and
  handle_mail do. Deliveries in flight together share transactions (group commit: one commit stores their
  raws, one processes them, a savepoint per email) and are parsed, trimmed and cooked in a worker thread
  while the main thread, which owns the SQLite writer, processes the ones before them. With
  ${BURST_CONCURRENCY} in flight the target (≥ 50% of postal-mime's parse rate) is ${ingestVerdict}.
- Where the 10k burst's CPU goes, per email: the main thread (the SQLite writer) ${us(b.rate.mainCpuMicros)};
  everything else ${us(b.rate.mainCpuMicros === undefined ? undefined : b.rate.cpuMicros - b.rate.mainCpuMicros)}: the parse worker (its work alone, run in one
  thread here: parse, body choice and trimming, cooking, ${prepare.toFixed(0)} µs, of which postal-mime ${parse.cpuMicros.toFixed(0)} µs) and V8's
  helper threads (garbage collection, compilation; a few per cent in the profile). In all ${(b.rate.cpuMicros / parse.cpuMicros).toFixed(1)}× the CPU of a parse, so with ${cpus().length} cores fully used
  ingest can reach at most ~${((100 * cpus().length * parse.cpuMicros) / b.rate.cpuMicros).toFixed(0)}% of the parse rate, and no thread may spend more than
  2× a parse per email: the main thread spends ${((b.rate.mainCpuMicros ?? Number.NaN) / parse.cpuMicros).toFixed(1)}×, the worker's work alone ${(prepare / parse.cpuMicros).toFixed(1)}×.
- What made the burst cheaper in stop 10 (CPU per email 7.4× → 4.0–5.5× a parse over the stop's runs):
  a batch's search-index writes, live events, jobs and PM notifications wait for its commit
  (db/deferred-writes.ts). FTS5 writes its pending terms out as a segment whenever a savepoint or a
  statement journal opens after it was touched, so indexing inside each email's savepoint had cost a
  segment per email, paid by the statement after it (the record's UPDATE took 121 µs instead of 14);
  the deferred rows go in multi-row inserts. An emailed reply's folded quoted history is no longer
  indexed (the rule quoted posts follow), which was most of its words. markdown-it 14.1 instead of 15
  (15 builds every token through a slow defineProperty helper: cooking a reply ~34 µs instead of ~63).
  The reply trimmer is ~3× cheaper (one alternation per expression family, tried only when a line holds
  a literal it needs; \`npx tsx backend/bench/trim-bench.ts\` measures it, \`trim-snapshot.test.ts\` pins
  its output). In a burst a batch waits for up to 64 prepared emails, so more share a commit.
- What is left on the main thread: ~24 statements a reply (record, sender, reply key, post, topic,
  participants, notifications, mail job), about 10 µs each in SQLite, plus the JavaScript around them.
  Fewer statements is the way on (reading the reply key's post and topic in one query; one participant
  read shared by notifications and the mail job). Tried and not kept: a 40 MB WAL between checkpoints
  (a few µs per email; grew the burst's RSS by ~30 MB), a larger young generation, single-threaded GC,
  processing a batch without savepoints.
- This machine is shared: the load average was ${loadBefore} when ingest started and ${loadAfter} when it
  ended. Wall-clock rates of the 2-thread pipeline suffer more from other load than the 1-thread parse
  baseline; CPU µs per email (all threads of the process) is the figure other load disturbs least.
`;
  if (!onlyIngest) writeFileSync(join(repoRoot, 'BENCHMARKS.md'), report);
  console.log(report);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
