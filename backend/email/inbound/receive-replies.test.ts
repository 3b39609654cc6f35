// Replies by email (behaviour.md §3.3, §3.6, §6 B 17–38): bodies from each kind of client as
// Discourse's fixtures expect them, charsets, dates, duplicates, commands, and who may reply.
import { describe, expect, it } from 'vitest';
import { LIKE_ACTION_TYPE } from './body-commands';
import { inboundDb } from './types';
import {
  fixture,
  fixtureWith,
  latin1Body,
  queuedSystemEmails,
  receive,
  REPLY_KEY,
  receiverTest,
} from './test-support';

const t = receiverTest();

const mainText = (raw: string | undefined) => (raw ?? '').split("\n\n<details class='elided'>")[0]?.trim();

describe('reply bodies', () => {
  it.each([
    [
      'text_reply',
      'This is a text reply :)\n\nEmail parsing should not break because of a UTF-8 character: ’',
    ],
    ['html_reply', 'This is a **HTML** reply ;)'],
    ['text_and_html_reply', 'This is the **html** part.'],
    ['on_date_contact_wrote', 'This is the actual reply.'],
    ['previous_replies', 'This will not include the previous discussion that is present in this email.'],
    ['previous_replies_de', 'This will not include the previous discussion that is present in this email.'],
    ['reply_above', 'This will not include the previous discussion that is present in this email.'],
    ['iphone_signature', "This is not the signature you're looking for."],
    ['original_message', 'This is a reply :)'],
    ['gmail_html_reply', 'This is a **GMAIL** reply ;)'],
    ['hebrew_reply', 'שלום! מה שלומך היום?'],
    ['chinese_reply', '您好！ 你今天好吗？'],
    ['exchange_html_reply', 'This is the **body !!** of the email.'],
  ])('%s becomes a post with the expected text (B 17, 28, 30)', async (name, expected) => {
    const { outcome, post } = await receive(t.forum, name);
    expect(outcome.status, JSON.stringify(outcome)).toBe('processed');
    expect(mainText(post?.raw)).toBe(expected);
    expect(post).toMatchObject({ user_id: t.world.replier.id, via_email: 1, reply_to_post_number: 1 });
  });

  it('prefers the text part when incoming_email_prefer_html is off', async () => {
    await t.forum.setting('incoming_email_prefer_html', 'false');
    const { post } = await receive(t.forum, 'text_and_html_reply');
    expect(mainText(post?.raw)).toBe('This is the *text* part.');
  });

  it('folds the trimmed part into a details block in a PM (B 28)', async () => {
    const { post } = await receive(t.forum, 'gmail_html_reply');
    expect(post?.raw).toContain("<details class='elided'>");
    expect(post?.raw).toContain("<summary title='Show trimmed content'>&#183;&#183;&#183;</summary>");
    expect(post?.cooked).toContain('<details class="elided">');
  });

  it.each([
    'outlook',
    'ios_default',
    'windows_8_metro',
    'exchange_html_body_and_reply',
    'multipart',
    'android_gmail',
  ])('%s from another client is stored and recorded without a crash', async (name) => {
    const { outcome, record } = await receive(t.forum, name);
    expect(record?.status).toBe(outcome.status);
    expect(outcome.status).not.toBe('duplicate');
  });

  it('decodes an 8-bit ISO-8859-1 body (reply_with_8bit_encoding re-encoded as upstream has it)', async () => {
    const { post } = await receive(t.forum, latin1Body('reply_with_8bit_encoding'));
    expect(mainText(post?.raw)).toBe('hab vergessen kritische zeichen einzufügen:\näöüÄÖÜß');
    const stored = await inboundDb(t.forum.ctx.db)
      .selectFrom('incoming_email_raws')
      .select('raw_encoding')
      .executeTakeFirst();
    expect(stored?.raw_encoding).toBe('latin1');
  });

  it('decodes a Big5 body (big5)', async () => {
    const raw = fixtureWith('big5', {
      'reply+cd480e301683c9902891f15968bf07a5@appmail.adventuretime.ooo': `reply+${REPLY_KEY}@bar.com`,
    });
    await t.forum.ctx.db
      .updateTable('user_emails')
      .set({ email: 'walter.white@googlemail.com', normalized_email: 'walter.white@googlemail.com' })
      .where('user_id', '=', t.world.replier.id)
      .execute();
    const { post } = await receive(t.forum, raw);
    expect(mainText(post?.raw)).toBe('媽！我上電視了！');
  });
});

