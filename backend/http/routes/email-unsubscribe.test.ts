// RFC 8058 one-click unsubscribe: a bare POST to the signed link mutes the conversation for
// that person, with no cookie or login; a GET shows a confirmation page; forged links fail.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unsubscribeUrl } from '../../email/outbound/unsubscribe-links';
import { startTestForum, type TestForum } from '../../testing/forum-fixture';

let forum: TestForum;
beforeEach(async () => {
  forum = await startTestForum();
});
afterEach(async () => {
  await forum.destroy();
});

describe('one-click unsubscribe', () => {
  it('mutes the conversation on a cookieless POST, and no further email is queued for that person', async () => {
    const alice = await forum.user({ username: 'alice', trustLevel: 4 });
    const bob = await forum.user({ username: 'bob' });
    const pm = await forum.as(alice).post('/posts.json', {
      title: 'Weekly notes',
      raw: 'First notes.',
      archetype: 'private_message',
      target_recipients: 'bob',
    });
    const url = new URL(
      await unsubscribeUrl(forum.ctx.settings, 'http://127.0.0.1', bob.id, pm.json.topic_id),
    );

    const shown = await forum.app.inject({ method: 'GET', url: url.pathname });
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('<form method="post">');
    expect(shown.body).toContain('Weekly notes');

    const res = await forum.app.inject({
      method: 'POST',
      url: url.pathname,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(res.statusCode).toBe(200);
    const level = await forum.ctx.db
      .selectFrom('topic_users')
      .select('notification_level')
      .where('user_id', '=', bob.id)
      .where('topic_id', '=', pm.json.topic_id)
      .executeTakeFirstOrThrow();
    expect(level.notification_level).toBe(0);

    await forum.as(alice).post('/posts.json', { topic_id: pm.json.topic_id, raw: 'Second notes.' });
    const jobs = await forum.ctx.db.selectFrom('jobs').select('unique_key').execute();
    expect(jobs.map((j) => j.unique_key).filter((k) => k?.endsWith(`:${bob.id}`))).toHaveLength(1);
  });

  it('refuses a forged or altered link', async () => {
    const bob = await forum.user({ username: 'bob' });
    const good = new URL(await unsubscribeUrl(forum.ctx.settings, 'http://127.0.0.1', bob.id, 1));
    const forged = good.pathname.replace(`/${bob.id}.`, `/${bob.id + 1}.`);
    expect((await forum.app.inject({ method: 'POST', url: forged })).statusCode).toBe(404);
    expect((await forum.app.inject({ method: 'GET', url: '/email/unsubscribe/nonsense' })).statusCode).toBe(
      404,
    );
  });
});
