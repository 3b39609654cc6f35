// First-run setup and browser sessions through real HTTP requests (fastify.inject) on a fresh
// forum: the owner is created once, logged in with the session cookie, and the door then shuts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createForum, type Forum } from '../../main';
import { SESSION_COOKIE } from '../request-auth';
import { assertMatchesSpec } from '../../testing/discourse-spec';

let forum: Forum;
let dataDir: string;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'foyer-setup-'));
  forum = await createForum({ dataDir });
});
afterEach(async () => {
  await forum.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const ORIGIN = { host: '127.0.0.1:4200', origin: 'http://127.0.0.1:4200' };

async function call(method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown, cookie?: string) {
  const res = await forum.app.inject({
    method,
    url,
    headers: {
      ...ORIGIN,
      ...(cookie ? { cookie } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  return { status: res.statusCode, json: res.body ? JSON.parse(res.body) : null, res };
}

function sessionCookie(res: { headers: Record<string, unknown> }): string {
  const header = String(res.headers['set-cookie'] ?? '');
  const m = new RegExp(`${SESSION_COOKIE}=([^;]*)`).exec(header);
  expect(m?.[1]).toBeTruthy();
  return `${SESSION_COOKIE}=${m?.[1] ?? ''}`;
}

const OWNER = {
  name: 'Olive Owner',
  username: 'olive',
  email: 'olive@example.com',
  password: 'a-very-long-owner-password',
};

describe('first-run setup', () => {
  it('creates the owner once, logs them in with the session cookie, then refuses', async () => {
    expect((await call('GET', '/foyer/setup.json')).json).toEqual({ needs_setup: true });
    const created = await call('POST', '/foyer/setup.json', OWNER);
    expect(created.status).toBe(200);
    expect(created.json.current_user).toMatchObject({ username: 'olive', name: 'Olive Owner', admin: true });
    const cookie = sessionCookie(created.res);
    expect(String(created.res.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Lax/);

    const me = await call('GET', '/session/current.json', undefined, cookie);
    expect(me.status).toBe(200);
    expect(me.json.current_user).toMatchObject({ username: 'olive', admin: true, moderator: false });
    expect(me.json.current_user.groups.map((g: { name: string }) => g.name)).toContain('admins');

    expect((await call('GET', '/foyer/setup.json')).json).toEqual({ needs_setup: false });
    const again = await call('POST', '/foyer/setup.json', {
      ...OWNER,
      username: 'mallory',
      email: 'm@example.com',
    });
    expect(again.status).toBe(403);
    expect(again.json.errors[0]).toMatch(/already set up/);
    const users = await forum.ctx.db.selectFrom('users').select('username').execute();
    expect(users.map((u) => u.username)).toEqual(['olive']);
  });

  it('answers 422 with what to fix for missing or invalid fields, and stays open', async () => {
    const missing = await call('POST', '/foyer/setup.json', { ...OWNER, password: '' });
    expect(missing.status).toBe(422);
    expect(missing.json.errors[0]).toMatch(/password is required/);
    const short = await call('POST', '/foyer/setup.json', { ...OWNER, password: 'short' });
    expect(short.status).toBe(422);
    expect(short.json.errors[0]).toMatch(/at least 15/);
    const badEmail = await call('POST', '/foyer/setup.json', { ...OWNER, email: 'nope' });
    expect(badEmail.status).toBe(422);
    expect((await call('GET', '/foyer/setup.json')).json).toEqual({ needs_setup: true });
  });

  it('lets only one of two simultaneous setups through', async () => {
    const [a, b] = await Promise.all([
      call('POST', '/foyer/setup.json', OWNER),
      call('POST', '/foyer/setup.json', { ...OWNER, username: 'other', email: 'other@example.com' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 403]);
  });

  it('does not count the system user as an admin', async () => {
    const { systemUser } = await import('../../email/inbound/bounces');
    await systemUser(forum.ctx.db);
    expect((await call('GET', '/foyer/setup.json')).json).toEqual({ needs_setup: true });
  });
});

describe('browser sessions with cookies', () => {
  it('logs in, reads the current user with groups, and logs out (same-origin writes)', async () => {
    await call('POST', '/foyer/setup.json', OWNER);
    const login = await call('POST', '/session.json', { login: 'olive', password: OWNER.password });
    expect(login.status).toBe(200);
    await assertMatchesSpec('getUser', { user_badges: [], user: login.json.user });
    const cookie = sessionCookie(login.res);
    const me = await call('GET', '/session/current.json', undefined, cookie);
    expect(Object.keys(me.json.current_user)).toEqual(
      expect.arrayContaining(['id', 'username', 'name', 'avatar_template', 'admin', 'moderator', 'groups']),
    );
    const out = await call('DELETE', '/session/olive.json', undefined, cookie);
    expect(out.status).toBe(200);
    expect(String(out.res.headers['set-cookie'])).toMatch(/Max-Age=0/);
    expect((await call('GET', '/session/current.json', undefined, cookie)).status).toBe(404);
  });

  it('refuses a login posted from another origin', async () => {
    await call('POST', '/foyer/setup.json', OWNER);
    const res = await forum.app.inject({
      method: 'POST',
      url: '/session.json',
      headers: { host: '127.0.0.1:4200', origin: 'http://evil.example', 'content-type': 'application/json' },
      payload: JSON.stringify({ login: 'olive', password: OWNER.password }),
    });
    expect(res.statusCode).toBe(403);
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});
