// Discourse's drafts API through HTTP: save with the sequence, conflicts answered with both
// versions, the list, delete, and publishing a post dropping its draft.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../db/schema';
import { startTestForum, type TestForum } from '../../testing/forum-fixture';

let forum: TestForum;
let alice: User;
let bob: User;

beforeEach(async () => {
  forum = await startTestForum();
  alice = await forum.user({ username: 'alice' });
  bob = await forum.user({ username: 'bob' });
});
afterEach(async () => {
  await forum.destroy();
});

const data = (reply: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ reply, action: 'privateMessage', ...extra });

describe('drafts', () => {
  it('saves with the current sequence, moves it on, and shows the draft back', async () => {
    const empty = await forum.as(alice).get('/drafts/new_private_message.json');
    expect(empty.json).toEqual({ draft: null, draft_sequence: 0 });
    const first = await forum.as(alice).post('/drafts.json', {
      draft_key: 'new_private_message',
      data: data('Hello Bob', { title: 'Plans' }),
      sequence: 0,
    });
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ success: 'OK', draft_sequence: 1 });
    const second = await forum.as(alice).post('/drafts.json', {
      draft_key: 'new_private_message',
      data: data('Hello Bob, about Friday', { title: 'Plans' }),
      sequence: 1,
    });
    expect(second.json.draft_sequence).toBe(2);
    const shown = await forum.as(alice).get('/drafts/new_private_message.json');
    expect(shown.json).toEqual({
      draft: data('Hello Bob, about Friday', { title: 'Plans' }),
      draft_sequence: 2,
    });
    // Drafts are private to their writer.
    expect((await forum.as(bob).get('/drafts/new_private_message.json')).json.draft).toBeNull();
  });

  it('answers a stale sequence with 409 and the server version, and force_save overrides', async () => {
    await forum
      .as(alice)
      .post('/drafts.json', { draft_key: 'new_topic', data: data('from laptop'), sequence: 0 });
    const stale = await forum.as(alice).post('/drafts.json', {
      draft_key: 'new_topic',
      data: data('from phone'),
      sequence: 0,
    });
    expect(stale.status).toBe(409);
    expect(stale.json).toEqual({
      errors: ['draft error'],
      description: 'Draft is being edited in another window. Please reload this page.',
      error_type: 'draft_sequence_conflict',
      draft: data('from laptop'),
      draft_sequence: 1,
    });
    const forced = await forum.as(alice).post('/drafts.json', {
      draft_key: 'new_topic',
      data: data('from phone'),
      sequence: 0,
      force_save: 'true',
    });
    expect(forced.json).toEqual({ success: 'OK', draft_sequence: 2 });
    expect((await forum.as(alice).get('/drafts/new_topic.json')).json.draft).toBe(data('from phone'));
  });

  it('accepts form-encoded saves and refuses bad keys and bad data with what to fix', async () => {
    const form = await forum.app.inject({
      method: 'POST',
      url: '/drafts.json',
      headers: {
        'api-key': forum.apiKey,
        'api-username': 'alice',
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: `draft_key=new_private_message&sequence=0&data=${encodeURIComponent(data('form'))}`,
    });
    expect(form.statusCode).toBe(200);
    const badKey = await forum.as(alice).post('/drafts.json', { draft_key: '../x', data: '{}', sequence: 0 });
    expect(badKey.status).toBe(400);
    expect(badKey.json.errors[0]).toMatch(/draft_key/);
    const badData = await forum
      .as(alice)
      .post('/drafts.json', { draft_key: 'new_topic', data: 'not json', sequence: 0 });
    expect(badData.status).toBe(400);
    expect(badData.json.errors[0]).toMatch(/JSON/);
    expect((await forum.as(null).get('/drafts.json')).status).toBe(403);
  });

  it('lists drafts newest first with title and excerpt, never another PM title', async () => {
    const pm = await forum.as(bob).post('/posts.json', {
      title: 'Secret plans',
      raw: 'Only for carol.',
      archetype: 'private_message',
      target_recipients: 'admin',
    });
    const mine = await forum.as(alice).post('/posts.json', {
      title: 'Our trip',
      raw: 'Where shall we go?',
      archetype: 'private_message',
      target_recipients: 'bob',
    });
    await forum.as(alice).post('/drafts.json', {
      draft_key: `topic_${pm.json.topic_id}`,
      data: data('guessing'),
      sequence: 0,
    });
    await forum.as(alice).post('/drafts.json', {
      draft_key: `topic_${mine.json.topic_id}`,
      data: data('The mountains!'),
      sequence: 0,
    });
    const list = await forum.as(alice).get('/drafts.json');
    expect(list.status).toBe(200);
    expect(list.json.drafts.map((d: { draft_key: string }) => d.draft_key)).toEqual([
      `topic_${mine.json.topic_id}`,
      `topic_${pm.json.topic_id}`,
    ]);
    expect(list.json.drafts[0]).toMatchObject({
      title: 'Our trip',
      topic_id: mine.json.topic_id,
      excerpt: 'The mountains!',
      sequence: 1,
      draft_username: 'alice',
      archetype: 'private_message',
      data: data('The mountains!'),
    });
    expect(list.json.drafts[1]).toMatchObject({ title: null, topic_id: null });
  });

  it('deletes with the current sequence; a stale one leaves the draft (Discourse answers OK)', async () => {
    await forum.as(alice).post('/drafts.json', { draft_key: 'new_topic', data: data('x'), sequence: 0 });
    expect((await forum.as(alice).delete('/drafts/new_topic.json?sequence=0')).json).toEqual({
      success: 'OK',
    });
    expect((await forum.as(alice).get('/drafts/new_topic.json')).json.draft).toBe(data('x'));
    expect((await forum.as(alice).delete('/drafts/new_topic.json?sequence=1')).status).toBe(200);
    expect((await forum.as(alice).get('/drafts/new_topic.json')).json).toEqual({
      draft: null,
      draft_sequence: 1,
    });
  });

  it('drops the draft a post was published from (draft_key, and topic_<id> for replies)', async () => {
    await forum
      .as(alice)
      .post('/drafts.json', { draft_key: 'new_private_message', data: data('Hi'), sequence: 0 });
    const sent = await forum.as(alice).post('/posts.json', {
      title: 'Hello there',
      raw: 'Hi Bob, how are you?',
      archetype: 'private_message',
      target_recipients: 'bob',
      draft_key: 'new_private_message',
    });
    expect(sent.status).toBe(200);
    expect((await forum.as(alice).get('/drafts/new_private_message.json')).json).toEqual({
      draft: null,
      draft_sequence: 2,
    });
    const key = `topic_${sent.json.topic_id}`;
    await forum.as(bob).post('/drafts.json', { draft_key: key, data: data('Fine'), sequence: 0 });
    await forum.as(bob).post('/posts.json', { topic_id: sent.json.topic_id, raw: 'Fine, thanks!' });
    expect((await forum.as(bob).get(`/drafts/${key}.json`)).json).toEqual({ draft: null, draft_sequence: 2 });
    // A failed send keeps the draft.
    await forum
      .as(alice)
      .post('/drafts.json', { draft_key: 'new_private_message', data: data('x'), sequence: 2 });
    const failed = await forum.as(alice).post('/posts.json', {
      title: 'Nobody',
      raw: 'To nobody at all.',
      archetype: 'private_message',
      target_recipients: 'no_such_user',
      draft_key: 'new_private_message',
    });
    expect(failed.status).toBe(422);
    expect((await forum.as(alice).get('/drafts/new_private_message.json')).json.draft).toBe(data('x'));
  });
});
