// createUser, getUser and getUserEmails through the API: sign-up (including reclaiming a
// staged address, behaviour.md §6 G 71–74), who sees which profile, and who sees addresses.
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

const signUp = (extra: Record<string, unknown> = {}) => ({
  name: 'Sam Smith',
  email: 'sam@x.org',
  password: 'a-long-enough-password',
  username: 'sam',
  ...extra,
});

async function userRow(id: number) {
  return forum.ctx.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

describe('createUser (POST /users.json)', () => {
  it('signs up an anonymous visitor as an inactive account, without revealing the id', async () => {
    const res = await forum.as(null).post('/users.json', signUp({ active: true }));
    expect(res.status).toBe(200);
    await assertMatchesSpec('createUser', res.json);
    expect(res.json).toMatchObject({ success: true, active: false });
    expect(res.json.message).toMatch(/activat/);
    expect(res.json.user_id).toBeUndefined();
    const row = await forum.ctx.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', 'sam')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ active: 0, staged: 0, name: 'Sam Smith' });
    expect(row.password_hash).toMatch(/^scrypt\$/);
  });

  it('honours active: true only for staff calling with an API key', async () => {
    const staff = await forum.as('admin').post('/users.json', signUp({ active: true }));
    await assertMatchesSpec('createUser', staff.json);
    expect(staff.json).toMatchObject({ success: true, active: true, user_id: expect.any(Number) });
    expect((await userRow(staff.json.user_id)).active).toBe(1);

    const plain = await forum.user({ username: 'plain' });
    const res = await forum
      .as(plain)
      .post('/users.json', signUp({ email: 'other@x.org', username: 'other', active: true }));
    await assertMatchesSpec('createUser', res.json);
    expect(res.json.active).toBe(false);
  });

  it('answers mistakes with a 422 that says what to fix', async () => {
    await forum.user({ username: 'taken', email: 'taken@x.org' });
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ email: 'taken@x.org' }, /cannot be used for a new account/],
      [{ username: 'taken' }, /"taken" is not available/],
      [{ username: 'a' }, /Usernames are/],
      [{ password: 'short' }, /at least 10 characters/],
      [{ email: 'not-an-address' }, /not a valid email/],
    ];
    for (const [extra, message] of cases) {
      const res = await forum.as(null).post('/users.json', signUp(extra));
      expect(res.status, JSON.stringify(extra)).toBe(422);
      expect(res.json.errors[0]).toMatch(message);
      expect(res.json.error_type).toBe('invalid_parameters');
    }
    const missing = await forum.as(null).post('/users.json', { email: 'x@x.org' });
    expect(missing.status).toBe(400);
    expect(missing.json.errors[0]).toMatch(/username is required/);
  });

  it('reclaims a staged address in place: same id, unstaged, from_staged, bell emptied, PMs kept (G 71, 72, 74)', async () => {
    const alice = await forum.user({ username: 'alice', trustLevel: 4 });
    const topics: number[] = [];
    for (const title of ['First question', 'Second question', 'Third question']) {
      const pm = await forum.as(alice).post('/posts.json', {
        title,
        raw: 'Could you look at this?',
        archetype: 'private_message',
        target_recipients: 's@x.org',
      });
      expect(pm.status).toBe(200);
      topics.push(pm.json.topic_id);
    }
    const staged = await forum.ctx.db
      .selectFrom('users')
      .innerJoin('user_emails', 'user_emails.user_id', 'users.id')
      .selectAll('users')
      .where('user_emails.normalized_email', '=', 's@x.org')
      .executeTakeFirstOrThrow();
    expect(staged.staged).toBe(1);
    const notes = () =>
      forum.ctx.db.selectFrom('notifications').select('id').where('user_id', '=', staged.id).execute();
    expect((await notes()).length).toBeGreaterThan(0);

    const res = await forum.as('admin').post('/users.json', signUp({ email: ' S@X.org ', username: 'sam' }));
    expect(res.status).toBe(200);
    await assertMatchesSpec('createUser', res.json);
    expect(res.json.user_id).toBe(staged.id);
    expect(await userRow(staged.id)).toMatchObject({ staged: 0, active: 0, username: 'sam' });
    const marker = await forum.ctx.db
      .selectFrom('user_custom_fields')
      .select('value')
      .where('user_id', '=', staged.id)
      .where('name', '=', 'from_staged')
      .executeTakeFirst();
    expect(marker?.value).toBe('true');
    expect(await notes()).toEqual([]);
    const tau = await forum.ctx.db
      .selectFrom('topic_allowed_users')
      .select('topic_id')
      .where('user_id', '=', staged.id)
      .execute();
    expect(tau.map((t) => t.topic_id).sort()).toEqual([...topics].sort());
  });

  it('keeps a staged username available to its own address only (G 73)', async () => {
    const staged = await forum.stagedUser('s@x.org');
    const stranger = await forum
      .as(null)
      .post('/users.json', signUp({ email: 'someone@x.org', username: staged.username }));
    expect(stranger.status).toBe(422);
    expect(stranger.json.errors[0]).toMatch(/not available/);
    const owner = await forum
      .as(null)
      .post('/users.json', signUp({ email: 's@x.org', username: staged.username }));
    expect(owner.status).toBe(200);
    expect((await userRow(staged.id)).staged).toBe(0);
  });
});

