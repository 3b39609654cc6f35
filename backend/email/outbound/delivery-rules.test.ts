// Send-time rules and reliability (behaviour.md §3.1 "Suppression", §3.8, §6 E63, E64, E66;
// quality.md Reliability): skips are logged with Discourse's reasons, mail is kept without a
// server and sent once one appears, a server that is down is retried with backoff, and a
// restart in the middle sends exactly once.
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createForum } from '../../main';
import type { TestForum } from '../../testing/forum-fixture';
import { deliverPendingMail } from './deliver-pending-mail';
import { createSmtpTransport } from './smtp-transport';
import { drainSoon, emailLogs, reply, sendPm, mailForumPerTest, userByEmail } from './test-support';
import type { SmtpSink } from '../../testing/smtp-sink';

let smtp: SmtpSink;
let forum: TestForum;
mailForumPerTest((f, s) => {
  forum = f;
  smtp = s;
});

async function staffAndStaged(address = 's@x.org') {
  const alice = await forum.user({ username: 'alice', trustLevel: 4 });
  const first = await sendPm(forum, alice, address);
  return { alice, topicId: first.json.topic_id as number, staged: await userByEmail(forum, address) };
}

describe('skips at send time', () => {
  it('skips the email over the daily cap with "exceeded_emails_limit" (E66)', async () => {
    await forum.setting('max_emails_per_day_per_user', '3');
    const { alice, topicId, staged } = await staffAndStaged();
    await reply(forum, alice, topicId, 'Second message.');
    await reply(forum, alice, topicId, 'Third message.');
    await reply(forum, alice, topicId, 'Fourth message.');
    await drainSoon(forum);
    expect(smtp.to('s@x.org')).toHaveLength(3);
    const logs = await emailLogs(forum);
    expect(logs.map((l) => l.status)).toEqual(['sent', 'sent', 'sent', 'skipped']);
    expect(logs[3]).toMatchObject({ user_id: staged.id, skipped_reason: 'exceeded_emails_limit' });
  });

  it('skips a recipient at the bounce threshold (E63) and erodes the score on each sent email (E64)', async () => {
    const { alice, topicId, staged } = await staffAndStaged();
    await drainSoon(forum);
    await forum.ctx.db.updateTable('users').set({ bounce_score: 1.5 }).where('id', '=', staged.id).execute();
    await reply(forum, alice, topicId, 'Still there?');
    await drainSoon(forum);
    const after = await forum.ctx.db
      .selectFrom('users')
      .select('bounce_score')
      .where('id', '=', staged.id)
      .executeTakeFirstOrThrow();
    expect(after.bounce_score).toBeCloseTo(1.4, 6);

    await forum.ctx.db.updateTable('users').set({ bounce_score: 4 }).where('id', '=', staged.id).execute();
    await reply(forum, alice, topicId, 'Hello again?');
    await drainSoon(forum);
    expect(smtp.to('s@x.org')).toHaveLength(2);
    expect((await emailLogs(forum)).at(-1)).toMatchObject({
      status: 'skipped',
      skipped_reason: 'exceeded_bounces_limit',
    });
  });

  it('sends nothing while disable_emails is "yes", and only to staff with "non-staff"', async () => {
    await forum.setting('disable_emails', 'yes');
    const { alice } = await staffAndStaged();
    await drainSoon(forum);
    expect(smtp.messages).toHaveLength(0);
    expect((await emailLogs(forum))[0]).toMatchObject({
      status: 'skipped',
      skipped_reason: 'disable_emails',
    });

    await forum.setting('disable_emails', 'non-staff');
    await forum.user({ username: 'mod', email: 'mod@x.org', moderator: true });
    await sendPm(forum, alice, 'mod,other@x.org', { title: 'Staff only please' });
    await drainSoon(forum);
    expect(smtp.messages.map((m) => m.rcptTo[0])).toEqual(['mod@x.org']);
  });

  it('skips a post deleted before its email went out, and a recipient removed from the PM', async () => {
    const { alice, topicId, staged } = await staffAndStaged();
    const second = await reply(forum, alice, topicId, 'Oops, wrong conversation.');
    await forum.ctx.db
      .updateTable('posts')
      .set({ deleted_at: new Date().toISOString() })
      .where('id', '=', second.json.id)
      .execute();
    await drainSoon(forum);
    await reply(forum, alice, topicId, 'A later post.');
    await forum.ctx.db.deleteFrom('topic_allowed_users').where('user_id', '=', staged.id).execute();
    await drainSoon(forum);
    const logs = await emailLogs(forum);
    expect(logs.map((l) => [l.status, l.skipped_reason])).toEqual([
      ['sent', null],
      ['skipped', 'user_email_post_deleted'],
      ['skipped', 'user_email_access_denied'],
    ]);
  });
});

