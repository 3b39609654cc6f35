// POST /posts.json with an Idempotency-Key, as the client's outbox replays sends: one post per
// key, the original answer on every retry (also for concurrent retries), and a refusal when the
// key comes back with a different message.
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

function send(key: string, body: unknown, username = 'alice') {
  return forum.app.inject({
    method: 'POST',
    url: '/posts.json',
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