describe('getUser (GET /u/{username}.json)', () => {
  it('shows a profile in Discourse’s shape, without any address or private parts to others', async () => {
    const bob = await forum.user({ username: 'bob', name: 'Bob Baker', email: 'bob@x.org' });
    const carol = await forum.user({ username: 'carol' });
    const team = await forum.group('team', { members: [bob] });
    for (const viewer of [null, carol.username, 'bob', 'admin']) {
      const res = await forum.as(viewer).get('/u/bob.json');
      expect(res.status, String(viewer)).toBe(200);
      await assertMatchesSpec('getUser', res.json);
      expect(res.raw.body).not.toContain('bob@x.org');
      expect(res.raw.body).not.toContain('password');
      expect(res.json.user).toMatchObject({ id: bob.id, username: 'bob', name: 'Bob Baker', staged: false });
      expect(res.json.user.groups.map((g: { name: string }) => g.name)).toContain(team.name);
    }
    const asCarol = (await forum.as(carol).get('/u/bob.json')).json.user;
    expect(asCarol).toMatchObject({
      can_edit: false,
      can_send_private_message_to_user: true,
      group_users: [],
    });
    const asSelf = (await forum.as('bob').get('/u/bob.json')).json.user;
    expect(asSelf.can_edit).toBe(true);
    expect(asSelf.group_users).toEqual([
      { group_id: team.id, user_id: bob.id, notification_level: 3, owner: false },
    ]);
  });

  it('hides staged and inactive accounts from everyone but staff', async () => {
    const staged = await forum.stagedUser('guest@x.org');
    const carol = await forum.user({ username: 'carol' });
    await forum.as(null).post('/users.json', signUp());
    for (const name of [staged.username, 'sam']) {
      for (const viewer of [null, carol.username]) {
        const res = await forum.as(viewer).get(`/u/${name}.json`);
        expect(res.status, `${name} as ${viewer}`).toBe(404);
        expect(res.json).toEqual((await forum.as(viewer).get('/u/nobody-here.json')).json);
      }
    }
    const admin = await forum.as('admin').get(`/u/${staged.username}.json`);
    expect(admin.status).toBe(200);
    await assertMatchesSpec('getUser', admin.json);
    expect(admin.json.user.staged).toBe(true);
    expect(admin.raw.body).not.toContain('guest@x.org');
  });

  it('refuses to act as a staged user', async () => {
    const staged = await forum.stagedUser('guest@x.org');
    const res = await forum.as(staged.username).get('/u/admin.json');
    expect(res.status).toBe(403);
  });
});

describe('getUserEmails (GET /u/{username}/emails.json)', () => {
  it('shows addresses to the user themself and to staff only', async () => {
    const bob = await forum.user({ username: 'bob', email: 'bob@x.org' });
    const carol = await forum.user({ username: 'carol' });
    const own = await forum.as(bob).get('/u/bob/emails.json');
    expect(own.status).toBe(200);
    await assertMatchesSpec('getUserEmails', own.json);
    expect(own.json).toEqual({
      email: 'bob@x.org',
      secondary_emails: [],
      unconfirmed_emails: [],
      associated_accounts: [],
    });
    const admin = await forum.as('admin').get('/u/bob/emails.json');
    await assertMatchesSpec('getUserEmails', admin.json);
    expect((await forum.as(carol).get('/u/bob/emails.json')).status).toBe(403);
    expect((await forum.as(null).get('/u/bob/emails.json')).status).toBe(403);
  });

  it('never reveals a staged address to non-staff, nor that the account exists', async () => {
    const staged = await forum.stagedUser('guest@x.org');
    const carol = await forum.user({ username: 'carol' });
    const res = await forum.as(carol).get(`/u/${staged.username}/emails.json`);
    expect(res.status).toBe(404);
    expect(res.raw.body).not.toContain('guest@x.org');
    const admin = await forum.as('admin').get(`/u/${staged.username}/emails.json`);
    await assertMatchesSpec('getUserEmails', admin.json);
    expect(admin.json.email).toBe('guest@x.org');
    expect((await forum.as(staged.username).get(`/u/${staged.username}/emails.json`)).status).toBe(403);
  });
});
