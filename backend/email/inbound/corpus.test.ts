// Every Discourse fixture email goes through POST /admin/email/handle_mail on a forum set up as
// Discourse's receiver specs set theirs up (quality.md "Test corpora"): no crash, no 5xx, and a
// recorded outcome for each — rejected ones with a named email_* code. Each email gets its own
// forum (a copy of one prepared database), because upstream processes each fixture on its own
// and many fixtures share a Message-ID.
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes } from '../../../shared/domain/errors';
import { databaseFile } from '../../db/database';
import { createForum } from '../../main';
import { startTestForum } from '../../testing/forum-fixture';
import { fixture, requireCorpus, upstreamWorld } from './test-support';

const files = readdirSync(requireCorpus())
  .filter((f) => f.endsWith('.eml'))
  .sort();

const summary = new Map<string, number>();
let templateDir = '';
let apiKey = '';

beforeAll(async () => {
  const forum = await startTestForum();
  await upstreamWorld(forum);
  apiKey = forum.apiKey;
  templateDir = forum.dataDir;
  // Closing checkpoints the write-ahead log into the database file, which is then copied per email.
  await forum.close();
});

afterAll(() => {
  rmSync(templateDir, { recursive: true, force: true });
  const lines = [...summary.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${String(n).padStart(4)}  ${k}`);
  console.log(`corpus outcomes (${files.length} emails):\n${lines.join('\n')}`);
});

describe('Discourse fixture corpus through handle_mail', () => {
  it('finds the corpus', () => {
    expect(files.length).toBeGreaterThan(150);
  });

  it.each(files)('%s is stored with an outcome', async (file) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'foyer-corpus-'));
    copyFileSync(databaseFile(templateDir), databaseFile(dataDir));
    const forum = await createForum({ dataDir });
    try {
      const res = await forum.app.inject({
        method: 'POST',
        url: '/admin/email/handle_mail',
        headers: { 'api-key': apiKey, 'api-username': 'admin', 'content-type': 'application/json' },
        payload: JSON.stringify({ email_encoded: fixture(file).toString('base64') }),
      });
      expect(res.statusCode, res.body).toBe(200);
      const json = JSON.parse(res.body) as { status: string; incoming_email_id: number };
      const row = await forum.ctx.db
        .selectFrom('incoming_emails')
        .selectAll()
        .where('id', '=', json.incoming_email_id)
        .executeTakeFirst();
      expect(row, `no incoming_emails row for ${file}`).toBeDefined();
      expect(['processed', 'rejected', 'held', 'dropped', 'bounced']).toContain(row?.status);
      expect(json.status).toBe(row?.status);
      if (row?.status === 'processed') expect(row.error).toBeNull();
      else expect(errorCodes as readonly string[]).toContain(row?.error);
      const key = row?.error ? `${row.status} ${row.error}` : String(row?.status);
      summary.set(key, (summary.get(key) ?? 0) + 1);
    } finally {
      await forum.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
