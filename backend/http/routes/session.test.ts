// Logging in and out with a session cookie (POST /session.json, GET /session/current.json,
// DELETE /session/{username}.json): staged users never get in (§1.3, G 77), inactive users
// are told to activate, and cookies and API keys each keep working beside the other.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../auth/secrets';
import { assertMatchesSpec } from '../../testing/discourse-spec';
import { startTestForum, type TestForum } from '../../testing/forum-fixture';
import { SESSION_COOKIE } from '../request-auth';

let forum: TestForum;
beforeEach(async () => {
  forum = await startTestForum();
});
afterEach(async () => {
  await forum.destroy();
});

const PASSWORD = 'a-long-enough-password';

async function request(
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  opts: { cookie?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const res = await forum.app.inject({
    method,
    url,
    headers: {
      ...(opts.cookie ? { cookie: opts.cookie } : {}),
      ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...opts.headers,
    },
    ...(opts.body === undefined ? {} : { payload: JSON.stringify(opts.body) }),
  });
  return { status: res.statusCode, json: res.body ? res.json() : null, setCookie: res.headers['set-cookie'] };
}

async function logIn(login: string, password = PASSWORD) {
  const res = await request('POST', '/session.json', { body: { login, password } });
  const header = Array.isArray(res.setCookie) ? res.setCookie[0] : res.setCookie;
  const cookie = header?.split(';')[0];
  return { ...res, header, cookie };
}

describe('logging in', () => {
  it('logs in by username or email, sets an HttpOnly SameSite=Lax cookie, and the cookie authenticates', async () => {
    const bob = await forum.user({ username: 'bob', email: 'bob@x.org' });
    for (const login of ['bob', 'BOB@x.org']) {
      const res = await logIn(login);
      expect(res.status).toBe(200);
      expect(res.json.user).toMatchObject({ id: bob.id, username: 'bob' });
      await assertMatchesSpec('getUser', { user_badges: [], user: res.json.user });
      expect(res.header).toMatch(
        new RegExp(`^${SESSION_COOKIE}=[0-9a-f]{64}; Path=/; Max-Age=\\d+; HttpOnly; SameSite=Lax$`),
      );
      expect(JSON.stringify(res.json)).not.toMatch(/scrypt|password_hash|token_hash/);
      const current = await request('GET', '/session/current.json', { cookie: res.cookie! });
      expect(current.status).toBe(200);
      expect(current.json.current_user).toMatchObject({
        id: bob.id,
        username: 'bob',
        admin: false,
        moderator: false,
        staged: false,
        trust_level: 1,
        can_send_private_messages: true,
        can_send_private_email_messages: false,
      });
      const sessions = (await request('GET', '/u/bob.json', { cookie: res.cookie! })).json.user
        .user_auth_tokens;
      expect(sessions.filter((s: { is_active: boolean }) => s.is_active)).toHaveLength(1);
    }
  });

  it('answers a wrong password, an unknown login and any staged user identically (G 77)', async () => {
    await forum.user({ username: 'bob' });
    const staged = await forum.stagedUser('guest@x.org');
    const wrong = await logIn('bob', 'not-the-password');
    expect(wrong.status).toBe(200);
    expect(wrong.json).toEqual({ error: 'Incorrect username, email or password.' });
    expect(wrong.setCookie).toBeUndefined();
    expect((await logIn('nobody-at-all')).json).toEqual(wrong.json);
    expect((await logIn(staged.username)).json).toEqual(wrong.json);
    expect((await logIn('guest@x.org')).json).toEqual(wrong.json);
    // Even a staged row that somehow carries a password never logs in.
    await forum.ctx.db
      .updateTable('users')
      .set({ password_hash: await hashPassword(PASSWORD) })
      .where('id', '=', staged.id)
      .execute();
    const stagedWithPassword = await logIn('guest@x.org');
    expect(stagedWithPassword.json).toEqual(wrong.json);
    expect(stagedWithPassword.setCookie).toBeUndefined();
    expect((await request('POST', '/session.json', { body: { login: ['bob'], password: 1 } })).json).toEqual(
      wrong.json,
    );
  });

  it('tells an inactive account to activate first', async () => {
    const signUp = await forum
      .as(null)
      .post('/users.json', { name: 'Sam', email: 'sam@x.org', password: PASSWORD, username: 'sam' });
    expect(signUp.json.active).toBe(false);
    const res = await logIn('sam');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      error: expect.stringMatching(/activate your account/),
      reason: 'not_activated',
    });
    expect(res.setCookie).toBeUndefined();
  });

  it('answers 404 to /session/current.json when nobody is logged in', async () => {
    const res = await request('GET', '/session/current.json');
    expect(res.status).toBe(404);
    expect(
      (await request('GET', '/session/current.json', { cookie: `${SESSION_COOKIE}=${'0'.repeat(64)}` }))
        .status,
    ).toBe(404);
  });
});

describe('logging out', () => {
  it('revokes the session and clears the cookie', async () => {
    await forum.user({ username: 'bob' });
    const { cookie } = await logIn('bob');
    const out = await request('DELETE', '/session/bob.json', { cookie: cookie! });
    expect(out.status).toBe(200);
    expect(String(out.setCookie)).toMatch(new RegExp(`^${SESSION_COOKIE}=; Path=/; Max-Age=0`));
    expect((await request('GET', '/session/current.json', { cookie: cookie! })).status).toBe(404);
    const left = await forum.ctx.db.selectFrom('user_auth_tokens').select('id').execute();
    expect(left).toEqual([]);
  });

  it('refuses to log out someone else, and anonymous callers', async () => {
    await forum.user({ username: 'bob' });
    await forum.user({ username: 'carol' });
    const { cookie } = await logIn('bob');
    expect((await request('DELETE', '/session/carol.json', { cookie: cookie! })).status).toBe(403);
    expect((await request('GET', '/session/current.json', { cookie: cookie! })).status).toBe(200);
    expect((await request('DELETE', '/session/bob.json')).status).toBe(403);
  });
});

describe('cookies beside API keys', () => {
  it('lets an API key win over a cookie, rejects a bad key even with a good cookie, and keeps both working', async () => {
    const bob = await forum.user({ username: 'bob' });
    const carol = await forum.user({ username: 'carol' });
    const { cookie } = await logIn('bob');
    const keyHeaders = { 'api-key': forum.apiKey, 'api-username': 'carol' };
    const both = await request('GET', '/session/current.json', { cookie: cookie!, headers: keyHeaders });
    expect(both.json.current_user.id).toBe(carol.id);
    const badKey = await request('GET', '/session/current.json', {
      cookie: cookie!,
      headers: { ...keyHeaders, 'api-key': 'wrong' },
    });
    expect(badKey.status).toBe(403);
    expect((await request('GET', '/session/current.json', { cookie: cookie! })).json.current_user.id).toBe(
      bob.id,
    );
    expect((await forum.as(carol).get('/session/current.json')).json.current_user.id).toBe(carol.id);
    // A cookie session acts like any other login: it may read its own notifications.
    expect((await request('GET', '/notifications.json', { cookie: cookie! })).status).toBe(200);
  });
});
