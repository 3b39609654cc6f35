// adminGetUser and adminListUsers: staff only; the one place staged users and (on request)
// addresses are listed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertMatchesSpec } from '../../testing/discourse-spec';
import { startTestForum, type TestForum } from '../../testing/forum-fixture';

let forum: TestForum;
beforeEach(async () => {
  forum = await startTestForum();
});
afterEach(async () => {
  await forum.destroy();
});

const usernames = (list: Array<{ username: string }>) => list.map((u) => u.username).sort();

describe('adminGetUser (GET /admin/users/{id}.json)', () => {
  it('shows staff any account, staged ones included, in Discourse’s shape', async () => {
    const bob = await forum.user({ username: 'bob' });
    const staged = await forum.stagedUser('guest@x.org');
    const mod = await forum.user({ username: 'mod', moderator: true });
    for (const [viewer, target] of [
      ['admin', bob],
      ['admin', staged],
      [mod.username, bob],
    ] as const) {
      const res = await forum.as(viewer).get(`/admin/users/${target.id}.json`);
      expect(res.status).toBe(200);
      await assertMatchesSpec('adminGetUser', res.json);
      expect(res.json).toMatchObject({
        id: target.id,
        username: target.username,
        staged: target.staged === 1,
      });
    }
    const detail = (await forum.as('admin').get(`/admin/users/${bob.id}.json`)).json;
    expect(detail).toMatchObject({ can_grant_admin: true, can_revoke_admin: false, can_deactivate: true });
    const stagedDetail = (await forum.as('admin').get(`/admin/users/${staged.id}.json`)).json;
    expect(stagedDetail).toMatchObject({ can_activate: false, can_grant_admin: false, active: false });
  });

  it('refuses everyone else, and answers 404 for an unknown id', async () => {
    const bob = await forum.user({ username: 'bob' });
    const staged = await forum.stagedUser('guest@x.org');
    for (const viewer of [null, 'bob', staged.username]) {
      expect((await forum.as(viewer).get(`/admin/users/${bob.id}.json`)).status, String(viewer)).toBe(403);
    }
    expect((await forum.as('admin').get('/admin/users/999999.json')).status).toBe(404);
  });
});

describe('adminListUsers (GET /admin/users/list/{flag}.json)', () => {
  it('filters by flag, keeps staged users in their own list, and orders and pages', async () => {
    await forum.user({ username: 'bob', trustLevel: 0 });
    await forum.user({ username: 'mod', moderator: true });
    const carol = await forum.user({ username: 'carol' });
    await forum.stagedUser('guest@x.org');
    await forum.ctx.db
      .updateTable('users')
      .set({ suspended_until: '2999-01-01T00:00:00.000Z' })
      .where('id', '=', carol.id)
      .execute();
    const list = async (path: string) => {
      const res = await forum.as('admin').get(`/admin/users/list/${path}`);
      expect(res.status, path).toBe(200);
      if (res.json.length > 0) await assertMatchesSpec('adminListUsers', res.json);
      return res.json as Array<{ username: string; email?: string; staged: boolean }>;
    };
    expect(usernames(await list('active.json'))).toEqual(['admin', 'bob', 'carol', 'mod']);
    expect(usernames(await list('staff.json'))).toEqual(['admin', 'mod']);
    expect(usernames(await list('admins.json'))).toEqual(['admin']);
    expect(usernames(await list('moderators.json'))).toEqual(['mod']);
    expect(usernames(await list('new.json'))).toEqual(['bob']);
    expect(usernames(await list('suspended.json'))).toEqual(['carol']);
    expect(await list('silenced.json')).toEqual([]);
    const staged = await list('staged.json');
    expect(staged.map((u) => u.staged)).toEqual([true]);
    expect(staged[0]!.email).toBeUndefined();
    expect((await list('active.json?order=username&asc=true')).map((u) => u.username)).toEqual([
      'admin',
      'bob',
      'carol',
      'mod',
    ]);
    expect(await list('active.json?page=2')).toEqual([]);
  });

  it('shows addresses only with show_emails=true, and filters by address', async () => {
    await forum.user({ username: 'bob', email: 'bob@x.org' });
    await forum.stagedUser('guest@x.org');
    const withEmails = (await forum.as('admin').get('/admin/users/list/staged.json?show_emails=true')).json;
    await assertMatchesSpec('adminListUsers', withEmails);
    expect(withEmails[0]).toMatchObject({ email: 'guest@x.org', secondary_emails: [] });
    const filtered = (await forum.as('admin').get('/admin/users/list/active.json?email=BOB@x.org')).json;
    expect(usernames(filtered)).toEqual(['bob']);
    expect(filtered[0].email).toBeUndefined();
  });

  it('is staff only, and unknown flags are 404', async () => {
    const bob = await forum.user({ username: 'bob' });
    const staged = await forum.stagedUser('guest@x.org');
    for (const viewer of [null, bob.username, staged.username]) {
      const res = await forum.as(viewer).get('/admin/users/list/staged.json?show_emails=true');
      expect(res.status, String(viewer)).toBe(403);
      expect(res.raw.body).not.toContain('guest@x.org');
    }
    expect((await forum.as('admin').get('/admin/users/list/everyone.json')).status).toBe(404);
  });
});
