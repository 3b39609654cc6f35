// Mail that is not posted (behaviour.md §3.3, §3.7–§3.9, §6 B 36/39, E 57–63): each failure is
// named and recorded, answered at most once per sender, code and day, never to a bounce or to
// ourselves; loops are dropped; bounces raise scores; DMARC failures are held.
import { describe, expect, it } from 'vitest';
import { releaseHeldEmail } from './dmarc-hold';
import { fixture, fixtureWith, queuedSystemEmails, receive, receiverTest, VERP_KEYS } from './test-support';

const t = receiverTest();

const userRow = (id: number) =>
  t.forum.ctx.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('rejections', () => {
  it.each([
    ['no_body', 'email_no_body'],
    ['no_from', 'email_no_sender'],
    ['invalid_from_1', 'email_no_sender'],
    ['invalid_from_2', 'email_no_sender'],
  ])('%s is rejected with %s', async (name, code) => {
    const { outcome, record } = await receive(t.forum, name);
    expect(outcome).toMatchObject({ status: 'rejected', errorCode: code });
    expect(record).toMatchObject({ status: 'rejected', error: code });
  });

  it('rejects a reply with more mentions than max_mentions_per_post (too_many_mentions)', async () => {
    const raw = fixtureWith('too_many_mentions', {
      'reply+636ca428858779856c226bb145ef4fad@appmail.adventuretime.ooo':
        'reply+4f97315cc828096c9cb34c6f1a0d6fe8@bar.com',
      'From: Jake the Dog <jake@adventuretime.ooo>': 'From: Foo Bar <discourse@bar.com>',
    });
    const { outcome, record } = await receive(t.forum, raw);
    expect(outcome).toMatchObject({ status: 'rejected', errorCode: 'email_invalid_post' });
    expect(record?.rejection_message).toContain('mentions more than 10 people');
  });

  it('answers a rejection with an email that quotes the reason, but not for codes without a reply', async () => {
    await receive(t.forum, 'no_body');
    await receive(t.forum, 'no_from');
    const mails = await queuedSystemEmails(t.forum);
    expect(mails).toEqual([
      expect.objectContaining({ emailType: 'email_reject_email_no_body', to: 'foo@bar.com' }),
    ]);
    expect(mails[0]?.subject).toBe('Re: your email');
  });

  it('sends at most one rejection per sender, code and day (E 61)', async () => {
    await receive(t.forum, 'no_body');
    const second = fixtureWith('no_body', { '<5@foo.bar.mail>': '<5b@foo.bar.mail>' });
    const { record } = await receive(t.forum, second);
    expect(record).toMatchObject({ status: 'rejected', error: 'email_no_body', rejection_message: null });
    expect(await queuedSystemEmails(t.forum)).toHaveLength(1);
    // A logged rejection counts as well as a queued one.
    await t.forum.ctx.db.deleteFrom('jobs').execute();
    await t.forum.ctx.db.updateTable('incoming_emails').set({ rejection_message: null }).execute();
    const now = new Date().toISOString();
    await t.forum.ctx.db
      .insertInto('email_logs')
      .values({
        email_type: 'email_reject_email_no_body',
        to_address: 'foo@bar.com',
        cc_addresses: null,
        user_id: null,
        post_id: null,
        topic_id: null,
        incoming_email_id: null,
        message_id: null,
        reply_key: null,
        bounce_key: null,
        bounce_error_code: null,
        status: 'sent',
        skipped_reason: null,
        smtp_response: null,
        raw: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await receive(t.forum, fixtureWith('no_body', { '<5@foo.bar.mail>': '<5c@foo.bar.mail>' }));
    expect(await queuedSystemEmails(t.forum)).toHaveLength(0);
  });

  it('leaves no staged user behind when every destination fails (bad_destinations, C 46)', async () => {
    const before = await t.forum.ctx.db.selectFrom('users').select('id').execute();
    const { outcome, record } = await receive(t.forum, 'bad_destinations');
    expect(outcome).toMatchObject({ status: 'rejected', errorCode: 'email_bad_destination' });
    expect(await t.forum.ctx.db.selectFrom('users').select('id').execute()).toHaveLength(before.length);
    expect(record?.user_id).toBeNull();
  });

  it('drops mail from our own reply address without a reply (from_reply_by_email_address, E 60)', async () => {
    const { outcome } = await receive(t.forum, 'from_reply_by_email_address');
    expect(outcome).toMatchObject({ status: 'dropped', errorCode: 'email_from_reply_address' });
    expect(await queuedSystemEmails(t.forum)).toHaveLength(0);
  });

  it('drops mail carrying our own loop-guard stamp ("differs" 7)', async () => {
    await t.forum.setting('site_id', 'abc123site');
    const looped = fixtureWith('text_reply', { 'Message-ID:': 'X-Foyer-Loop: abc123site\nMessage-ID:' });
    const { outcome } = await receive(t.forum, looped);
    expect(outcome).toMatchObject({ status: 'dropped', errorCode: 'email_loop' });
    const other = fixtureWith('html_reply', { 'Message-ID:': 'X-Foyer-Loop: some-other-site\nMessage-ID:' });
    expect((await receive(t.forum, other)).outcome.status).toBe('processed');
  });

  it('stores nothing when the subject matches ignore_by_title (ignored, B 39)', async () => {
    await t.forum.setting('ignore_by_title', 'foo');
    const { outcome } = await receive(t.forum, 'ignored');
    expect(outcome).toMatchObject({ status: 'dropped', errorCode: 'email_ignored_by_title' });
    expect(await t.forum.ctx.db.selectFrom('incoming_emails').select('id').execute()).toHaveLength(0);
    expect(await queuedSystemEmails(t.forum)).toHaveLength(0);
  });
});

describe('auto-generated mail (E 57–59, "differs" 3)', () => {
  it.each(['auto_generated_header', 'auto_generated_precedence'])(
    '%s is flagged and rejected',
    async (name) => {
      const { outcome, record } = await receive(t.forum, name);
      expect(outcome).toMatchObject({ status: 'rejected', errorCode: 'email_auto_generated' });
      expect(record?.is_auto_generated).toBe(1);
    },
  );

  it('accepts an allowlisted sender (auto_generated_allowlisted, E 58)', async () => {
    await t.forum.setting('auto_generated_allowlist', 'discourse@bar.com');
    expect((await receive(t.forum, 'auto_generated_allowlisted')).outcome.status).toBe('processed');
  });

  it('accepts Auto-Submitted: no as a person (RFC 3834 §5.2)', async () => {
    const human = fixtureWith('auto_generated_allowlisted', {
      'Auto-Submitted: auto-generated': 'Auto-Submitted: no',
    });
    const { outcome, record } = await receive(t.forum, human);
    expect(outcome.status).toBe('processed');
    expect(record?.is_auto_generated).toBe(0);
  });

  it('treats an out-of-office subject as auto-generated (E 59)', async () => {
    const ooo = fixtureWith('text_reply', {
      'Message-ID:': 'Subject: Out of Office: back Monday\nMessage-ID:',
    });
    expect((await receive(t.forum, ooo)).outcome.errorCode).toBe('email_auto_generated');
  });

  it('does not count X-Auto-Response-Suppress (quirks_exchange_xars)', async () => {
    const { record } = await receive(t.forum, 'quirks_exchange_xars');
    expect(record?.is_auto_generated).toBe(0);
  });
});

describe('bounces (§3.8, E 62–63)', () => {
  it.each(['hard_bounce_via_verp', 'hard_bounce_via_verp_2'])(
    '%s marks the VERP log bounced with 5.1.1 and adds 2',
    async (name) => {
      const { outcome, record } = await receive(t.forum, name);
      expect(outcome).toMatchObject({ status: 'bounced', errorCode: 'email_bounced' });
      expect(record).toMatchObject({
        is_bounce: 1,
        from_address: 'linux-admin@b-s-c.co.jp',
        user_id: t.world.bounced.id,
      });
      const key = name.endsWith('_2') ? VERP_KEYS[1] : VERP_KEYS[0];
      const log = await t.forum.ctx.db
        .selectFrom('email_logs')
        .selectAll()
        .where('bounce_key', '=', key)
        .executeTakeFirstOrThrow();
      expect(log).toMatchObject({ bounced: 1, bounce_error_code: '5.1.1' });
      expect((await userRow(t.world.bounced.id)).bounce_score).toBe(2);
      expect(await queuedSystemEmails(t.forum)).toHaveLength(0);
    },
  );

  it('adds the soft score for a 4.x.x report whose Final-Recipient differs (verp_bounce_different_final_recipient)', async () => {
    await receive(t.forum, 'verp_bounce_different_final_recipient');
    expect((await userRow(t.world.bounced.id)).bounce_score).toBe(1);
  });

  it('counts a repeated report for the same log once', async () => {
    await receive(t.forum, 'hard_bounce_via_verp');
    await receive(
      t.forum,
      fixtureWith('hard_bounce_via_verp', {
        'Subject: Undelivered': 'Message-ID: <again@x>\nSubject: Undelivered',
      }),
    );
    expect((await userRow(t.world.bounced.id)).bounce_score).toBe(2);
  });

  it.each(['bounced_email', 'bounced_email_multiple_status_codes'])(
    '%s (a delivery report) is a bounce on its Final-Recipient',
    async (name) => {
      const { outcome } = await receive(t.forum, name);
      expect(outcome).toMatchObject({ status: 'bounced', errorCode: 'email_bounced' });
      expect((await userRow(t.world.bounced.id)).bounce_score).toBe(2);
    },
  );

  it('reaches the threshold with a soft bounce on a score of 3 (E 63)', async () => {
    await t.forum.ctx.db
      .updateTable('users')
      .set({ bounce_score: 3 })
      .where('id', '=', t.world.bounced.id)
      .execute();
    await receive(t.forum, 'verp_bounce_different_final_recipient');
    const user = await userRow(t.world.bounced.id);
    expect(user.bounce_score).toBe(4);
    expect(user.reset_bounce_score_after).not.toBeNull();
  });
});

describe('DMARC hold (quality.md Security)', () => {
  it('holds mail from a registered user failing DMARC in a trusted Authentication-Results, and releases it', async () => {
    const raw = fixtureWith('dmarc_fail', { 'To: category@bar.com': 'To: team@bar.com' });
    const { outcome, record } = await receive(t.forum, raw);
    expect(outcome).toMatchObject({ status: 'held', errorCode: 'email_held_for_review' });
    expect(record).toMatchObject({ status: 'held', user_id: t.world.existing.id, post_id: null });
    expect(record?.auth_results).toContain('dmarc=fail');
    expect(await queuedSystemEmails(t.forum)).toHaveLength(0);
    const released = await releaseHeldEmail(t.forum.ctx, outcome.incomingEmailId);
    expect(released.status).toBe('processed');
    expect(released.postId).toBeDefined();
  });

  it('holds on the listener verdict, and ignores Authentication-Results from untrusted servers', async () => {
    await t.forum.setting('email_in_authserv_id', 'mx.foyer.test');
    const raw = fixtureWith('dmarc_fail', { 'To: category@bar.com': 'To: team@bar.com' });
    expect((await receive(t.forum, raw)).outcome.status).toBe('processed');
    const again = fixtureWith('group_existing_user', { '<32@foo.bar.mail>': '<33@foo.bar.mail>' });
    expect((await receive(t.forum, again, { auth: { dmarc: 'fail' } })).outcome.status).toBe('held');
  });

  it('holds dmarc_fail as it is in the corpus', async () => {
    expect((await receive(t.forum, fixture('dmarc_fail'))).outcome.status).toBe('held');
  });
});
