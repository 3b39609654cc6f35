// Sign-up from a staged address through to a working account (behaviour.md §1.4, §6 G 71–74,
// 76, 77, 80): the same row unstaged, the activation email and link, the username check, and
// the forgotten-password flow that never tells which addresses have accounts. Real SMTP sink.
import { describe, expect, it } from 'vitest';
import type { User } from '../../db/schema';
import { drainSoon, mailForumPerTest } from '../../email/outbound/test-support';
import { assertMatchesSpec } from '../../testing/discourse-spec';
import { browser, linkIn, pathOf, type Browser } from '../../testing/browser';
import type { TestForum } from '../../testing/forum-fixture';
import type { SmtpSink } from '../../testing/smtp-sink';

let smtp: SmtpSink;
let forum: TestForum;
mailForumPerTest((f, s) => {
  forum = f;
  smtp = s;
});

const PASSWORD = 'a-long-enough-password';

const signUp = (extra: Record<string, unknown> = {}) => ({
  name: 'Sam Smith',
  email: 's@x.org',
  password: PASSWORD,
  username: 'sam',
  ...extra,
});

async function stagedByEmail(email: string): Promise<User> {
  return forum.ctx.db
    .selectFrom('users')
    .innerJoin('user_emails', 'user_emails.user_id', 'users.id')
    .selectAll('users')
    .where('user_emails.normalized_email', '=', email)
    .executeTakeFirstOrThrow();
}

/** Three PMs to s@x.org from alice, each with a reply by alice and one by bob: 9 posts. */
async function threeConversations(alice: User, bob: User): Promise<number[]> {
  const topics: number[] = [];
  for (const title of ['First question', 'Second question', 'Third question']) {
    const pm = await forum.as(alice).post('/posts.json', {
      title,
      raw: `${title}: could you look at this?`,
      archetype: 'private_message',
      target_recipients: 's@x.org,bob',
    });
    expect(pm.status).toBe(200);
    topics.push(pm.json.topic_id);
    await forum.as(alice).post('/posts.json', { topic_id: pm.json.topic_id, raw: `More on ${title}.` });
    await forum.as(bob).post('/posts.json', { topic_id: pm.json.topic_id, raw: `Bob on ${title}.` });
  }
  return topics;
}

/** Signs up anonymously, then follows the activation link the forum emailed. */
async function signUpAndActivate(person: Browser, fields: Record<string, unknown>) {
  const res = await person.post('/users.json', fields);
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  await drainSoon(forum);
  const mail = await smtp.waitFor((m) => m.parsed.subject?.includes('Confirm your new account') ?? false);
  const activation = await person.put(`${pathOf(linkIn(mail.parsed.text, '/u/activate-account/'))}.json`);
  return { signUp: res, mail, activation };
}

