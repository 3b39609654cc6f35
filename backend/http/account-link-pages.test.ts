// The links in account emails, opened in a browser: activation, password reset and invite
// links get the client's page (index.html, able to load its assets from that depth) while
// API clients keep their JSON, and no GET of a link — a person's or a mail scanner's —
// activates, resets or redeems anything. Real forum, real SMTP sink, real emails.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configureMail, drainSoon } from '../email/outbound/test-support';
import { browser, linkIn, pathOf } from '../testing/browser';
import { startTestForum, type TestForum } from '../testing/forum-fixture';
import { startSmtpSink, type SmtpSink } from '../testing/smtp-sink';
import { withBaseHref } from './static-files';

const PASSWORD = 'a-long-enough-password';
const INDEX = `<!doctype html><html><head><meta charset="utf-8"><title>Foyer client</title>
<script type="module" src="./assets/app.js"></script></head><body><div id="root"></div></body></html>`;
const LINK_INVALID =
  'This link is no longer valid: it was already used, has expired, or was mistyped. Ask for a new email.';

let smtp: SmtpSink;
let forum: TestForum;
let rendererDir: string;

beforeEach(async () => {
  rendererDir = mkdtempSync(join(tmpdir(), 'foyer-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), INDEX);
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log("app")');
  smtp = await startSmtpSink();
  forum = await startTestForum({ rendererDir });
  await configureMail(forum, smtp);
});
afterEach(async () => {
  await forum.destroy();
  await smtp.stop();
  rmSync(rendererDir, { recursive: true, force: true });
});

/** What a browser sends when a person clicks a link in their mail program. */
const PAGE_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

const open = (path: string, accept = PAGE_ACCEPT, method: 'GET' | 'HEAD' = 'GET') =>
  forum.app.inject({ method, url: path, headers: { accept } });

async function mailWith(subject: string, to: string) {
  await drainSoon(forum);
  return smtp.waitFor((m) => m.rcptTo.includes(to) && (m.parsed.subject ?? '').includes(subject));
}

async function userRow(username: string) {
  return forum.ctx.db
    .selectFrom('users')
    .selectAll()
    .where('username_lower', '=', username)
    .executeTakeFirstOrThrow();
}

/** The page a browser gets: the client, with a <base> back to the root and the token kept private. */
async function expectClientPage(path: string, base: string) {
  const page = await open(path);
  expect(page.statusCode, path).toBe(200);
  expect(page.headers['content-type']).toMatch(/^text\/html/);
  expect(page.body).toContain('<title>Foyer client</title>');
  expect(page.body).toContain(`<base href="${base}">`);
  expect(page.headers['cache-control']).toBe('no-store');
  expect(page.headers['referrer-policy']).toBe('no-referrer');
}

/** A mail scanner or API client: no page, no action. */
async function expectNoPageFor(path: string) {
  for (const accept of ['*/*', 'application/json']) {
    const res = await open(path, accept);
    expect(res.statusCode, `${path} with ${accept}`).toBe(404);
    expect(res.json()).toMatchObject({ error_type: 'not_found' });
  }
  await open(path, PAGE_ACCEPT, 'HEAD');
}

describe('the activation link', () => {
  it('shows the page to a browser, activates only on the PUT the page sends', async () => {
    const person = browser(forum);
    const signUp = await person.post('/users.json', {
      username: 'sam',
      email: 'sam@x.org',
      password: PASSWORD,
      name: 'Sam',
    });
    expect(signUp.json).toMatchObject({ success: true, active: false });
    const mail = await mailWith('Confirm your new account', 'sam@x.org');
    const path = pathOf(linkIn(mail.parsed.text, '/u/activate-account/'));

    await expectClientPage(path, '../../');
    await expectClientPage(path.replace('/u/', '/users/'), '../../');
    await expectNoPageFor(path);
    expect((await open(`${path}.json`)).statusCode).toBe(404);
    expect((await userRow('sam')).active).toBe(0);

    const activated = await person.put(`${path}.json`);
    expect(activated.status).toBe(200);
    expect(activated.json).toMatchObject({ success: true });
    expect(person.cookie).toBeDefined();
    expect((await userRow('sam')).active).toBe(1);
    // Used: the page still opens (it explains), the PUT says the link no longer works.
    await expectClientPage(path, '../../');
    const again = await browser(forum).put(`${path}.json`);
    expect(again.status).toBe(422);
    expect(again.json.errors).toEqual([LINK_INVALID]);
  });
});

describe('the password reset link', () => {
  it('is checked without being used, then sets the password once', async () => {
    const ada = await forum.user({ username: 'ada', email: 'ada@x.org' });
    expect((await browser(forum).post('/session/forgot_password.json', { login: 'ada' })).status).toBe(200);
    const mail = await mailWith('Password reset', 'ada@x.org');
    const path = pathOf(linkIn(mail.parsed.text, '/u/password-reset/'));

    await expectClientPage(path, '../../');
    await expectNoPageFor(path);
    // Discourse's password_reset_show: what the page needs, the link still unused.
    for (let i = 0; i < 2; i++) {
      const show = await forum.as(null).get(`${path}.json`);
      expect(show.status).toBe(200);
      expect(show.json).toEqual({
        is_developer: false,
        admin: false,
        second_factor_required: false,
        security_key_required: false,
        backup_enabled: false,
        multiple_second_factor_methods: false,
      });
    }
    expect((await forum.as(null).get(`${path.replace('/u/', '/users/')}.json`)).json.admin).toBe(false);

    const person = browser(forum);
    const tooShort = await person.put(`${path}.json`, { password: 'short' });
    expect(tooShort.status).toBe(422);
    expect(tooShort.json.errors[0]).toMatch(/at least 10 characters/);
    const reset = await person.put(`${path}.json`, { password: 'a-brand-new-password' });
    expect(reset.status).toBe(200);
    expect(person.cookie).toBeDefined();
    const login = await browser(forum).post('/session.json', { login: 'ada', password: PASSWORD });
    expect(login.json.error).toBeDefined();
    void ada;

    // Used, unknown, malformed: one answer, in Discourse's { message } shape.
    for (const token of [path.split('/').pop(), '0123456789abcdef0123456789abcdef', 'nope']) {
      const show = await forum.as(null).get(`/u/password-reset/${token}.json`);
      expect(show.status, token).toBe(200);
      expect(show.json, token).toEqual({ message: LINK_INVALID });
    }
  });
});

describe('the invite link', () => {
  it('shows the page; the info says what the invite brings only with the emailed token; GETs redeem nothing', async () => {
    const alice = await forum.user({ username: 'alice', trustLevel: 2, name: 'Alice Adams' });
    await forum.group('club', { owners: [alice] });
    const dave = await forum.user({ username: 'dave' });
    const pm = await forum.as(alice).post('/posts.json', {
      title: 'Planning the club evening',
      raw: 'Who brings what?',
      archetype: 'private_message',
      target_recipients: dave.username,
    });
    const invite = await forum.as(alice).post('/invites.json', {
      email: 'new@x.org',
      topic_id: pm.json.topic_id,
      group_names: 'club',
    });
    expect(invite.status, JSON.stringify(invite.json)).toBe(200);
    const mail = await mailWith('invited you', 'new@x.org');
    const link = linkIn(mail.parsed.text, '/invites/');
    const path = pathOf(link);
    const key = new URL(link).pathname.split('/').pop()!;
    const token = new URL(link).searchParams.get('t');

    await expectClientPage(path, '../');
    await expectNoPageFor(`/invites/${key}`);
    const info = await forum.as(null).get(`/invites/${key}.json?t=${token}`);
    expect(info.json).toMatchObject({
      email: 'new@x.org',
      email_verified_by_link: true,
      invited_by: { username: 'alice', name: 'Alice Adams' },
      topics: [{ id: pm.json.topic_id, title: 'Planning the club evening' }],
      groups: [expect.objectContaining({ name: 'club' })],
    });
    const bare = await forum.as(null).get(`/invites/${key}.json`);
    expect(bare.json.hidden_email).toBe(true);
    expect(bare.json.topics).toBeUndefined();
    expect(bare.json.groups).toBeUndefined();

    const person = browser(forum);
    const redeemed = await person.put(`/invites/show/${key}.json`, {
      username: 'newton',
      password: PASSWORD,
      email_token: token,
    });
    expect(redeemed.status, JSON.stringify(redeemed.json)).toBe(200);
    expect((await userRow('newton')).active).toBe(1);
    // Used up: the page still opens and explains; the info is the one answer for every dead key.
    await expectClientPage(path, '../');
    const used = await forum.as(null).get(`/invites/${key}.json?t=${token}`);
    const unknown = await forum.as(null).get(`/invites/0123456789abcdef0123456789abcdef.json`);
    expect(used.status).toBe(404);
    expect(used.json).toEqual(unknown.json);
  });
});

describe('client pages', () => {
  it('keep other API paths as JSON 404s', async () => {
    for (const path of ['/u/alice', '/u/activate-account', '/u/password-reset/a/b', '/invites/a/b.js']) {
      const res = await open(path);
      expect(res.statusCode, path).toBe(404);
    }
  });

  it('get a <base> back to the root from any depth', () => {
    const html = '<html><head><title>x</title></head></html>';
    expect(withBaseHref(html, '/')).toBe(html);
    expect(withBaseHref(html, '/inbox')).toBe(html);
    expect(withBaseHref(html, '/invites/abc')).toContain('<head>\n    <base href="../"><title>');
    expect(withBaseHref(html, '/u/password-reset/abc')).toContain('<base href="../../">');
    expect(withBaseHref(html, '/inbox/')).toContain('<base href="../">');
  });
});
