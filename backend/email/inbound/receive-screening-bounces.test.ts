// Revoked addresses, bounce whispers and the screened-email list through the receiver with
// Discourse's fixture emails (behaviour.md §3.3 step 6, §3.8, §6 E 63 and E 65).
import { describe, expect, it } from 'vitest';
import { SYSTEM_USER_ID } from './bounces';
import { fixtureWith, queuedSystemEmails, receive, receiverTest } from './test-support';

const t = receiverTest();

const db = () => t.forum.ctx.db;
const setScore = (score: number) =>
  db().updateTable('users').set({ bounce_score: score }).where('id', '=', t.world.bounced.id).execute();
const systemPms = () =>
  db()
    .selectFrom('topics')
    .innerJoin('topic_allowed_users as tau', 'tau.topic_id', 'topics.id')
    .select(['topics.id', 'topics.title', 'topics.user_id', 'topics.subtype'])
    .where('tau.user_id', '=', t.world.bounced.id)
    .where('topics.user_id', '=', SYSTEM_USER_ID)
    .execute();
const whispers = () => db().selectFrom('posts').selectAll().where('post_type', '=', 4).execute();

describe('crossing bounce_score_threshold (E 63)', () => {
  it('logs revoke_email and sends the user a system PM, once', async () => {
    await setScore(3);
    await receive(t.forum, 'verp_bounce_different_final_recipient');
    const logs = await db().selectFrom('user_histories').selectAll().execute();
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({
      action: 'revoke_email',
      acting_user_id: null,
      target_user_id: t.world.bounced.id,
    });
    expect(logs[0]?.details).toContain('Bounce score 4');
    const pms = await systemPms();
    expect(pms).toEqual([
      expect.objectContaining({ title: 'Email delivery problem', subtype: 'system_message' }),
    ]);
    const body = await db()
      .selectFrom('posts')
      .select('raw')
      .where('topic_id', '=', pms[0]?.id ?? 0)
      .execute();
    expect(body[0]?.raw).toContain('linux-admin@b-s-c.co.jp');
    const system = await db()
      .selectFrom('users')
      .selectAll()
      .where('id', '=', SYSTEM_USER_ID)
      .executeTakeFirstOrThrow();
    expect(system).toMatchObject({ username: 'system', staged: 0, active: 0, admin: 1 });
    // Already past the threshold: a further bounce neither logs nor messages again.
    await receive(t.forum, 'hard_bounce_via_verp_2');
    expect(await db().selectFrom('user_histories').select('id').execute()).toHaveLength(1);
    expect(await systemPms()).toHaveLength(1);
  });

  it('does nothing below the threshold', async () => {
    await receive(t.forum, 'verp_bounce_different_final_recipient');
    expect(await db().selectFrom('user_histories').select('id').execute()).toHaveLength(0);
    expect(await systemPms()).toHaveLength(0);
  });
});

describe('bounce whisper for a staged participant (E 65)', () => {
  it('adds a system whisper with the status and diagnostic to the PM, hidden from non-staff', async () => {
    await db()
      .updateTable('users')
      .set({ staged: 1, active: 0 })
      .where('id', '=', t.world.bounced.id)
      .execute();
    await receive(t.forum, 'hard_bounce_via_verp');
    const found = await whispers();
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ topic_id: t.world.topic.id, user_id: SYSTEM_USER_ID });
    expect(found[0]?.raw).toContain('5.1.1');
    expect(found[0]?.raw).toContain('unknown user: "linux-admin"');
    const asAuthor = await t.forum.as(t.world.author).get(`/t/${t.world.topic.id}.json`);
    expect(asAuthor.status).toBe(200);
    expect(asAuthor.json.post_stream.posts.map((p: { post_type: number }) => p.post_type)).not.toContain(4);
    // A repeated report for the same log adds no second whisper.
    await receive(
      t.forum,
      fixtureWith('hard_bounce_via_verp', {
        'Subject: Undelivered': 'Message-ID: <again@x>\nSubject: Undelivered',
      }),
    );
    expect(await whispers()).toHaveLength(1);
  });

  it('adds no whisper for a bounce to a real account', async () => {
    await receive(t.forum, 'hard_bounce_via_verp');
    expect(await whispers()).toHaveLength(0);
  });
});

describe('screened emails (§3.3 step 6)', () => {
  const screen = (email: string, action: string) =>
    t.forum.as('admin').post('/admin/logs/screened_emails.json', { email, action_name: action });
  const entry = () => db().selectFrom('screened_emails').selectAll().executeTakeFirstOrThrow();

  it('rejects a blocked sender with email_screened and counts the match', async () => {
    expect((await screen('Discourse@BAR.com', 'block')).status).toBe(200);
    const { outcome, record } = await receive(t.forum, 'text_reply');
    expect(outcome).toMatchObject({ status: 'rejected', errorCode: 'email_screened' });
    expect(record?.post_id).toBeNull();
    expect(await entry()).toMatchObject({ email: 'discourse@bar.com', match_count: 1 });
    expect((await entry()).last_match_at).not.toBeNull();
    expect(await queuedSystemEmails(t.forum)).toEqual([
      expect.objectContaining({ emailType: 'email_reject_email_screened', to: 'discourse@bar.com' }),
    ]);
  });

  it('lets a do_nothing sender through and still counts the match', async () => {
    await screen('discourse@bar.com', 'do_nothing');
    expect((await receive(t.forum, 'text_reply')).outcome.status).toBe('processed');
    expect((await entry()).match_count).toBe(1);
  });

  it('does not screen bounces (they are handled before step 6)', async () => {
    await screen('linux-admin@b-s-c.co.jp', 'block');
    expect((await receive(t.forum, 'hard_bounce_via_verp')).outcome.status).toBe('bounced');
    expect((await entry()).match_count).toBe(0);
  });
});
