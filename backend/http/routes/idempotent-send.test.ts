// POST /posts.json and POST /foyer/scheduled-posts.json with an Idempotency-Key, as the client's
// outbox replays sends: one post (or one scheduled post) per key, the original answer on every
// retry (also for concurrent retries), and a refusal when the key comes back with a different message.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { assertMatchesSpec } from '../../testing/discourse-spec';
import { startTestForum, type TestForum } from '../../testing/forum-fixture';

let forum: TestForum;

beforeEach(async () => {
  forum = await startTestForum();
  await forum.user({ username: 'alice' });
  await forum.user({ username: 'bob' });
});
afterEach(async () => {
  await forum.destroy();
});

const MESSAGE = {
  title: 'Quarterly numbers',
  raw: 'Here are the numbers you asked for.',
  archetype: 'private_message',
  target_recipients: 'bob',
};

function send(key: string, body: unknown, username = 'alice', url = '/posts.json') {
  return forum.app.inject({
    method: 'POST',
    url,
    headers: {
      'api-key': forum.apiKey,
      'api-username': username,
      'content-type': 'application/json',
      'idempotency-key': key,
    },
    payload: JSON.stringify(body),
  });
}

const postCount = async () =>
  Number(
    (
      await forum.ctx.db
        .selectFrom('posts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('Idempotency-Key on POST /posts.json', () => {
  it('creates one post and answers retries with the same post', async () => {
    const first = await send('6b1c7e2a-0001', MESSAGE);
    expect(first.statusCode).toBe(200);
    const body = JSON.parse(first.body);
    await assertMatchesSpec('createTopicPostPM', body);
    const before = await postCount();
    const retry = await send('6b1c7e2a-0001', MESSAGE);
    expect(retry.statusCode).toBe(200);
    expect(JSON.parse(retry.body)).toMatchObject({ id: body.id, topic_id: body.topic_id });
    expect(await postCount()).toBe(before);
  });

  it('lets only one of several concurrent sends with one key create a post', async () => {
    const before = await postCount();
    const replies = await Promise.all([1, 2, 3, 4].map(() => send('concurrent-key', MESSAGE)));
    expect(replies.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    expect(new Set(replies.map((r) => JSON.parse(r.body).id)).size).toBe(1);
    expect(await postCount()).toBe(before + 1);
  });

  it('refuses the same key with a different message, keeps keys per user, and applies to replies', async () => {
    const first = JSON.parse((await send('k-1', MESSAGE)).body);
    const changed = await send('k-1', { ...MESSAGE, raw: 'Different numbers entirely.' });
    expect(changed.statusCode).toBe(422);
    expect(JSON.parse(changed.body).errors[0]).toMatch(/idempotency key reused with a different message/);
    // The same key from someone else is theirs.
    const bobs = await send('k-1', { ...MESSAGE, target_recipients: 'alice' }, 'bob');
    expect(bobs.statusCode).toBe(200);
    expect(JSON.parse(bobs.body).id).not.toBe(first.id);
    const reply = { topic_id: first.topic_id, raw: 'One more thing to add.' };
    const r1 = JSON.parse((await send('reply-1', reply)).body);
    const r2 = JSON.parse((await send('reply-1', reply)).body);
    expect(r2.id).toBe(r1.id);
    expect(r1.post_number).toBe(2);
  });

  it('does not keep a key when the send failed, so a corrected retry goes through', async () => {
    const bad = await send('k-fail', { ...MESSAGE, target_recipients: 'nobody_here' });
    expect(bad.statusCode).toBe(422);
    const ok = await send('k-fail', MESSAGE);
    expect(ok.statusCode).toBe(200);
  });

  it('lets a key be used again after 24 hours, and rejects malformed keys', async () => {
    const first = JSON.parse((await send('old-key', MESSAGE)).body);
    await forum.ctx.db
      .updateTable('idempotency_keys')
      .set({ created_at: new Date(Date.now() - 25 * 3600_000).toISOString() })
      .execute();
    const again = JSON.parse((await send('old-key', MESSAGE)).body);
    expect(again.id).not.toBe(first.id);
    const malformed = await send('has space', MESSAGE);
    expect(malformed.statusCode).toBe(400);
  });
});

describe('Idempotency-Key on POST /foyer/scheduled-posts.json (send later)', () => {
  const sendAt = new Date(Date.now() + 3_600_000).toISOString();
  const LATER = { ...MESSAGE, send_at: sendAt };
  const schedule = (key: string, body: unknown, username = 'alice') =>
    send(key, body, username, '/foyer/scheduled-posts.json');
  const scheduledRows = () => forum.ctx.db.selectFrom('scheduled_posts').selectAll().execute();

  it('schedules once and answers a retry with the same scheduled post', async () => {
    const first = await schedule('later-1', LATER);
    expect(first.statusCode).toBe(201);
    const retry = await schedule('later-1', LATER);
    expect(retry.statusCode).toBe(201);
    const a = JSON.parse(first.body).scheduled_post;
    expect(JSON.parse(retry.body).scheduled_post).toEqual(a);
    expect((await scheduledRows()).map((r) => r.id)).toEqual([a.id]);
    // One durable job too: the message goes out once at send_at.
    await forum.jobs.drain(new Date(Date.now() + 3_700_000));
    expect((await scheduledRows())[0]).toMatchObject({ status: 'sent' });
    const afterSending = JSON.parse((await schedule('later-1', LATER)).body).scheduled_post;
    expect(afterSending).toMatchObject({ id: a.id, status: 'sent' });
    expect(await postCount()).toBe(1);
  });

  it('lets only one of several concurrent schedules with one key create a row', async () => {
    const replies = await Promise.all([1, 2, 3, 4].map(() => schedule('later-concurrent', LATER)));
    expect(replies.map((r) => r.statusCode)).toEqual([201, 201, 201, 201]);
    expect(new Set(replies.map((r) => JSON.parse(r.body).scheduled_post.id)).size).toBe(1);
    expect(await scheduledRows()).toHaveLength(1);
  });

  it('refuses the same key with another text, another time or for a send now, as /posts.json does', async () => {
    expect((await schedule('later-2', LATER)).statusCode).toBe(201);
    for (const other of [
      { ...LATER, raw: 'Something else entirely.' },
      { ...LATER, send_at: new Date(Date.now() + 7_200_000).toISOString() },
    ]) {
      const res = await schedule('later-2', other);
      expect(res.statusCode).toBe(422);
      expect(JSON.parse(res.body).errors[0]).toMatch(/idempotency key reused with a different message/);
    }
    // A key is one request: the same key on POST /posts.json is not "the same message".
    const now = await send('later-2', MESSAGE);
    expect(now.statusCode).toBe(422);
    const sentFirst = await send('now-1', MESSAGE);
    expect(sentFirst.statusCode).toBe(200);
    expect((await schedule('now-1', LATER)).statusCode).toBe(422);
    expect(await scheduledRows()).toHaveLength(1);
    expect(await postCount()).toBe(1);
  });

  it('does not keep a key when scheduling was refused, and never re-creates a cancelled schedule', async () => {
    const bad = await schedule('later-3', { ...LATER, target_recipients: 'nobody_here' });
    expect(bad.statusCode).toBe(422);
    const ok = await schedule('later-3', LATER);
    expect(ok.statusCode).toBe(201);
    const id = JSON.parse(ok.body).scheduled_post.id;
    const cancel = await forum.app.inject({
      method: 'DELETE',
      url: `/foyer/scheduled-posts/${id}.json`,
      headers: { 'api-key': forum.apiKey, 'api-username': 'alice' },
    });
    expect(cancel.statusCode).toBe(200);
    const late = await schedule('later-3', LATER);
    expect(late.statusCode).toBe(404);
    expect(await scheduledRows()).toHaveLength(0);
    // Bob's key of the same name is his own.
    expect((await schedule('later-3', { ...LATER, target_recipients: 'alice' }, 'bob')).statusCode).toBe(201);
  });
});