describe('reliability', () => {
  it('keeps mail without an outgoing server, then sends it exactly once when one appears', async () => {
    forum.ctx.mail = null;
    const { alice, topicId } = await staffAndStaged();
    await reply(forum, alice, topicId, 'While offline.');
    await drainSoon(forum);
    const kept = await emailLogs(forum);
    expect(kept.map((l) => [l.status, l.skipped_reason])).toEqual([
      ['pending', 'not delivered: no outgoing mail server'],
      ['pending', 'not delivered: no outgoing mail server'],
    ]);
    expect(kept[0]!.raw).toContain('Subject: Quarterly report');
    expect(kept[0]!.raw).toContain('X-Foyer-Loop:');
    expect(await deliverPendingMail(forum.ctx)).toEqual({ sent: 0, skipped: 0, failed: 0 });

    forum.ctx.mail = createSmtpTransport(smtp.url);
    expect(await deliverPendingMail(forum.ctx)).toEqual({ sent: 2, skipped: 0, failed: 0 });
    expect(await deliverPendingMail(forum.ctx)).toEqual({ sent: 0, skipped: 0, failed: 0 });
    await drainSoon(forum);
    const mails = smtp.to('s@x.org');
    expect(mails).toHaveLength(2);
    expect(mails[1]!.header('in-reply-to')).toBe(mails[0]!.parsed.messageId);
    expect(mails[0]!.mailFrom).toMatch(/^reply\+verp-[0-9a-f]{32}@foyer\.test$/);
    expect(mails[0]!.header('auto-submitted')).toBe('auto-generated');
    expect(mails[0]!.parsed.from).toMatchObject({ name: 'alice via Foyer' });
    expect((await emailLogs(forum)).map((l) => l.status)).toEqual(['sent', 'sent']);
  });

  it('retries with backoff while the mail server is down and sends once when it is back', async () => {
    await staffAndStaged();
    await smtp.stop();
    await drainSoon(forum);
    const [job] = await forum.ctx.db.selectFrom('jobs').selectAll().execute();
    expect(job).toMatchObject({ status: 'pending', type: 'user_email' });
    expect(job!.attempts).toBeGreaterThanOrEqual(1);
    expect(job!.last_error).toMatch(/ECONNREFUSED|connect/i);
    expect(new Date(job!.run_at).getTime()).toBeGreaterThan(Date.now());
    expect(await forum.jobs.drain()).toBe(0); // backing off: nothing due right now
    expect(await emailLogs(forum)).toEqual([expect.objectContaining({ status: 'failed' })]);

    await smtp.start();
    await forum.jobs.drain(new Date(Date.now() + 2 * 60 * 60_000));
    expect(smtp.to('s@x.org')).toHaveLength(1);
    const logs = await emailLogs(forum);
    expect(logs).toEqual([expect.objectContaining({ status: 'sent' })]);
    await forum.jobs.drain(new Date(Date.now() + 2 * 60 * 60_000));
    expect(smtp.to('s@x.org')).toHaveLength(1);
  });

  it('resumes after a restart between enqueue and send, sending exactly once', async () => {
    await staffAndStaged();
    await forum.close();
    const reopened = await createForum({ dataDir: forum.dataDir, logger: false });
    try {
      reopened.ctx.mail = createSmtpTransport(smtp.url);
      await reopened.jobs.drain(new Date(Date.now() + 60_000));
      await reopened.jobs.drain(new Date(Date.now() + 60_000));
      expect(smtp.to('s@x.org')).toHaveLength(1);
      const logs = await reopened.ctx.db.selectFrom('email_logs').selectAll().execute();
      expect(logs).toEqual([expect.objectContaining({ status: 'sent' })]);
    } finally {
      await reopened.close();
      rmSync(forum.dataDir, { recursive: true, force: true });
      // The fixture's destroy() would close the already closed forum again.
      forum = { ...forum, destroy: async () => undefined };
    }
  });
});
