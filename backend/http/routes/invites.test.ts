// Forum invites through the API with real mail (Discourse's createInvite,
// createMultipleInvites, the invite page and its redemption; behaviour.md §1.4 trigger 2,
// §6 G 75): who may invite and how often, the invite email, and redemption creating or
// unstaging the account with the invite's trust level, groups and topic.
import { describe, expect, it } from 'vitest';
import type { User } from '../../db/schema';
import { drainSoon, mailForumPerTest } from '../../email/outbound/test-support';
import { browser, linkIn, pathOf } from '../../testing/browser';
import { assertMatchesSpec } from '../../testing/discourse-spec';
import type { TestForum } from '../../testing/forum-fixture';
import type { SmtpSink } from '../../testing/smtp-sink';

let smtp: SmtpSink;
let forum: TestForum;
mailForumPerTest((f, s) => {
  forum = f;
  smtp = s;
});

const PASSWORD = 'a-long-enough-password';

async function pm(from: User, to: string, title: string): Promise<number> {
  const res = await forum.as(from).post('/posts.json', {
    title,
    raw: `About ${title}.`,
    archetype: 'private_message',
    target_recipients: to,
  });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json.topic_id;
}

async function userRow(id: number) {
  return forum.ctx.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function inviteMail(to: string) {
  await drainSoon(forum);
  return smtp.waitFor((m) => m.rcptTo.includes(to) && /invited you/.test(m.parsed.subject ?? ''));
}

describe('inviting a staged address and redeeming it (G 75)', () => {
  it('emails the invite; redeeming with the emailed link unstages the person into the groups and topic', async () => {
    const alice = await forum.user({ username: 'alice', trustLevel: 2, name: 'Alice Adams' });
    const bob = await forum.user({ username: 'bob', trustLevel: 4 });
    const dave = await forum.user({ username: 'dave' });
    await pm(bob, 's@x.org', 'Bob writes first');
    const staged = (await forum.ctx.db
      .selectFrom('users')
      .innerJoin('user_emails', 'user_emails.user_id', 'users.id')
      .selectAll('users')
      .where('user_emails.normalized_email', '=', 's@x.org')
      .executeTakeFirstOrThrow()) as User;
    const club = await forum.group('club', { owners: [alice] });
    const topic = await pm(alice, 'dave', 'Planning the club evening');
    let unstaged = 0;
    forum.ctx.events.on('user_unstaged', () => {
      unstaged++;
    });

    const res = await forum.as(alice).post('/invites.json', {
      email: 'S@x.org',
      topic_id: topic,
      group_names: 'club',
      custom_message: 'Join us, we are planning the evening.',
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    await assertMatchesSpec('createInvite', res.json);
    expect(res.json).toMatchObject({
      email: 's@x.org',
      emailed: true,
      max_redemptions_allowed: 1,
      redemption_count: 0,
      custom_message: 'Join us, we are planning the evening.',
      expired: false,
      topics: [expect.objectContaining({ id: topic, title: 'Planning the club evening' })],
      groups: [expect.objectContaining({ id: club.id, name: 'club' })],
    });
    expect(res.json.link).toMatch(/^http:\/\/127\.0\.0\.1\/invites\/[0-9a-f]{32}$/);
    const key = res.json.link.split('/').pop();

    const mail = await inviteMail('s@x.org');
    expect(mail.parsed.subject).toBe('Alice Adams invited you to "Planning the club evening" on Foyer');
    expect(mail.parsed.text).toContain('Join us, we are planning the evening.');
    const link = linkIn(mail.parsed.text, `/invites/${key}`);
    const token = new URL(link).searchParams.get('t');

    // The key alone (which the inviter holds too) shows neither the address nor the staged name.
    const bare = await forum.as(null).get(`/invites/${key}.json`);
    expect(bare.json).toMatchObject({
      email: '*@*.org',
      hidden_email: true,
      username: '',
      is_invite_link: false,
      email_verified_by_link: false,
      invited_by: { id: alice.id, username: 'alice' },
    });
    const viaMail = await forum.as(null).get(pathOf(link).replace('?', '.json?'));
    expect(viaMail.json).toMatchObject({
      email: 's@x.org',
      hidden_email: false,
      username: staged.username,
      email_verified_by_link: true,
    });

    const sam = browser(forum);
    const redeemed = await sam.put(`/invites/show/${key}.json`, {
      username: 'sam',
      password: PASSWORD,
      name: 'Sam Smith',
      email_token: token,
    });
    expect(redeemed.status, JSON.stringify(redeemed.json)).toBe(200);
    expect(redeemed.json).toEqual({ success: true, redirect_to: `/t/planning-the-club-evening/${topic}` });
    expect(sam.cookie).toBeDefined();
    expect(await userRow(staged.id)).toMatchObject({
      staged: 0,
      active: 1,
      username: 'sam',
      trust_level: 1,
      // Bob wrote first: the first contact keeps the credit.
      invited_by_id: bob.id,
    });
    expect(unstaged).toBe(1);
    const own = await sam.get(`/t/${topic}.json`);
    expect(own.status).toBe(200);
    expect((await sam.get('/topics/private-messages/sam.json')).json.topic_list.topics).toHaveLength(2);
    const membership = await forum.ctx.db
      .selectFrom('group_users')
      .select('user_id')
      .where('group_id', '=', club.id)
      .execute();
    expect(membership.map((m) => m.user_id).sort()).toEqual([alice.id, staged.id].sort());
    expect((await forum.as(alice).get('/u/alice/invited_count.json')).json.counts).toEqual({
      pending: 0,
      expired: 0,
      redeemed: 0,
      total: 0,
    });
    expect((await forum.as(bob).get('/u/bob/invited_count.json')).json.counts.redeemed).toBe(1);
    // Used up: the key no longer works.
    expect((await forum.as(null).get(`/invites/${key}.json`)).status).toBe(404);
    expect(
      (await browser(forum).put(`/invites/show/${key}.json`, { username: 'x_y', password: PASSWORD })).status,
    ).toBe(404);
    void dave;
  });

  it('needs activation by email when redeemed without the emailed token, and credits the inviter of a new person', async () => {
    const alice = await forum.user({ username: 'alice', trustLevel: 2 });
    const res = await forum.as(alice).post('/invites.json', { email: 'new@x.org', skip_email: true });
    expect(res.json.emailed).toBe(false);
    const key = res.json.link.split('/').pop();
    const person = browser(forum);
    const redeemed = await person.put(`/invites/show/${key}.json`, {
      username: 'newbie',
      password: PASSWORD,
    });
    expect(redeemed.status).toBe(200);
    expect(redeemed.json.message).toMatch(/activation email/);
    expect(person.cookie).toBeUndefined();
    const login = await person.post('/session.json', { login: 'newbie', password: PASSWORD });
    expect(login.json.reason).toBe('not_activated');
    await drainSoon(forum);
    const activation = await smtp.waitFor((m) => m.rcptTo.includes('new@x.org'));
    expect(activation.parsed.subject).toBe('[Foyer] Confirm your new account');
    expect(
      (await person.put(`${pathOf(linkIn(activation.parsed.text, '/u/activate-account/'))}.json`)).status,
    ).toBe(200);
    const list = await forum.as(alice).get('/u/alice/invited.json');
    expect(list.json.invites).toEqual([
      expect.objectContaining({
        invite_source: 'email',
        user: expect.objectContaining({ username: 'newbie' }),
      }),
    ]);
  });

  it('lets a link invite be redeemed up to its limit, each person activating by email', async () => {
    const res = await forum.as('admin').post('/invites.json', { max_redemptions_allowed: 2 });
    expect(res.status).toBe(200);
    await assertMatchesSpec('createInvite', res.json);
    expect(res.json.email).toBeUndefined();
    const key = res.json.link.split('/').pop();
    expect((await forum.as(null).get(`/invites/${key}.json`)).json).toMatchObject({
      is_invite_link: true,
      email: '',
    });
    const staged = await forum.stagedUser('g@x.org');
    const noEmail = await browser(forum).put(`/invites/show/${key}.json`, {
      username: 'first',
      password: PASSWORD,
    });
    expect(noEmail.status).toBe(400);
    for (const [email, username] of [
      ['g@x.org', 'gail'],
      ['h@x.org', 'hank'],
    ] as const) {
      const r = await browser(forum).put(`/invites/show/${key}.json`, {
        email,
        username,
        password: PASSWORD,
      });
      expect(r.status, JSON.stringify(r.json)).toBe(200);
    }
    expect(await userRow(staged.id)).toMatchObject({
      staged: 0,
      active: 0,
      username: 'gail',
      trust_level: 1,
    });
    const third = await browser(forum).put(`/invites/show/${key}.json`, {
      email: 'i@x.org',
      username: 'ivan',
      password: PASSWORD,
    });
    expect(third.status).toBe(404);
  });

  it('refuses an address with a real account, an address already invited, and a redemption by an existing account', async () => {
    await forum.user({ username: 'bob', email: 'bob@x.org' });
    const taken = await forum.as('admin').post('/invites.json', { email: 'BOB@x.org' });
    expect(taken.status).toBe(422);
    expect(taken.json.errors[0]).toMatch(/already an account/);
    expect(taken.raw.body).not.toContain('bob@x.org');
    expect(
      (await forum.as('admin').post('/invites.json', { email: 'c@x.org', skip_email: true })).status,
    ).toBe(200);
    const again = await forum.as('admin').post('/invites.json', { email: 'c@x.org' });
    expect(again.status).toBe(422);
    const link = await forum.as('admin').post('/invites.json', {});
    const key = link.json.link.split('/').pop();
    const r = await browser(forum).put(`/invites/show/${key}.json`, {
      email: 'bob@x.org',
      username: 'bob2',
      password: PASSWORD,
    });
    expect(r.status).toBe(412);
  });

  it('checks its fields', async () => {
    const cases: Array<[Record<string, unknown>, number, RegExp]> = [
      [{ email: 'not-an-address' }, 422, /not a valid email/],
      [{ expires_at: '2000-01-01T00:00:00Z' }, 400, /in the future/],
      [{ expires_at: 'tomorrow' }, 400, /ISO 8601/],
      [{ max_redemptions_allowed: 0 }, 400, /between 1 and 5000/],
      [{ group_names: 'nosuchgroup' }, 400, /no group called/],
      [{ topic_id: 987654 }, 404, /does not exist/],
      [{ custom_message: 'x'.repeat(1001) }, 400, /1000 characters/],
    ];
    for (const [body, status, message] of cases) {
      const res = await forum.as('admin').post('/invites.json', body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.json.errors[0]).toMatch(message);
    }
  });
});

describe('who may invite, and how often', () => {
  it('lets staff and invite_allowed_groups invite, within max_invites_per_day for non-staff', async () => {
    const tl1 = await forum.user({ username: 'newcomer', trustLevel: 1 });
    const tl2 = await forum.user({ username: 'regular', trustLevel: 2 });
    expect((await forum.as(null).post('/invites.json', { email: 'a@x.org' })).status).toBe(403);
    const refused = await forum.as(tl1).post('/invites.json', { email: 'a@x.org' });
    expect(refused.status).toBe(403);
    expect(refused.json.errors[0]).toMatch(/invite_allowed_groups/);
    await forum.setting('max_invites_per_day', '2');
    for (const email of ['a@x.org', 'b@x.org'])
      expect((await forum.as(tl2).post('/invites.json', { email })).status).toBe(200);
    const third = await forum.as(tl2).post('/invites.json', { email: 'c@x.org' });
    expect(third.status).toBe(429);
    expect(third.json.error_type).toBe('rate_limit');
    for (const email of ['c@x.org', 'd@x.org', 'e@x.org'])
      expect((await forum.as('admin').post('/invites.json', { email })).status).toBe(200);
    await forum.setting('max_invites_per_day', '0');
    expect((await forum.as(tl2).post('/invites.json', { email: 'f@x.org' })).status).toBe(403);
  });

  it('counts refused attempts too, so addresses cannot be probed past the daily allowance', async () => {
    const tl2 = await forum.user({ username: 'regular', trustLevel: 2 });
    await forum.setting('max_invites_per_day', '2');
    for (const u of ['pa1', 'pa2', 'pa3']) await forum.user({ username: u, email: `${u}@x.org` });
    expect((await forum.as(tl2).post('/invites.json', { email: 'pa1@x.org' })).status).toBe(422);
    expect((await forum.as(tl2).post('/invites.json', { email: 'pa2@x.org' })).status).toBe(422);
    expect((await forum.as(tl2).post('/invites.json', { email: 'pa3@x.org' })).status).toBe(429);
  });

  it('invites into a group only its owners and admins, and into a topic only people who see it', async () => {
    const tl2 = await forum.user({ username: 'regular', trustLevel: 2 });
    const other = await forum.user({ username: 'other', trustLevel: 4 });
    await forum.group('club');
    const group = await forum.as(tl2).post('/invites.json', { email: 'a@x.org', group_names: 'club' });
    expect(group.status).toBe(403);
    expect(group.json.errors[0]).toMatch(/only its owners and admins/);
    const hidden = await pm(other, 'admin', 'Not for regulars');
    expect((await forum.as(tl2).post('/invites.json', { email: 'a@x.org', topic_id: hidden })).status).toBe(
      404,
    );
  });
});

describe('createMultipleInvites (POST /invites/create-multiple.json)', () => {
  it('creates one invite per address for admins and reports the failures', async () => {
    await forum.user({ username: 'bob', email: 'bob@x.org' });
    const res = await forum.as('admin').post('/invites/create-multiple.json', {
      email: ['one@x.org', 'bob@x.org', 'not-an-address', 'two@x.org'],
      custom_message: 'Welcome aboard.',
    });
    expect(res.status).toBe(200);
    await assertMatchesSpec('createMultipleInvites', res.json);
    expect(res.json).toMatchObject({ num_successfully_created_invitations: 2, num_failed_invitations: 2 });
    expect(res.json.successful_invitations.map((i: { email: string }) => i.email)).toEqual([
      'one@x.org',
      'two@x.org',
    ]);
    expect(res.json.failed_invitations.map((f: { email: string }) => f.email)).toEqual([
      'bob@x.org',
      'not-an-address',
    ]);
    await drainSoon(forum);
    expect(smtp.messages.flatMap((m) => m.rcptTo).sort()).toEqual(['one@x.org', 'two@x.org']);
    const regular = await forum.user({ username: 'regular', trustLevel: 4 });
    expect(
      (await forum.as(regular).post('/invites/create-multiple.json', { email: ['x@x.org'] })).status,
    ).toBe(403);
  });

  it('lists open invites as pending to their creator, with their addresses', async () => {
    const alice = await forum.user({ username: 'alice', trustLevel: 2 });
    await forum.as(alice).post('/invites.json', { email: 'one@x.org' });
    const list = await forum.as(alice).get('/u/alice/invited.json?filter=pending');
    expect(list.json.counts).toEqual({ pending: 1, expired: 0, redeemed: 0, total: 1 });
    expect(list.json.invites).toEqual([expect.objectContaining({ email: 'one@x.org', emailed: true })]);
    await forum.ctx.db.updateTable('invites').set({ expires_at: '2000-01-01T00:00:00.000Z' }).execute();
    expect((await forum.as(alice).get('/u/alice/invited.json?filter=expired')).json.invites).toHaveLength(1);
    expect((await forum.as(alice).get('/u/alice/invited_count.json')).json.counts).toMatchObject({
      pending: 0,
      expired: 1,
    });
  });
});
