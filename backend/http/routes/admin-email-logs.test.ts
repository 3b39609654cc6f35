// Discourse's admin email logs (GET /admin/email/{sent,skipped,bounced}.json) and Foyer's
// pending.json: staff only, newest first, filtered like Discourse's EmailLogsController.
import { describe, expect, it } from 'vitest';
import type { TestForum } from '../../testing/forum-fixture';
import { drainSoon, reply, sendPm, mailForumPerTest, userByEmail } from '../../email/outbound/test-support';

let forum: TestForum;
mailForumPerTest((f) => (forum = f));

const HEX32 = /^[0-9a-f]{32}$/;

describe('admin email logs', () => {
  it('lists sent, skipped, bounced and pending mail for staff in Discourse shapes', async () => {
    await forum.setting('max_emails_per_day_per_user', '1');
    const alice = await forum.user({ username: 'alice', trustLevel: 4 });
    const first = await sendPm(forum, alice, 's@x.org');
    await reply(forum, alice, first.json.topic_id, 'Over the cap.');
    await drainSoon(forum);
    const staged = await userByEmail(forum, 's@x.org');

    const sent = await forum.as('admin').get('/admin/email/sent.json');
    expect(sent.status).toBe(200);
    expect(sent.json).toHaveLength(1);
    expect(sent.json[0]).toMatchObject({
      to_address: 's@x.org',
      email_type: 'user_private_message',
      user_id: staged.id,
      post_url: `/t/quarterly-report/${first.json.topic_id}/1`,
      post_description: 'Quarterly report #1',
      bounced: false,
      has_bounce_key: true,
      user: { id: staged.id, username: staged.username },
    });
    expect(sent.json[0].reply_key).toMatch(HEX32);
    expect(sent.json[0].bounce_key).toMatch(HEX32);
    expect(sent.json[0].smtp_transaction_response).toMatch(/^250/);
    expect(sent.json[0].user.avatar_template).toContain('{size}');

    const skipped = await forum.as('admin').get('/admin/email/skipped.json');
    expect(skipped.json).toEqual([
      expect.objectContaining({
        to_address: 's@x.org',
        skipped_reason: 'Exceeded max_emails_per_day_per_user',
        post_url: `/t/quarterly-report/${first.json.topic_id}/2`,
      }),
    ]);

    expect((await forum.as('admin').get('/admin/email/bounced.json')).json).toEqual([]);
    await forum.ctx.db
      .updateTable('email_logs')
      .set({ bounced: 1, bounce_error_code: '5.1.1' })
      .where('status', '=', 'sent')
      .execute();
    const bounced = await forum.as('admin').get('/admin/email/bounced.json');
    expect(bounced.json).toEqual([expect.objectContaining({ bounced: true, bounce_error_code: '5.1.1' })]);

    forum.ctx.mail = null;
    await forum.setting('max_emails_per_day_per_user', '0');
    await reply(forum, alice, first.json.topic_id, 'Kept for later.');
    await drainSoon(forum);
    const pending = await forum.as('admin').get('/admin/email/pending.json');
    expect(pending.json).toEqual([
      expect.objectContaining({
        status: 'pending',
        skipped_reason: 'not delivered: no outgoing mail server',
        to_address: 's@x.org',
      }),
    ]);
    expect((await forum.as('admin').get('/admin/email/pending.json?status=failed')).json).toEqual([]);
    expect((await forum.as('admin').get('/admin/email/pending.json?status=nope')).status).toBe(400);
  });

  it('filters by user, address and type, and pages by offset and limit (at most 50)', async () => {
    const alice = await forum.user({ username: 'alice', trustLevel: 4 });
    await sendPm(forum, alice, 'one@x.org');
    await sendPm(forum, alice, 'two@y.org', { title: 'Another conversation' });
    await drainSoon(forum);
    const get = async (q: string) => (await forum.as('admin').get(`/admin/email/sent.json${q}`)).json;
    expect((await get('')).map((r: { to_address: string }) => r.to_address)).toEqual([
      'two@y.org',
      'one@x.org',
    ]);
    expect((await get('?address=Y.ORG')).map((r: { to_address: string }) => r.to_address)).toEqual([
      'two@y.org',
    ]);
    expect(await get('?address=%25')).toEqual([]); // "%" is a literal, not a wildcard
    const one = await userByEmail(forum, 'one@x.org');
    expect((await get(`?user=${one.username}`)).map((r: { user_id: number }) => r.user_id)).toEqual([one.id]);
    expect(await get('?type=digest')).toEqual([]);
    expect(await get('?type=private')).toHaveLength(2);
    expect(await get('?offset=1&limit=1')).toEqual([expect.objectContaining({ to_address: 'one@x.org' })]);
    expect(await get('?limit=500')).toHaveLength(2);
    expect((await forum.as('admin').get('/admin/email/sent.json?offset=x')).status).toBe(400);
  });

  it('answers 403 to everyone but staff', async () => {
    const member = await forum.user({ username: 'member' });
    const moderator = await forum.user({ username: 'mod', moderator: true });
    const staged = await forum.stagedUser('s@x.org');
    for (const path of ['sent', 'skipped', 'bounced', 'pending']) {
      const url = `/admin/email/${path}.json`;
      expect((await forum.as(null).get(url)).status).toBe(403);
      expect((await forum.as(member).get(url)).status).toBe(403);
      expect((await forum.as(staged).get(url)).status).toBe(403);
      expect((await forum.as(moderator).get(url)).status).toBe(200);
      expect((await forum.as('admin').get(url)).status).toBe(200);
    }
  });
});
