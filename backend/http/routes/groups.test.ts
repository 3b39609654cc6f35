// Groups through the API: who sees which group and its members, creating groups (admins;
// names shared with usernames), and membership managed by owners and admins.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Group, User } from '../../db/schema';
import { assertMatchesSpec } from '../../testing/discourse-spec';
import { startTestForum, type TestForum } from '../../testing/forum-fixture';

let forum: TestForum;
let owner: User;
let member: User;
let outsider: User;
let team: Group;

beforeEach(async () => {
  forum = await startTestForum();
  owner = await forum.user({ username: 'olivia' });
  member = await forum.user({ username: 'mike' });
  outsider = await forum.user({ username: 'oscar' });
  team = await forum.group('team', { owners: [owner], members: [member] });
});
afterEach(async () => {
  await forum.destroy();
});

const names = (list: Array<{ name: string }>) => list.map((x) => x.name).sort();
const usernames = (list: Array<{ username: string }>) => list.map((x) => x.username).sort();

async function memberIds(groupId: number) {
  const rows = await forum.ctx.db
    .selectFrom('group_users')
    .select('user_id')
    .where('group_id', '=', groupId)
    .execute();
  return rows.map((r) => r.user_id).sort((a, b) => a - b);
}

describe('listGroups and getGroup', () => {
  it('lists the groups a viewer may see; automatic groups only for staff', async () => {
    await forum.group('secret', { members: [member], visibilityLevel: 2 });
    const anon = await forum.as(null).get('/groups.json');
    await assertMatchesSpec('listGroups', anon.json);
    expect(names(anon.json.groups)).toEqual(['team']);
    const asMember = await forum.as(member).get('/groups.json');
    await assertMatchesSpec('listGroups', asMember.json);
    expect(names(asMember.json.groups)).toEqual(['secret', 'team']);
    expect(asMember.json.groups.find((g: { name: string }) => g.name === 'team')).toMatchObject({
      is_group_user: true,
      is_group_owner: false,
      user_count: 2,
      can_edit_group: false,
    });
    expect(names((await forum.as(outsider).get('/groups.json')).json.groups)).toEqual(['team']);
    const admin = await forum.as('admin').get('/groups.json');
    await assertMatchesSpec('listGroups', admin.json);
    expect(names(admin.json.groups)).toEqual(
      expect.arrayContaining(['admins', 'trust_level_0', 'secret', 'team']),
    );
    expect(admin.json.total_rows_groups).toBe(admin.json.groups.length);
  });

  it('shows a group by name or id, and a hidden group is simply not found', async () => {
    const secret = await forum.group('secret', { members: [member], visibilityLevel: 2 });
    for (const path of ['team', String(team.id)]) {
      const res = await forum.as(owner).get(`/groups/${path}.json`);
      expect(res.status).toBe(200);
      await assertMatchesSpec('getGroup', res.json);
      expect(res.json.group).toMatchObject({
        id: team.id,
        is_group_user: true,
        is_group_owner_display: true,
        can_edit_group: true,
        email_password: null,
      });
    }
    const anon = await forum.as(null).get('/groups/team.json');
    await assertMatchesSpec('getGroup', anon.json);
    expect(anon.json.extras.visible_group_names).toEqual(['team']);
    const missing = await forum.as(outsider).get('/groups/no-such-group.json');
    for (const viewer of [null, outsider]) {
      const res = await forum.as(viewer).get(`/groups/${secret.id}.json`);
      expect(res.status).toBe(404);
      expect(res.json).toEqual(missing.json);
    }
    expect((await forum.as(member).get('/groups/secret.json')).status).toBe(200);
  });
});

