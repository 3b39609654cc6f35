// kill -9 in the middle of a burst of incoming mail (quality.md "Reliability": a crash mid-ingest
// loses nothing and duplicates nothing after restart): every stored email is finished by
// reprocessPendingIncoming, every redelivery is a duplicate or a first delivery, and each
// Message-ID ends with exactly one record, one topic and one staged sender.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { expect, it } from 'vitest';
import { createForum } from '../../main';
import { startTestForum } from '../../testing/forum-fixture';
import { crashTestEmail } from './crash-receiver';
import { receiveEmail, reprocessPendingIncoming } from './receive-email';
import { repoRoot, upstreamWorld } from './test-support';

it('loses and doubles nothing when the receiver is killed mid-burst', async () => {
  const prepared = await startTestForum();
  await upstreamWorld(prepared);
  const dataDir = prepared.dataDir;
  await prepared.close();
  try {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'backend/email/inbound/crash-receiver.ts', dataDir],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => c.toString().includes('receiving') && resolve());
      child.once('exit', (code) => reject(new Error(`receiver exited early (${code}): ${err}`)));
    });
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const forum = await createForum({ dataDir });
    try {
      await reprocessPendingIncoming(forum.ctx);
      const db = forum.ctx.db;
      const records = await db.selectFrom('incoming_emails').select(['message_id', 'status']).execute();
      expect(records.length).toBeGreaterThan(10);
      expect(records.filter((r) => r.status !== 'processed')).toEqual([]);
      // The sender's mail server retries everything it was not sure about (and a bit more).
      for (let i = 0; i < records.length + 5; i++) {
        const outcome = await receiveEmail(forum.ctx, crashTestEmail(i), { source: 'smtp' });
        expect(['duplicate', 'processed']).toContain(outcome.status);
        if (i < records.length - 1) expect(outcome.status).toBe('duplicate');
      }
      const total = records.length + 5;
      const after = await db
        .selectFrom('incoming_emails')
        .select(['message_id', 'topic_id', 'status'])
        .execute();
      expect(new Set(after.map((r) => r.message_id)).size).toBe(total);
      expect(after).toHaveLength(total);
      expect(after.every((r) => r.status === 'processed' && r.topic_id !== null)).toBe(true);
      const topics = await db.selectFrom('topic_allowed_groups').select('topic_id').execute();
      expect(topics).toHaveLength(total);
      const staged = await db.selectFrom('users').select('id').where('staged', '=', 1).execute();
      expect(staged).toHaveLength(total);
      const posts = await db
        .selectFrom('posts')
        .select('id')
        .where('post_type', '=', 1)
        .where('via_email', '=', 1)
        .execute();
      expect(posts).toHaveLength(total);
    } finally {
      await forum.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
