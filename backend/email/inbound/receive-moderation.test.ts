// Moderation of incoming mail (behaviour.md §2.1, §1.3, §3.7, §7.12): spam-flagged mail and
// posts by staged users (approve_unless_staged) wait in the review queue instead of being
// posted; forwarded mail to a group follows forwarded_emails_behaviour (§1.2 C5, §4.1).
// Approving and rejecting through the HTTP routes are in http/routes/review.test.ts.
import { describe, expect, it } from 'vitest';
import { REVIEWABLE_STATUS } from './review-queue';
import { fixture, fixtureWith, receive, receiverTest, userByEmail } from './test-support';

const t = receiverTest();
const db = () => t.forum.ctx.db;

/** A spam fixture sent to the team's address (category addresses are not served yet). */
const spamToTeam = (name: string, header?: [string, string]) =>
  fixtureWith(name, {
    'To: category@bar.com': 'To: team@bar.com',
    ...(header ? { [header[0]]: header[1] } : {}),
  });

const reviewables = () => db().selectFrom('reviewables').selectAll().orderBy('id').execute();
const topicsTitled = (title: string) =>
  db().selectFrom('topics').select(['id', 'user_id']).where('title', '=', title).execute();
const postsOf = (topicId: number) =>
  db().selectFrom('posts').selectAll().where('topic_id', '=', topicId).orderBy('post_number').execute();
const tau = async (topicId: number) =>
  (
    await db().selectFrom('topic_allowed_users').select('user_id').where('topic_id', '=', topicId).execute()
  ).map((r) => r.user_id);

describe('email_in_spam_header', () => {
  const cases: Array<[setting: string, fixtureName: string]> = [
    ['X-Spam-Flag', 'spam_x_spam_flag'],
    ['X-Spam-Status', 'spam_x_spam_status'],
    ['X-SES-Spam-Verdict', 'spam_x_ses_spam_verdict'],
  ];
  for (const [setting, name] of cases)
    it(`queues mail marked spam by ${setting} for review and posts nothing (${name})`, async () => {
      await t.forum.setting('email_in_spam_header', setting);
      const { outcome, record } = await receive(t.forum, spamToTeam(name));
      expect(outcome).toMatchObject({ status: 'held', errorCode: 'email_queued_for_review' });
      expect(record?.status).toBe('held');
      expect(await topicsTitled('This is a topic from an existing user')).toEqual([]);
      const [queued, ...more] = await reviewables();
      expect(more).toEqual([]);
      expect(queued).toMatchObject({
        type: 'ReviewableQueuedPost',
        status: REVIEWABLE_STATUS.pending,
        reason: 'email_spam',
        created_by_id: t.world.existing.id,
        topic_id: null,
        incoming_email_id: outcome.incomingEmailId,
      });
      expect(JSON.parse(queued?.payload ?? '{}')).toMatchObject({
        title: 'This is a topic from an existing user',
        raw: expect.stringContaining('Hey, this is a topic from an existing user ;)'),
        via_email: true,
      });
    });

  it('reads the verdict, not a word somewhere in the header', async () => {
    await t.forum.setting('email_in_spam_header', 'X-Spam-Status');
    const notSpam = spamToTeam('spam_x_spam_status', [
      'X-Spam-Status: Yes, score=12.3 required=4.5',
      'X-Spam-Status: No, score=0.1 required=4.5 tests=YES_TOKEN autolearn=no',
    ]);
    expect((await receive(t.forum, notSpam)).outcome.status).toBe('processed');
    await t.forum.setting('email_in_spam_header', 'X-Spam-Flag');
    const flagNo = fixtureWith('spam_x_spam_flag', {
      'To: category@bar.com': 'To: team@bar.com',
      'X-Spam-Flag: YES': 'X-Spam-Flag: NO',
      '<32@foo.bar.mail>': '<32-no@foo.bar.mail>',
    });
    expect((await receive(t.forum, flagNo)).outcome.status).toBe('processed');
    await t.forum.setting('email_in_spam_header', 'X-SES-Spam-Verdict');
    const pass = fixtureWith('spam_x_ses_spam_verdict', {
      'To: category@bar.com': 'To: team@bar.com',
      'X-SES-Spam-Verdict: FAIL': 'X-SES-Spam-Verdict: PASS',
      'Message-ID: <': 'Message-ID: <pass-',
    });
    expect((await receive(t.forum, pass)).outcome.status).toBe('processed');
    expect(await reviewables()).toEqual([]);
  });

  it('trusts the topmost header, the one our mail server wrote, over one the sender put lower', async () => {
    await t.forum.setting('email_in_spam_header', 'X-Spam-Flag');
    const forged = fixtureWith('spam_x_spam_flag', {
      'To: category@bar.com': 'To: team@bar.com',
      'Return-Path: <existing@bar.com>': 'X-Spam-Flag: YES\nReturn-Path: <existing@bar.com>',
      'X-Spam-Flag: YES\n\n': 'X-Spam-Flag: NO\n\n',
    });
    expect((await receive(t.forum, forged)).outcome.status).toBe('held');
  });

  it('posts spam-flagged mail normally when no spam header is trusted (the default)', async () => {
    const { outcome } = await receive(t.forum, spamToTeam('spam_x_spam_flag'));
    expect(outcome.status).toBe('processed');
    expect(await reviewables()).toEqual([]);
  });

  it('queues a spam-flagged reply with its topic and the post it answers', async () => {
    await t.forum.setting('email_in_spam_header', 'X-Spam-Flag');
    const reply = fixtureWith('text_reply', {
      'Content-Type: text/plain': 'X-Spam-Flag: YES\nContent-Type: text/plain',
    });
    const before = await postsOf(t.world.topic.id);
    const { outcome } = await receive(t.forum, reply);
    expect(outcome.status).toBe('held');
    expect(await postsOf(t.world.topic.id)).toHaveLength(before.length);
    const [queued] = await reviewables();
    expect(queued).toMatchObject({ topic_id: t.world.topic.id, created_by_id: t.world.replier.id });
    expect(JSON.parse(queued?.payload ?? '{}')).toMatchObject({ reply_to_post_number: 1 });
  });
});

