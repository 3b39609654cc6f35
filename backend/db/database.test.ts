// The database file: WAL, foreign keys, idempotent migrations, and consistency after a crash.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database';
import { migrations } from './migrations/index';
import { repoRoot } from '../testing/spawn-server';

const dirs: string[] = [];
const dataDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'foyer-db-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('openDatabase', () => {
  it('uses WAL with foreign keys enforced, and migrating twice changes nothing', async () => {
    const dir = dataDir();
    const first = await openDatabase(dir);
    expect(first.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(first.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(() =>
      first.sqlite
        .prepare(
          "INSERT INTO user_emails (user_id, email, normalized_email, \"primary\", created_at) VALUES (999, 'a@b.c', 'a@b.c', 1, 'now')",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    await first.close();
    const second = await openDatabase(dir);
    const applied = second.sqlite.prepare('SELECT name FROM kysely_migration').all() as Array<{
      name: string;
    }>;
    // Every listed migration applied exactly once, none twice after the second open.
    expect(applied.map((r) => r.name).sort()).toEqual(Object.keys(migrations).sort());
    expect(applied.map((r) => r.name)).toContain('0001-initial');
    const uncategorized = second.sqlite.prepare('SELECT id, slug FROM categories ORDER BY id').all();
    expect(uncategorized).toEqual([{ id: 1, slug: 'uncategorized' }]);
    const groups = second.sqlite
      .prepare('SELECT id, name FROM groups WHERE automatic = 1 ORDER BY id')
      .all() as Array<{ id: number; name: string }>;
    expect(groups.map((g) => g.id)).toEqual([0, 1, 2, 3, 10, 11, 12, 13, 14]);
    await second.close();
  });

  it('is consistent after kill -9 in the middle of a burst of PM writes', async () => {
    const dir = dataDir();
    const child = spawn(process.execPath, ['--import', 'tsx', 'backend/testing/crash-writer.ts', dir], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => c.toString().includes('writing') && resolve());
      child.once('exit', (code) => reject(new Error(`writer exited early (${code}): ${err}`)));
    });
    // Let it write for a moment longer, then kill it without any chance to clean up.
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const { sqlite, close } = await openDatabase(dir);
    const q = (sql: string) => (sqlite.prepare(sql).get() as { n: number }).n;
    const topics = q('SELECT count(*) AS n FROM topics');
    expect(topics).toBeGreaterThan(20);
    // Every topic that exists is whole: its first post, its three participants, its two staged users.
    expect(
      q(
        'SELECT count(*) AS n FROM topics t WHERE NOT EXISTS (SELECT 1 FROM posts p WHERE p.topic_id = t.id AND p.post_number = 1)',
      ),
    ).toBe(0);
    expect(
      q(
        'SELECT count(*) AS n FROM topics t WHERE (SELECT count(*) FROM topic_allowed_users a WHERE a.topic_id = t.id) <> 3',
      ),
    ).toBe(0);
    expect(q('SELECT count(*) AS n FROM users WHERE staged = 1')).toBe(topics * 2);
    expect(q('SELECT count(*) AS n FROM topics WHERE posts_count <> 1 OR highest_post_number <> 1')).toBe(0);
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    await close();
  });
});
