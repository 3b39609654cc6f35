// Group commit (ingest-queue.ts, process-batch.ts): emails arriving together are stored in one
// transaction and processed in another, each email in its own savepoint — every email still
// recorded exactly once, idempotent on Message-ID, and one email's failure undoing only itself.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { nowIso } from '../../util/clock';
import { bodyOptionsOf } from './email-body';
import { ingestQueueOf } from './ingest-queue';
import { prepareEmail } from './prepared-email';
import { processStoredBatch } from './process-batch';
import { receiveEmail } from './receive-email';
import { fixtureWith, queuedSystemEmails, receiverTest } from './test-support';
import { storeIncomingRaw } from './incoming-raws';

const t = receiverTest();
const db = () => t.forum.ctx.db;

/** text_reply (to the replier's reply key) with its own Message-ID and words. */
const reply = (i: number, from = 'Foo Bar <discourse@bar.com>') =>
  fixtureWith('text_reply', {
    '<15@foo.bar.mail>': `<burst-${i}@foo.bar.mail>`,
    'This is a text reply :)': `This is burst reply number ${i}.`,
    'From: Foo Bar <discourse@bar.com>': `From: ${from}`,
  });

describe('a burst of incoming mail', () => {
  it('records and posts each email once, in fewer transactions than emails', async () => {
    const queue = ingestQueueOf(t.forum.ctx);
    const before = { ...queue.stats };
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, (_, i) => receiveEmail(t.forum.ctx, reply(i), { source: 'smtp' })),
    );
    expect(outcomes.map((o) => o.status)).toEqual(Array(40).fill('processed'));
    expect(new Set(outcomes.map((o) => o.postId)).size).toBe(40);
    const posts = await db()
      .selectFrom('posts')
      .select('raw')
      .where('topic_id', '=', t.world.topic.id)
      .where('via_email', '=', 1)
      .execute();
    for (let i = 0; i < 40; i++)
      expect(posts.filter((p) => p.raw.startsWith(`This is burst reply number ${i}.`))).toHaveLength(1);
    expect(queue.stats.emails - before.emails).toBe(40);
    expect(queue.stats.batches - before.batches).toBeLessThan(40);
  });

  it('answers the same Message-ID delivered twice at once with one record and one post', async () => {
    const [a, b, c] = await Promise.all([
      receiveEmail(t.forum.ctx, reply(1), { source: 'smtp' }),
      receiveEmail(t.forum.ctx, reply(1), { source: 'imap' }),
      receiveEmail(t.forum.ctx, reply(1), { source: 'handle_mail' }),
    ]);
    expect(a?.status).toBe('processed');
    expect(b).toMatchObject({ status: 'duplicate', incomingEmailId: a?.incomingEmailId, postId: a?.postId });
    expect(c).toMatchObject({ status: 'duplicate', incomingEmailId: a?.incomingEmailId });
    const records = await db().selectFrom('incoming_emails').select('id').execute();
    expect(records).toHaveLength(1);
  });

  it('keeps the others when some emails of a batch are rejected', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        // Every third one comes from someone the reply key does not belong to.
        receiveEmail(t.forum.ctx, reply(i, i % 3 === 0 ? `Eve <eve${i}@evil.test>` : undefined), {
          source: 'smtp',
        }),
      ),
    );
    outcomes.forEach((o, i) => expect(o.status, `email ${i}`).toBe(i % 3 === 0 ? 'rejected' : 'processed'));
    const posted = await db()
      .selectFrom('posts')
      .select('id')
      .where('topic_id', '=', t.world.topic.id)
      .where('via_email', '=', 1)
      .execute();
    expect(posted).toHaveLength(8);
    const rejections = (await queuedSystemEmails(t.forum)).map((m) => m.to).sort();
    expect(rejections).toEqual(['eve0@evil.test', 'eve3@evil.test', 'eve6@evil.test', 'eve9@evil.test']);
  });

  it('commits the other emails of a batch when one cannot be recorded at all', async () => {
    const { ctx } = t.forum;
    // Two records a crash left 'received', and one that staff deleted meanwhile.
    const stored = [];
    for (const i of [1, 2]) {
      const raw = reply(i);
      const row = await db()
        .insertInto('incoming_emails')
        .values({
          message_id: `burst-${i}@foo.bar.mail`,
          source: 'smtp',
          subject: null,
          from_address: 'discourse@bar.com',
          to_addresses: null,
          cc_addresses: null,
          user_id: null,
          post_id: null,
          topic_id: null,
          status: 'received',
          error: null,
          rejection_message: null,
          auth_results: null,
          created_at: nowIso(),
          updated_at: nowIso(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await storeIncomingRaw(db(), row.id, raw.toString('utf8'));
      stored.push({ id: row.id, prepared: await prepareEmail(raw, bodyOptionsOf(ctx.settings)) });
    }
    const gone = { id: 999_999, prepared: await prepareEmail(reply(3), bodyOptionsOf(ctx.settings)) };
    const results = await processStoredBatch(
      ctx,
      [stored[0]!, gone, stored[1]!].map((s) => ({
        ...s,
        opts: { source: 'smtp' as const },
        release: false,
      })),
    );
    expect(results[1]).toBeInstanceOf(Error);
    expect(results[0]).toMatchObject({ status: 'processed' });
    expect(results[2]).toMatchObject({ status: 'processed' });
    const records = await db().selectFrom('incoming_emails').select(['status', 'post_id']).execute();
    expect(records.map((r) => r.status)).toEqual(['processed', 'processed']);
    // The email without a record left nothing behind: two posts, not three.
    const posts = await db()
      .selectFrom('posts')
      .select('id')
      .where('topic_id', '=', t.world.topic.id)
      .where('via_email', '=', 1)
      .execute();
    expect(posts.map((p) => p.id).sort()).toEqual(records.map((r) => r.post_id).sort());
    // The batch's index writes waited for its commit; the undone email's went with its savepoint.
    const indexed = await sql<{
      rowid: number;
    }>`SELECT rowid FROM post_search WHERE post_search MATCH 'burst'`.execute(db());
    expect(indexed.rows.map((r) => r.rowid).sort()).toEqual(records.map((r) => r.post_id).sort());
  });
});