describe('signing up with a staged address (G 71, 72, 74, 80)', () => {
  it('reuses the row and, after activation, shows every PM with its whole thread', async () => {
    const alice = await forum.user({ username: 'alice', trustLevel: 4 });
    const bob = await forum.user({ username: 'bob' });
    const topics = await threeConversations(alice, bob);
    const staged = await stagedByEmail('s@x.org');
    expect(staged.staged).toBe(1);
    const bell = () =>
      forum.ctx.db.selectFrom('notifications').select('id').where('user_id', '=', staged.id).execute();
    expect((await bell()).length).toBeGreaterThanOrEqual(3);
    const unstaged: User[] = [];
    forum.ctx.events.on('user_unstaged', ({ user }) => {
      unstaged.push(user);
    });

    const sam = browser(forum);
    const res = await sam.post('/users.json', signUp({ email: ' S@X.org ' }));
    expect(res.status).toBe(200);
    await assertMatchesSpec('createUser', res.json);
    expect(res.json).toMatchObject({ success: true, active: false });
    expect(res.json.user_id).toBeUndefined();
    const row = await forum.ctx.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', staged.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ staged: 0, active: 0, username: 'sam', name: 'Sam Smith' });
    expect(await bell()).toEqual([]);
    const marker = await forum.ctx.db
      .selectFrom('user_custom_fields')
      .select('value')
      .where('user_id', '=', staged.id)
      .where('name', '=', 'from_staged')
      .execute();
    expect(marker).toEqual([{ value: 'true' }]);
    expect(unstaged.map((u) => [u.id, u.staged])).toEqual([[staged.id, 0]]);

    // Not activated yet: the login is refused as such.
    const early = await sam.post('/session.json', { login: 'sam', password: PASSWORD });
    expect(early.json).toMatchObject({ reason: 'not_activated' });
    expect(sam.cookie).toBeUndefined();

    await drainSoon(forum);
    const activations = smtp.messages.filter((m) => m.parsed.subject === '[Foyer] Confirm your new account');
    expect(activations.map((m) => m.rcptTo)).toEqual([['s@x.org']]);
    const mail = activations[0];
    const activation = await sam.put(`${pathOf(linkIn(mail!.parsed.text, '/u/activate-account/'))}.json`);
    expect(activation.status).toBe(200);
    expect(activation.json).toMatchObject({ success: true });
    expect(sam.cookie).toBeDefined();

    const inbox = await sam.get('/topics/private-messages/sam.json');
    expect(inbox.status).toBe(200);
    await assertMatchesSpec('listUserPrivateMessages', inbox.json);
    expect(inbox.json.topic_list.topics.map((t: { id: number }) => t.id).sort()).toEqual([...topics].sort());
    for (const id of topics) {
      const topic = await sam.get(`/t/${id}.json`);
      expect(topic.status).toBe(200);
      await assertMatchesSpec('getTopic', topic.json);
      expect(topic.json.post_stream.posts.map((p: { username: string }) => p.username)).toEqual([
        'alice',
        'alice',
        'bob',
      ]);
    }
    // The same link does not work twice; the event fired once in all.
    const again = await sam.put(`${pathOf(linkIn(mail!.parsed.text, '/u/activate-account/'))}.json`);
    expect(again.status).toBe(422);
    expect(again.json.errors[0]).toMatch(/no longer valid/);
    expect(unstaged).toHaveLength(1);
  });

  it('fires no user_unstaged for a sign-up that reclaims nothing', async () => {
    let fired = 0;
    forum.ctx.events.on('user_unstaged', () => {
      fired++;
    });
    const res = await browser(forum).post('/users.json', signUp({ email: 'new@x.org', username: 'newbie' }));
    expect(res.status).toBe(200);
    expect(fired).toBe(0);
  });

  it('logs in only after activation, and never as the staged user it was (G 77)', async () => {
    const staged = await forum.stagedUser('s@x.org');
    const person = browser(forum);
    const wrongPassword = await person.post('/session.json', { login: 'nobody-here', password: PASSWORD });
    for (const login of [staged.username, 's@x.org']) {
      const attempt = await person.post('/session.json', { login, password: PASSWORD });
      expect(attempt.status).toBe(200);
      expect(attempt.raw.body).toBe(wrongPassword.raw.body);
    }
    const { activation } = await signUpAndActivate(person, signUp({ username: staged.username }));
    expect(activation.status).toBe(200);
    const later = browser(forum);
    const login = await later.post('/session.json', { login: staged.username, password: PASSWORD });
    expect(login.json.user).toMatchObject({ id: staged.id, staged: false });
  });

  it('sends no activation email to an account created active by an admin API call', async () => {
    const res = await forum.as('admin').post('/users.json', signUp({ email: 'a@x.org', active: true }));
    expect(res.json).toMatchObject({ active: true });
    await drainSoon(forum);
    expect(smtp.messages).toEqual([]);
  });
});

describe('GET /u/check_username.json (G 73, 74)', () => {
  it('offers a staged name to the owner of that address only, whatever its case and spaces', async () => {
    const staged = await forum.stagedUser('s@x.org');
    await forum.user({ username: 'taken' });
    const check = async (username: string, email?: string) => {
      const q = new URLSearchParams({ username, ...(email ? { email } : {}) });
      const res = await forum.as(null).get(`/u/check_username.json?${q.toString()}`);
      expect(res.status).toBe(200);
      return res.json;
    };
    expect(await check(staged.username, 's@x.org')).toEqual({ available: true, is_developer: false });
    expect(await check(staged.username, '  S@X.ORG ')).toEqual({ available: true, is_developer: false });
    expect(await check(staged.username, 'other@x.org')).toMatchObject({ available: false });
    expect(await check(staged.username)).toMatchObject({ available: false });
    expect(await check('taken', 's@x.org')).toEqual({ available: false, suggestion: 'taken1' });
    expect(await check('free_name', 'other@x.org')).toEqual({ available: true, is_developer: false });
    expect((await check('a')).errors[0]).toMatch(/Usernames are 3–20 characters/);
    expect((await forum.as(null).get('/u/check_username.json')).status).toBe(400);
  });
});