describe('listGroupMembers', () => {
  it('lists members and owners with paging', async () => {
    const res = await forum.as(outsider).get('/groups/team/members.json');
    expect(res.status).toBe(200);
    await assertMatchesSpec('listGroupMembers', res.json);
    expect(usernames(res.json.members)).toEqual(['mike', 'olivia']);
    expect(usernames(res.json.owners)).toEqual(['olivia']);
    expect(res.json.meta).toEqual({ total: 2, limit: 50, offset: 0 });
    const page = await forum.as(outsider).get('/groups/team/members.json?limit=1&offset=1');
    await assertMatchesSpec('listGroupMembers', page.json);
    expect(page.json.members).toHaveLength(1);
    expect(page.json.meta).toEqual({ total: 2, limit: 1, offset: 1 });
  });

  it('respects members_visibility_level: a members-only list is refused to others', async () => {
    await forum.ctx.db
      .updateTable('groups')
      .set({ members_visibility_level: 2 })
      .where('id', '=', team.id)
      .execute();
    for (const viewer of [null, outsider])
      expect((await forum.as(viewer).get('/groups/team/members.json')).status).toBe(403);
    for (const viewer of [member, 'admin']) {
      const res = await forum.as(viewer).get('/groups/team/members.json');
      expect(res.status).toBe(200);
      await assertMatchesSpec('listGroupMembers', res.json);
    }
    const group = (await forum.as(outsider).get('/groups/team.json')).json.group;
    expect(group.can_see_members).toBe(false);
  });

  it('lists staged members to staff only', async () => {
    const staged = await forum.stagedUser('guest@x.org');
    await forum.ctx.db
      .insertInto('group_users')
      .values({
        group_id: team.id,
        user_id: staged.id,
        owner: 0,
        notification_level: 3,
        created_at: new Date().toISOString(),
      })
      .execute();
    const plain = await forum.as(member).get('/groups/team/members.json');
    expect(usernames(plain.json.members)).toEqual(['mike', 'olivia']);
    expect(plain.json.meta.total).toBe(2);
    const admin = await forum.as('admin').get('/groups/team/members.json');
    await assertMatchesSpec('listGroupMembers', admin.json);
    expect(usernames(admin.json.members)).toContain(staged.username);
    expect(admin.json.meta.total).toBe(3);
  });
});

