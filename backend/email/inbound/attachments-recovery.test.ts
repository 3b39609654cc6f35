// Attachments (behaviour.md §3.6, §6 B 32–35) and the receiver's reliability promises
// (quality.md "Reliability"): processing is one transaction, a record a crash left 'received'
// is finished at start, an internal error is recorded rather than thrown.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { nowIso } from '../../util/clock';
import { rawAsText, reprocessPendingIncoming } from './receive-email';
import { fixture, fixtureWith, queuedSystemEmails, receive, receiverTest } from './test-support';
import { inboundDb } from './types';
import { storeIncomingRaw } from './incoming-raws';

const t = receiverTest();

const uploads = () => t.forum.ctx.db.selectFrom('uploads').selectAll().execute();

describe('attachments', () => {
  it('replaces a cid: reference with the stored upload (inline_attachment, B 32)', async () => {
    const { post } = await receive(t.forum, 'inline_attachment');
    const [upload] = await uploads();
    expect(upload).toMatchObject({
      original_filename: 'logo.png',
      mime_type: 'image/png',
      user_id: t.world.replier.id,
    });
    expect(upload?.url).toMatch(/^\/uploads\/[0-9a-f]{40}\.png$/);
    expect(post?.raw).toContain(`](${upload?.url})`);
    expect(post?.raw).not.toContain('cid:');
    expect(existsSync(join(t.forum.dataDir, upload?.url ?? ''))).toBe(true);
    const links = await inboundDb(t.forum.ctx.db).selectFrom('post_uploads').selectAll().execute();
    expect(links).toEqual([{ post_id: post?.id, upload_id: upload?.id }]);
  });

  it('ignores signature.asc (B 33)', async () => {
    const raw = fixtureWith('attached_txt_file', { 'filename=text.txt': 'filename=signature.asc' });
    const { outcome, post } = await receive(t.forum, raw);
    expect(outcome.status).toBe('processed');
    expect(await uploads()).toHaveLength(0);
    expect(post?.raw).not.toContain('signature.asc');
  });

  it('does not add a file already in the topic again (attached_txt_file_2, B 34)', async () => {
    await t.forum.setting('authorized_extensions', 'txt');
    const first = await receive(t.forum, 'attached_txt_file');
    expect(first.post?.raw).toContain('[text.txt](/uploads/');
    const second = await receive(t.forum, 'attached_txt_file_2');
    expect(second.outcome.status).toBe('processed');
    expect(second.post?.raw).not.toContain('/uploads/');
    expect(await uploads()).toHaveLength(1);
  });

  it('notes a refused file in the post and tells a real sender by email (B 35)', async () => {
    const { post } = await receive(t.forum, 'attached_txt_file');
    expect(post?.raw).toContain('*(Attachment text.txt missing)*');
    const mails = await queuedSystemEmails(t.forum);
    expect(mails).toEqual([
      expect.objectContaining({ emailType: 'email_reject_attachment', to: 'discourse@bar.com' }),
    ]);
    expect(mails[0]?.text).toContain('text.txt: files of this type are not allowed');
  });

  it('sends no such email to a staged sender (B 35)', async () => {
    await t.forum.ctx.db
      .updateTable('users')
      .set({ staged: 1, active: 0 })
      .where('id', '=', t.world.replier.id)
      .execute();
    const { post } = await receive(t.forum, 'attached_txt_file');
    expect(post?.raw).toContain('missing');
    expect(await queuedSystemEmails(t.forum)).toHaveLength(0);
  });
});

describe('reliability', () => {
  it('finishes a record a crash left in "received" (reprocessPendingIncoming)', async () => {
    const now = nowIso();
    const { text, encoding } = rawAsText(fixture('text_reply'));
    const row = await inboundDb(t.forum.ctx.db)
      .insertInto('incoming_emails')
      .values({
        message_id: '15@foo.bar.mail',
        source: 'smtp',
        subject: null,
        from_address: null,
        to_addresses: null,
        cc_addresses: null,
        user_id: null,
        post_id: null,
        topic_id: null,
        status: 'received',
        error: null,
        rejection_message: null,
        auth_results: null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await storeIncomingRaw(t.forum.ctx.db, row.id, text, encoding);
    const outcomes = await reprocessPendingIncoming(t.forum.ctx);
    expect(outcomes).toEqual([expect.objectContaining({ incomingEmailId: row.id, status: 'processed' })]);
    // A second start finds nothing to do, and a redelivery is a duplicate.
    expect(await reprocessPendingIncoming(t.forum.ctx)).toEqual([]);
    expect((await receive(t.forum, 'text_reply')).outcome.status).toBe('duplicate');
  });

  it('rolls back everything but the record when processing fails midway', async () => {
    await sql`CREATE TRIGGER boom BEFORE INSERT ON posts BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`.execute(
      t.forum.ctx.db,
    );
    const topics = (await t.forum.ctx.db.selectFrom('topics').select('id').execute()).length;
    const users = (await t.forum.ctx.db.selectFrom('users').select('id').execute()).length;
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const { outcome, record } = await receive(t.forum, 'encoded_display_name');
      expect(outcome).toMatchObject({ status: 'rejected', errorCode: 'email_unrecognised' });
      expect(record?.user_id).toBeNull();
    } finally {
      console.error = original;
    }
    expect(errors).toHaveLength(1);
    expect((await t.forum.ctx.db.selectFrom('topics').select('id').execute()).length).toBe(topics);
    expect((await t.forum.ctx.db.selectFrom('users').select('id').execute()).length).toBe(users);
  });
});