describe('forgot password (G 76)', () => {
  it('answers byte for byte the same for an account, a staged address and nobody, and mails only the account', async () => {
    await forum.user({ username: 'bob', email: 'bob@x.org' });
    const staged = await forum.stagedUser('s@x.org');
    const answers: string[] = [];
    for (const login of ['s@x.org', staged.username, 'nobody@x.org', 'nobody', 'bob@x.org', 'bob']) {
      const res = await forum.as(null).post('/session/forgot_password.json', { login });
      expect(res.status, login).toBe(200);
      expect(res.raw.headers['content-type']).toMatch(/^application\/json/);
      answers.push(res.raw.body);
    }
    // Discourse with hide_email_address_taken answers {success: "OK"} and leaves user_found out.
    expect(new Set(answers)).toEqual(new Set(['{"success":"OK"}']));
    await drainSoon(forum);
    expect(smtp.messages.flatMap((m) => m.rcptTo).sort()).toEqual(['bob@x.org', 'bob@x.org']);
    expect(smtp.to('s@x.org')).toEqual([]);
    const skipped = await forum.ctx.db
      .selectFrom('email_logs')
      .select('to_address')
      .where('to_address', 'in', ['s@x.org', 'nobody@x.org'])
      .execute();
    expect(skipped).toEqual([]);
  });

  it('resets the password with the emailed link once, ends old sessions and logs in', async () => {
    await forum.user({ username: 'bob', email: 'bob@x.org' });
    const old = browser(forum);
    await old.post('/session.json', { login: 'bob', password: PASSWORD });
    expect((await old.get('/session/current.json')).status).toBe(200);

    const bob = browser(forum);
    await bob.post('/session/forgot_password.json', { login: 'bob@x.org' });
    await drainSoon(forum);
    const mail = await smtp.waitFor((m) => m.rcptTo.includes('bob@x.org'));
    expect(mail.parsed.subject).toBe('[Foyer] Password reset');
    const path = `${pathOf(linkIn(mail.parsed.text, '/u/password-reset/'))}.json`;

    const tooShort = await bob.put(path, { password: 'short' });
    expect(tooShort.status).toBe(422);
    expect(tooShort.json.errors[0]).toMatch(/at least 10 characters/);
    const done = await bob.put(path, { username: 'bob', password: 'a-brand-new-password' });
    expect(done.status).toBe(200);
    await assertMatchesSpec('changePassword', done.json);
    expect(done.json).toMatchObject({ success: true, requires_approval: false });
    expect((await bob.get('/session/current.json')).json.current_user.username).toBe('bob');
    expect((await old.get('/session/current.json')).status).toBe(404);
    expect((await bob.put(path, { password: 'another-new-password' })).status).toBe(422);

    const relog = await browser(forum).post('/session.json', {
      login: 'bob',
      password: 'a-brand-new-password',
    });
    expect(relog.json.user.username).toBe('bob');
    // Discourse's spec names the /users/ path; both roots work.
    expect(
      (
        await browser(forum).put('/users/password-reset/0123456789abcdef0123456789abcdef.json', {
          password: 'whatever-long-enough',
        })
      ).status,
    ).toBe(422);
  });

  it('limits requests per login the same way for every address', async () => {
    await forum.user({ username: 'bob', email: 'bob@x.org' });
    for (const login of ['bob@x.org', 'nobody@x.org']) {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++)
        statuses.push((await forum.as(null).post('/session/forgot_password.json', { login })).status);
      expect(statuses, login).toEqual([200, 200, 200, 200, 200, 429]);
    }
    expect((await forum.as(null).post('/session/forgot_password.json', {})).status).toBe(400);
  });
});
