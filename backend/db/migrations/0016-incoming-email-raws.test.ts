// Migration 0016 moves each incoming email's raw message to incoming_email_raws and back.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { openDatabase } from '../database';
import * as m0016 from './0016-incoming-email-raws';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

it('moves every raw message to its own table, byte for byte, and back on the way down', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'foyer-0016-'));
  dirs.push(dir);
  const opened = await openDatabase(dir);
  const { sqlite } = opened;
  const db = opened.db as unknown as Kysely<unknown>;
  try {
    // The shape before 0016, with two stored emails (one kept as latin1).
    await m0016.down(db);
    const insert = sqlite.prepare(
      `INSERT INTO incoming_emails (message_id, raw, raw_encoding, source, status, created_at, updated_at)
       VALUES (?, ?, ?, 'smtp', 'processed', 'now', 'now')`,
    );
    insert.run('a@x', 'Subject: one\r\n\r\nHello', 'utf8');
    insert.run('b@x', 'Subject: two\r\n\r\nGr\xfc\xdfe', 'latin1');

    await m0016.up(db);
    const moved = sqlite
      .prepare(
        `SELECT e.message_id, r.raw, r.raw_encoding FROM incoming_emails e
         JOIN incoming_email_raws r ON r.incoming_email_id = e.id ORDER BY e.id`,
      )
      .all();
    expect(moved).toEqual([
      { message_id: 'a@x', raw: 'Subject: one\r\n\r\nHello', raw_encoding: 'utf8' },
      { message_id: 'b@x', raw: 'Subject: two\r\n\r\nGr\xfc\xdfe', raw_encoding: 'latin1' },
    ]);
    const columns = (
      sqlite.prepare(`SELECT name FROM pragma_table_info('incoming_emails')`).all() as Array<{
        name: string;
      }>
    ).map((c) => c.name);
    expect(columns).not.toContain('raw');
    expect(columns).not.toContain('raw_encoding');

    await m0016.down(db);
    expect(
      sqlite.prepare('SELECT message_id, raw, raw_encoding FROM incoming_emails ORDER BY id').all(),
    ).toEqual(moved);
    await m0016.up(db);
  } finally {
    await opened.close();
  }
});
