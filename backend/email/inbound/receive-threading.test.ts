// Threading headers and destinations (behaviour.md §3.3 steps 12–14, §3.4, §6 B 24, D 55,
// H 82–84), the forwarded-by-group sender (§3.3 step 3) and the RCPT TO check.
import { beforeEach, describe, expect, it } from 'vitest';
import { nowIso } from '../../util/clock';
import { isAcceptedRecipient } from './destinations';
import { fixtureWith, queuedSystemEmails, receive, REPLY_KEY, receiverTest, VERP_KEYS } from './test-support';

const t = receiverTest();

/** text_reply sent to `to`, answering `inReplyTo`, with its own Message-ID. */
function replyTo(to: string, inReplyTo: string, id: string, from = 'Foo Bar <discourse@bar.com>'): Buffer {
  return fixtureWith('text_reply', {
    [`To: reply+${REPLY_KEY}@bar.com`]: `To: ${to}\nIn-Reply-To: <${inReplyTo}>`,
    '<15@foo.bar.mail>': `<${id}>`,
    'From: Foo Bar <discourse@bar.com>': `From: ${from}`,
  });
}

const ourId = (postId: number) => `foyer/post/${postId}@127.0.0.1`;

async function logEmail(type: string, messageId: string, to: string) {
  const now = nowIso();
  await t.forum.ctx.db
    .insertInto('email_logs')
    .values({
      email_type: type,
      to_address: to,
      cc_addresses: null,
      user_id: null,
      post_id: t.world.post.id,
      topic_id: t.world.topic.id,
      incoming_email_id: null,
      message_id: messageId,
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
}

describe('no destination (§3.3 step 14)', () => {
  it('answers a reply to an old conversation with its link and the day limit (B 24)', async () => {
    const old = new Date(Date.now() - 100 * 86_400_000).toISOString();
    await t.forum.ctx.db
      .updateTable('posts')
      .set({ created_at: old })
      .where('id', '=', t.world.post.id)
      .execute();
    const { outcome, record } = await receive(
      t.forum,
      replyTo('someone@elsewhere.org', ourId(t.world.post.id), 'old@x'),
    );
    expect(outcome).toMatchObject({ status: 'rejected', errorCode: 'email_old_destination' });
    expect(record?.rejection_message).toContain('more than 90 days old');
    expect(record?.rejection_message).toContain(`/t/${t.world.topic.slug}/${t.world.topic.id}/1`);
  });

  it('answers a reply to a digest with the digest rejection (H 84)', async () => {
    await logEmail('digest', 'digest-1@127.0.0.1', 'discourse@bar.com');
    const { outcome } = await receive(
      t.forum,
      replyTo('someone@elsewhere.org', 'digest-1@127.0.0.1', 'dg@x'),
    );
    expect(outcome).toMatchObject({ status: 'rejected', errorCode: 'email_reply_to_digest' });
  });
});

describe('replies matched by headers when find_related_post_with_key is off (step 12, H 83)', () => {
  beforeEach(async () => {
    await t.forum.setting('find_related_post_with_key', 'false');
  });

  it("posts a participant's reply to the bare reply address into the PM its In-Reply-To names", async () => {
    expect(await isAcceptedRecipient(t.forum.ctx, 'reply@bar.com')).toBe(true);
    const { outcome, post } = await receive(
      t.forum,
      replyTo('reply@bar.com', ourId(t.world.post.id), 'h83@x'),
    );
    expect(outcome.status).toBe('processed');
    expect(post).toMatchObject({
      topic_id: t.world.topic.id,
      user_id: t.world.replier.id,
      reply_to_post_number: 1,
    });
  });

  it('does not let a stranger into a PM by guessing its Message-ID (stricter than Discourse)', async () => {
    const users = (await t.forum.ctx.db.selectFrom('users').select('id').execute()).length;
    const { outcome } = await receive(
      t.forum,
      replyTo('reply@bar.com', ourId(t.world.post.id), 'h83b@x', 'Eve <eve@evil.test>'),
    );
    expect(outcome).toMatchObject({ status: 'rejected', errorCode: 'email_reply_not_allowed' });
    expect((await t.forum.ctx.db.selectFrom('users').select('id').execute()).length).toBe(users);
  });
});

describe('several destinations (§3.3 step 13)', () => {
  it('uses the first destination that works and sends no rejection for the ones that failed (D 55)', async () => {
    const raw = replyTo('reply+0123456789abcdef0123456789abcdef@bar.com', 'none@x', 'd55@x')
      .toString('utf8')
      .replace('In-Reply-To: <none@x>', 'Cc: team@bar.com');
    const { outcome } = await receive(t.forum, Buffer.from(raw));
    expect(outcome.status).toBe('processed');
    const tag = await t.forum.ctx.db
      .selectFrom('topic_allowed_groups')
      .select('group_id')
      .where('topic_id', '=', outcome.topicId ?? 0)
      .execute();
    expect(tag).toEqual([{ group_id: t.world.group.id }]);
    expect(await queuedSystemEmails(t.forum)).toHaveLength(0);
  });
});

describe('the outbound Message-ID of email posts (H 82)', () => {
  it('gives the first post of a group PM the incoming Message-ID', async () => {
    const { post } = await receive(t.forum, 'encoded_display_name');
    expect(post?.outbound_message_id).toBe('29@foo.bar.mail');
  });
});

describe('mail a group forwarded into its own inbox (§3.3 step 3)', () => {
  it('is from the original sender (forwarded_by_group_to_inbox)', async () => {
    const { outcome, record, post } = await receive(t.forum, 'forwarded_by_group_to_inbox');
    expect(outcome.status).toBe('processed');
    expect(record?.from_address).toBe('fred@bedrock.com');
    const author = await t.forum.ctx.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', post?.user_id ?? 0)
      .executeTakeFirst();
    expect(author).toMatchObject({ staged: 1, name: 'Fred Flintstone' });
  });
});

describe("isAcceptedRecipient (the SMTP listener's RCPT TO)", () => {
  it('accepts our keyed and VERP addresses and group addresses, nothing else', async () => {
    expect(await isAcceptedRecipient(t.forum.ctx, `reply+${REPLY_KEY}@bar.com`)).toBe(true);
    expect(await isAcceptedRecipient(t.forum.ctx, `<alt+${REPLY_KEY}@BAR.com>`)).toBe(true);
    expect(await isAcceptedRecipient(t.forum.ctx, `reply+verp-${VERP_KEYS[0]}@bar.com`)).toBe(true);
    expect(await isAcceptedRecipient(t.forum.ctx, 'Team@Bar.com')).toBe(true);
    expect(await isAcceptedRecipient(t.forum.ctx, 'reply@bar.com')).toBe(false);
    expect(await isAcceptedRecipient(t.forum.ctx, 'reply+short@bar.com')).toBe(false);
    expect(await isAcceptedRecipient(t.forum.ctx, 'someone@bar.com')).toBe(false);
    await t.forum.setting('email_in', 'false');
    expect(await isAcceptedRecipient(t.forum.ctx, 'team@bar.com')).toBe(false);
  });
});