describe('post details', () => {
  it('clamps a Date in the future to now (B 37)', async () => {
    const before = Date.now();
    const { post } = await receive(t.forum, 'from_the_future');
    expect(Date.parse(post?.created_at ?? '')).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(post?.created_at ?? '')).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it('keeps a past Date header as created_at and the Message-ID as the outbound id (§3.3, H 82)', async () => {
    const { post, record } = await receive(t.forum, 'text_reply');
    expect(post?.created_at).toBe('2016-01-14T23:12:43.000Z');
    expect(post?.outbound_message_id).toBe('15@foo.bar.mail');
    expect(record).toMatchObject({
      status: 'processed',
      post_id: post?.id,
      topic_id: t.world.topic.id,
      user_id: t.world.replier.id,
    });
  });

  it('stores the raw email and links the record (B 17)', async () => {
    const { record } = await receive(t.forum, 'text_reply');
    const stored = await t.forum.ctx.db
      .selectFrom('incoming_email_raws')
      .select('raw')
      .where('incoming_email_id', '=', record?.id ?? 0)
      .executeTakeFirst();
    expect(stored?.raw).toBe(fixture('text_reply').toString('utf8'));
    expect(record?.message_id).toBe('15@foo.bar.mail');
  });
});

describe('duplicates (B 38)', () => {
  it('answers a second delivery of the same Message-ID with the earlier record and creates nothing', async () => {
    const first = await receive(t.forum, 'text_reply');
    const second = await receive(t.forum, 'text_reply');
    expect(second.outcome).toMatchObject({
      status: 'duplicate',
      incomingEmailId: first.outcome.incomingEmailId,
      postId: first.post?.id,
    });
    const posts = await t.forum.ctx.db
      .selectFrom('posts')
      .select('id')
      .where('topic_id', '=', t.world.topic.id)
      .execute();
    expect(posts).toHaveLength(2);
  });

  it('uses the SHA-256 of the raw when there is no Message-ID (missing_message_id)', async () => {
    const first = await receive(t.forum, 'missing_message_id');
    expect(first.record?.message_id).toMatch(/^[0-9a-f]{64}$/);
    expect(first.record?.status).toBe('rejected');
    const second = await receive(t.forum, 'missing_message_id');
    expect(second.outcome).toMatchObject({
      status: 'duplicate',
      incomingEmailId: first.outcome.incomingEmailId,
    });
    expect(await t.forum.ctx.db.selectFrom('incoming_emails').select('id').execute()).toHaveLength(1);
  });
});

describe('body commands (B 25–27)', () => {
  it('likes the post for "+1" and creates no post (like)', async () => {
    const { outcome } = await receive(t.forum, 'like');
    expect(outcome).toMatchObject({ status: 'processed' });
    expect(outcome.postId).toBeUndefined();
    const likes = await inboundDb(t.forum.ctx.db).selectFrom('post_actions').selectAll().execute();
    expect(likes).toEqual([
      expect.objectContaining({
        post_id: t.world.post.id,
        user_id: t.world.replier.id,
        post_action_type_id: LIKE_ACTION_TYPE,
      }),
    ]);
    const posts = await t.forum.ctx.db
      .selectFrom('posts')
      .select('id')
      .where('topic_id', '=', t.world.topic.id)
      .execute();
    expect(posts).toHaveLength(1);
  });

  it.each([
    ['mute', 0],
    ['track', 2],
    ['watch', 3],
  ])('sets the topic level for "%s"', async (name, level) => {
    const { outcome } = await receive(t.forum, name);
    expect(outcome.status).toBe('processed');
    const tu = await t.forum.ctx.db
      .selectFrom('topic_users')
      .select('notification_level')
      .where('user_id', '=', t.world.replier.id)
      .where('topic_id', '=', t.world.topic.id)
      .executeTakeFirst();
    expect(tu?.notification_level).toBe(level);
  });

  it.each(['unsubscribe_subject', 'unsubscribe_body'])(
    '%s sends an unsubscribe confirmation and posts nothing',
    async (name) => {
      const { outcome } = await receive(t.forum, name);
      expect(outcome).toMatchObject({ status: 'processed' });
      expect(outcome.postId).toBeUndefined();
      const mails = await queuedSystemEmails(t.forum);
      expect(mails).toEqual([
        expect.objectContaining({ emailType: 'unsubscribe_mailing_list', to: 'discourse@bar.com' }),
      ]);
      // A reply to a notification (reply key) gets the one-click link for that conversation.
      if (name === 'unsubscribe_body') expect(mails[0]?.text).toContain('/email/unsubscribe/');
      expect(mails[0]?.text).toContain('/my/preferences/emails');
    },
  );

  it('refuses unsubscribe from an unknown sender (unsubscribe_new_user)', async () => {
    const { outcome } = await receive(t.forum, 'unsubscribe_new_user');
    expect(outcome).toMatchObject({ status: 'rejected', errorCode: 'email_unsubscribe_not_allowed' });
  });
});

describe('who may reply', () => {
  it('rejects a reply shorter than the minimum from a real user (too_small)', async () => {
    const { outcome, record } = await receive(t.forum, 'too_small');
    expect(outcome).toMatchObject({ status: 'rejected', errorCode: 'email_too_short' });
    expect(record?.rejection_message).toContain('at least 5 characters');
  });

  it('rejects a reply key used by an unknown address without staging it (B 18, reply_user_not_matching)', async () => {
    const { outcome } = await receive(t.forum, 'reply_user_not_matching');
    expect(outcome).toMatchObject({ status: 'rejected', errorCode: 'email_bad_destination' });
    const users = await t.forum.ctx.db
      .selectFrom('user_emails')
      .select('email')
      .where('email', '=', 'someone_else@bar.com')
      .execute();
    expect(users).toHaveLength(0);
    expect(await queuedSystemEmails(t.forum)).toEqual([
      expect.objectContaining({
        emailType: 'email_reject_email_bad_destination',
        to: 'someone_else@bar.com',
      }),
    ]);
  });

  it("rejects another participant using someone else's key (B 19) unless the key was forwarded to them (B 20)", async () => {
    const bob = await t.forum.user({ username: 'bob', email: 'bob@bar.com' });
    await t.forum.as(t.world.author).post(`/t/${t.world.topic.id}/invite.json`, { user: 'bob' });
    const rejected = await receive(t.forum, 'reply_user_not_matching_but_known');
    expect(rejected.outcome).toMatchObject({
      status: 'rejected',
      errorCode: 'email_reply_user_not_matching',
    });

    // An earlier email into the topic went to the reply address with Bob in Cc.
    const earlier = fixtureWith('text_reply', {
      '<15@foo.bar.mail>': '<100@foo.bar.mail>',
      'To: reply+': 'Cc: bob@bar.com\nTo: reply+',
    });
    expect((await receive(t.forum, earlier)).outcome.status).toBe('processed');
    const again = fixtureWith('reply_user_not_matching_but_known', {
      '<11@foo.bar.mail>': '<101@foo.bar.mail>',
    });
    const accepted = await receive(t.forum, again);
    expect(accepted.outcome.status).toBe('processed');
    expect(accepted.post?.user_id).toBe(bob.id);
  });

  it('rejects a non-participant with reply not allowed (B 19)', async () => {
    await t.forum.user({ username: 'bob', email: 'bob@bar.com' });
    const { outcome } = await receive(t.forum, 'reply_user_not_matching_but_known');
    expect(outcome).toMatchObject({ status: 'rejected', errorCode: 'email_reply_not_allowed' });
  });

  it('accepts the key owner, also through the alternative address (reply_user_matching*)', async () => {
    expect((await receive(t.forum, 'reply_user_matching')).outcome.status).toBe('processed');
    const alt = await receive(t.forum, fixtureWith('reply_user_matching_alternativereplyaddr', {}));
    expect(['processed', 'duplicate']).toContain(alt.outcome.status);
  });

  it('rejects replies to a closed PM (B 21) and a deleted one (B 22)', async () => {
    await t.forum.ctx.db
      .updateTable('topics')
      .set({ closed: 1 })
      .where('id', '=', t.world.topic.id)
      .execute();
    expect((await receive(t.forum, 'text_reply')).outcome.errorCode).toBe('email_topic_closed');
    await t.forum.ctx.db
      .updateTable('topics')
      .set({ deleted_at: new Date().toISOString() })
      .where('id', '=', t.world.topic.id)
      .execute();
    expect((await receive(t.forum, fixtureWith('html_reply', {}))).outcome.errorCode).toBe(
      'email_topic_not_found',
    );
  });

  it('replies to the topic when the replied-to post was deleted (B 23)', async () => {
    await t.forum.ctx.db
      .updateTable('posts')
      .set({ deleted_at: new Date().toISOString() })
      .where('id', '=', t.world.post.id)
      .execute();
    const { post } = await receive(t.forum, 'text_reply');
    expect(post).toMatchObject({ topic_id: t.world.topic.id, reply_to_post_number: null });
  });
});
