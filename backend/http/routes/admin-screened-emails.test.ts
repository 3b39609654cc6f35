// Discourse's screened-email admin routes: staff only, Discourse's ScreenedEmailSerializer shape.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestForum, type TestForum } from '../../testing/forum-fixture';

let forum: TestForum;
beforeEach(async () => {
  forum = await startTestForum();
});
afterEach(async () => {
  await forum.destroy();
});

const LIST = '/admin/logs/screened_emails.json';

describe('admin screened emails', () => {
  it('refuses anonymous and ordinary users on every route', async () => {
    const alice = await forum.user({ username: 'alice', trustLevel: 4 });
    const created = await forum.as('admin').post(LIST, { email: 'spam@x.org', action_name: 'block' });
    const del = `/admin/logs/screened_emails/${created.json.id}.json`;
    for (const who of [null, alice]) {
      expect((await forum.as(who).get(LIST)).status).toBe(403);
      expect((await forum.as(who).post(LIST, { email: 'a@x.org', action_name: 'block' })).status).toBe(403);
      expect((await forum.as(who).delete(del)).status).toBe(403);
    }
    expect((await forum.as('admin').get(LIST)).json).toHaveLength(1);
  });

  it('lets staff add, list, change and delete entries', async () => {
    const mod = await forum.user({ username: 'mod', moderator: true });
    const created = await forum.as(mod).post(LIST, { email: ' Spam@X.org ', action_name: 'block' });
    expect(created.status).toBe(200);
    expect(created.json).toEqual({
      id: expect.any(Number),
      email: 'spam@x.org',
      action: 'block',
      match_count: 0,
      last_match_at: null,
      created_at: expect.any(String),
      ip_address: null,
    });
    const changed = await forum.as('admin').post(LIST, { email: 'spam@x.org', action_name: 'do_nothing' });
    expect(changed.json).toMatchObject({ id: created.json.id, action: 'do_nothing' });
    const list = await forum.as(mod).get(LIST);
    expect(list.status).toBe(200);
    expect(list.json).toEqual([changed.json]);
    const del = await forum.as('admin').delete(`/admin/logs/screened_emails/${created.json.id}.json`);
    expect(del.status).toBe(200);
    expect((await forum.as('admin').get(LIST)).json).toEqual([]);
    expect(
      (await forum.as('admin').delete(`/admin/logs/screened_emails/${created.json.id}.json`)).status,
    ).toBe(404);
  });

  it('validates the address and the action', async () => {
    expect((await forum.as('admin').post(LIST, { email: 'nope', action_name: 'block' })).status).toBe(400);
    expect((await forum.as('admin').post(LIST, { email: 'a@x.org', action_name: 'allow' })).status).toBe(400);
  });
});