describe('createGroup (POST /admin/groups.json)', () => {
  it('creates a group with members and owners, admins only', async () => {
    const res = await forum.as('admin').post('/admin/groups.json', {
      group: {
        name: 'support',
        full_name: 'Support team',
        bio_raw: 'We answer **questions**.',
        usernames: 'mike,oscar',
        owner_usernames: 'olivia',
        visibility_level: 1,
        messageable_level: 99,
      },
    });
    expect(res.status).toBe(200);
    await assertMatchesSpec('createGroup', res.json);
    expect(res.json.basic_group).toMatchObject({
      name: 'support',
      full_name: 'Support team',
      user_count: 3,
      visibility_level: 1,
      messageable_level: 99,
      bio_excerpt: 'We answer questions.',
    });
    expect(res.json.basic_group.bio_cooked).toContain('<strong>questions</strong>');
    const members = (await forum.as(owner).get('/groups/support/members.json')).json;
    expect(usernames(members.owners)).toEqual(['olivia']);
    for (const viewer of [null, owner, member]) {
      const refused = await forum.as(viewer).post('/admin/groups.json', { group: { name: 'another' } });
      expect(refused.status).toBe(403);
    }
  });

  it('accepts form-encoded group[...] fields', async () => {
    const res = await forum.app.inject({
      method: 'POST',
      url: '/admin/groups.json',
      headers: {
        'api-key': forum.apiKey,
        'api-username': 'admin',
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: 'group[name]=formed&group[usernames]=mike&group[public_admission]=true',
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    await assertMatchesSpec('createGroup', body);
    expect(body.basic_group).toMatchObject({ name: 'formed', user_count: 1, public_admission: true });
  });

  it('refuses names that clash with a user or group, and bad fields, saying what to fix', async () => {
    const cases: Array<[Record<string, unknown>, number, RegExp]> = [
      [{ name: 'Mike' }, 422, /"Mike" is already taken by a user or group/],
      [{ name: 'team' }, 422, /already taken/],
      [{ name: 'admins' }, 422, /already taken/],
      [{ name: 'no spaces' }, 422, /Group names are/],
      [{ name: 'fine', visibility_level: 7 }, 400, /visibility_level must be one of 0, 1, 2, 3, 4/],
      [{ name: 'fine', usernames: 'nobody' }, 400, /no user called "nobody"/],
      [{}, 400, /group\[name\] is required/],
    ];
    for (const [group, status, message] of cases) {
      const res = await forum.as('admin').post('/admin/groups.json', { group });
      expect(res.status, JSON.stringify(group)).toBe(status);
      expect(res.json.errors[0]).toMatch(message);
    }
  });
});

describe('addGroupMembers and removeGroupMembers', () => {
  it('lets an owner and an admin add and remove members', async () => {
    const added = await forum.as(owner).put(`/groups/${team.id}/members.json`, { usernames: 'oscar' });
    expect(added.status).toBe(200);
    await assertMatchesSpec('addGroupMembers', added.json);
    expect(added.json).toEqual({ success: 'OK', usernames: ['oscar'], emails: [] });
    expect(await memberIds(team.id)).toContain(outsider.id);

    const removed = await forum
      .as('admin')
      .delete(`/groups/${team.id}/members.json`, { usernames: 'oscar,nobody' });
    expect(removed.status).toBe(200);
    await assertMatchesSpec('removeGroupMembers', removed.json);
    expect(removed.json).toEqual({ success: 'OK', usernames: ['oscar'], skipped_usernames: ['nobody'] });
    expect(await memberIds(team.id)).not.toContain(outsider.id);

    const byName = await forum.as('admin').put('/groups/team/members.json', { usernames: 'oscar' });
    await assertMatchesSpec('addGroupMembers', byName.json);
    const viaQuery = await forum.as(owner).delete('/groups/team/members.json?usernames=oscar');
    expect(viaQuery.json.usernames).toEqual(['oscar']);
  });

  it('refuses plain members, outsiders, anonymous and staged callers', async () => {
    const staged = await forum.stagedUser('guest@x.org');
    for (const viewer of [member, outsider, null, staged.username]) {
      expect(
        (await forum.as(viewer).put(`/groups/${team.id}/members.json`, { usernames: 'oscar' })).status,
      ).toBe(403);
      expect(
        (await forum.as(viewer).delete(`/groups/${team.id}/members.json`, { usernames: 'mike' })).status,
      ).toBe(403);
    }
    expect(await memberIds(team.id)).toEqual([owner.id, member.id].sort((a, b) => a - b));
  });

  it('refuses automatic groups, even for admins, with a message that explains why', async () => {
    const res = await forum.as('admin').put('/groups/trust_level_0/members.json', { usernames: 'oscar' });
    expect(res.status).toBe(400);
    expect(res.json.errors[0]).toMatch(/automatic group/);
    expect(
      (await forum.as('admin').delete('/groups/staff/members.json', { usernames: 'admin' })).status,
    ).toBe(400);
  });

  it('adds existing accounts by email and answers the same for addresses nobody owns', async () => {
    await forum.user({ username: 'erin', email: 'erin@x.org' });
    const staged = await forum.stagedUser('guest@x.org');
    const known = await forum.as(owner).put('/groups/team/members.json', { emails: 'Erin@x.org' });
    const unknown = await forum.as(owner).put('/groups/team/members.json', { emails: 'nobody@x.org' });
    const stagedAddress = await forum.as(owner).put('/groups/team/members.json', { emails: 'guest@x.org' });
    for (const res of [known, unknown, stagedAddress]) {
      expect(res.status).toBe(200);
      await assertMatchesSpec('addGroupMembers', res.json);
      expect(res.json.usernames).toEqual([]);
    }
    expect(known.json.emails).toEqual(['erin@x.org']);
    expect(unknown.json.emails).toEqual(['nobody@x.org']);
    const ids = await memberIds(team.id);
    expect(ids).toHaveLength(3);
    // A staged person is an existing account only for staff.
    expect(ids).not.toContain(staged.id);
    await forum.as('admin').put('/groups/team/members.json', { emails: 'guest@x.org' });
    expect(await memberIds(team.id)).toContain(staged.id);
  });

  it('says so when everyone named is already a member, or when nobody is named', async () => {
    const again = await forum.as(owner).put('/groups/team/members.json', { usernames: 'mike' });
    expect(again.status).toBe(400);
    expect(again.json.errors[0]).toMatch(/mike is already a member of team/);
    const none = await forum.as(owner).put('/groups/team/members.json', {});
    expect(none.json.errors[0]).toMatch(/give usernames/);
    const wrongType = await forum.as(owner).put('/groups/team/members.json', { usernames: [1, 2] });
    expect(wrongType.status).toBe(400);
  });
});