describe('approve_unless_staged', () => {
  it("queues a staged sender's new group message; the staged user stays for the queue", async () => {
    await t.forum.setting('approve_unless_staged', 'true');
    const { outcome } = await receive(t.forum, 'encoded_display_name');
    expect(outcome).toMatchObject({ status: 'held', errorCode: 'email_queued_for_review' });
    const staged = await userByEmail(t.forum, 'random.name@bar.ru');
    expect(staged).toMatchObject({ staged: 1 });
    const [queued] = await reviewables();
    expect(queued).toMatchObject({ reason: 'staged', created_by_id: staged?.id, topic_id: null });
    expect(await db().selectFrom('topic_allowed_groups').select('topic_id').execute()).toEqual([]);
  });

  it('posts a registered user at once, and a staged one when the setting is off', async () => {
    await t.forum.setting('approve_unless_staged', 'true');
    expect((await receive(t.forum, 'group_existing_user')).outcome.status).toBe('processed');
    await t.forum.setting('approve_unless_staged', 'false');
    expect((await receive(t.forum, 'encoded_display_name')).outcome.status).toBe('processed');
    expect(await reviewables()).toEqual([]);
  });
});

describe('forwarded_emails_behaviour', () => {
  it('hide (default): the forwarder posts their comment, the forwarded email folded below it', async () => {
    const { outcome, post } = await receive(t.forum, 'forwarded_email_1');
    expect(outcome.status).toBe('processed');
    expect(post?.user_id).toBe((await userByEmail(t.forum, 'ba@bar.com'))?.id);
    const [main, folded = ''] = (post?.raw ?? '').split("<details class='elided'>");
    expect(main).toContain('@team, can you have a look at this email below?');
    expect(main).not.toContain('XoXo');
    expect(folded).toContain('XoXo');
  });

  it('quote: the forwarder posts their comment and the forwarded email in a quote', async () => {
    await t.forum.setting('forwarded_emails_behaviour', 'quote');
    const { outcome, post } = await receive(t.forum, 'forwarded_email_1');
    expect(outcome.status).toBe('processed');
    const [topic] = await topicsTitled('FW: Discoursing much?');
    expect(topic?.user_id).toBe((await userByEmail(t.forum, 'ba@bar.com'))?.id);
    expect(post?.raw).toMatch(
      /^@team, can you have a look at this email below\?\n\n\[quote\]\nFrom: Some One/,
    );
    expect(post?.raw).toContain('XoXo\n[/quote]');
    expect(post?.cooked).toContain('<aside class="quote no-group">');
    expect(post?.cooked).toContain('Discoursing much today?');
  });

  it('create_replies: the original sender starts the topic, the forwarder replies', async () => {
    await t.forum.setting('forwarded_emails_behaviour', 'create_replies');
    const { outcome } = await receive(t.forum, 'forwarded_email_1');
    expect(outcome.status).toBe('processed');
    const original = await userByEmail(t.forum, 'some@one.com');
    const forwarder = await userByEmail(t.forum, 'ba@bar.com');
    expect(original).toMatchObject({ staged: 1, name: 'Some One' });
    expect(forwarder).toMatchObject({ staged: 1 });
    const [topic] = await topicsTitled('Discoursing much?');
    expect(topic?.user_id).toBe(original?.id);
    const [first, reply, ...more] = await postsOf(topic?.id ?? 0);
    expect(more).toEqual([]);
    expect(first).toMatchObject({ user_id: original?.id, created_at: '2016-11-30T23:13:37.000Z' });
    expect(first?.raw).toContain('XoXo');
    expect(first?.raw).not.toContain('can you have a look');
    expect(reply).toMatchObject({ user_id: forwarder?.id, post_type: 1, reply_to_post_number: 1 });
    expect(reply?.raw).toBe('@team, can you have a look at this email below?');
    expect(outcome.postId).toBe(reply?.id);
    expect((await tau(topic?.id ?? 0)).sort()).toEqual([original?.id, forwarder?.id].sort());
    const tag = await db()
      .selectFrom('topic_allowed_groups')
      .select('group_id')
      .where('topic_id', '=', topic?.id ?? 0)
      .execute();
    expect(tag).toEqual([{ group_id: t.world.group.id }]);
  });

  it('create_replies: a forwarder from the group whispers their comment (forwarded_email_2)', async () => {
    await t.forum.setting('forwarded_emails_behaviour', 'create_replies');
    const member = await t.forum.user({ username: 'bamod', email: 'ba@bar.com', moderator: true });
    await db()
      .insertInto('group_users')
      .values({
        group_id: t.world.group.id,
        user_id: member.id,
        owner: 0,
        notification_level: 3,
        created_at: '2026-01-01T00:00:00.000Z',
      })
      .execute();
    const { outcome } = await receive(t.forum, 'forwarded_email_2');
    expect(outcome.status).toBe('processed');
    const [topic] = await topicsTitled('Discoursing much?');
    const [first, reply] = await postsOf(topic?.id ?? 0);
    expect(first?.user_id).toBe((await userByEmail(t.forum, 'some@one.com'))?.id);
    expect(reply).toMatchObject({ user_id: member.id, post_type: 4 });
    expect(reply?.raw).toContain('can you have a look');
  });

  it('create_replies: without a comment the forwarder is recorded by a "forwarded" small action (forwarded_email_4)', async () => {
    await t.forum.setting('forwarded_emails_behaviour', 'create_replies');
    const { outcome } = await receive(t.forum, 'forwarded_email_4');
    expect(outcome.status).toBe('processed');
    const [topic] = await topicsTitled('Discoursing much?');
    const [first, note] = await postsOf(topic?.id ?? 0);
    expect(first?.raw).toContain('XoXo');
    const forwarder = await userByEmail(t.forum, 'ba@bar.com');
    expect(note).toMatchObject({ user_id: forwarder?.id, post_type: 3, action_code: 'forwarded' });
    expect(await tau(topic?.id ?? 0)).toContain(forwarder?.id);
  });

  it('create_replies: an embedded email without a readable sender is handled as any other (forwarded_email_3)', async () => {
    await t.forum.setting('forwarded_emails_behaviour', 'create_replies');
    const { outcome, post } = await receive(t.forum, fixture('forwarded_email_3'));
    expect(outcome.status).toBe('processed');
    expect(post?.user_id).toBe((await userByEmail(t.forum, 'ba@bar.com'))?.id);
    expect(post?.raw).toContain('@team, can you have a look at this email below?');
  });
});
