// behaviour.md §6 A (1–9) and §5.1–5.2 through the API, with every success checked
// against Discourse's OpenAPI spec.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertMatchesSpec } from '../testing/discourse-spec';
import { startTestForum, type TestForum } from '../testing/forum-fixture';

let forum: TestForum;
beforeEach(async () => {
  forum = await startTestForum();
});
afterEach(async () => {
  await forum.destroy();
});

const pm = (target: string, extra: Record<string, unknown> = {}) => ({
  title: 'Quarterly report',
  raw: 'Here is the report we discussed.',
  archetype: 'private_message',
  target_recipients: target,
  ...extra,
});

async function usersByEmail(email: string) {
  return forum.ctx.db
    .selectFrom('users')
    .innerJoin('user_emails', 'user_emails.user_id', 'users.id')
    .selectAll('users')
    .where('user_emails.normalized_email', '=', email.toLowerCase())
    .execute();
}

async function tau(topicId: number) {
  const rows = await forum.ctx.db
    .selectFrom('topic_allowed_users')
    .select('user_id')
    .where('topic_id', '=', topicId)
    .execute();
  return rows.map((r) => r.user_id).sort((a, b) => a - b);
}

describe('sending a PM to email addresses', () => {
  it('stages an unknown address as an inactive participant named by its local part, watching the PM (A1)', async () => {
    const alice = await forum.user({ username: 'alice', trustLevel: 4 });
    const res = await forum.as(alice).post('/posts.json', pm('new@x.org'));
    expect(res.status).toBe(200);
    await assertMatchesSpec('createTopicPostPM', res.json);
    const [staged] = await usersByEmail('new@x.org');
    expect(staged).toMatchObject({ staged: 1, active: 0, name: 'new', username: 'new', password_hash: null });
    expect(await tau(res.json.topic_id)).toEqual([alice.id, staged!.id].sort((a, b) => a - b));
    const level = await forum.ctx.db
      .selectFrom('topic_users')
      .select('notification_level')
      .where('user_id', '=', staged!.id)
      .executeTakeFirst();
    expect(level?.notification_level).toBe(3);
  });

  it('adds the real account that owns an address instead of staging (A2)', async () => {
    const alice = await forum.user({ username: 'alice', trustLevel: 4 });
    const bob = await forum.user({ username: 'bob', email: 'bob@x.org' });
    const res = await forum.as(alice).post('/posts.json', pm('Bob@X.org'));
    expect(res.status).toBe(200);
    expect(await usersByEmail('bob@x.org')).toHaveLength(1);
    expect(await tau(res.json.topic_id)).toContain(bob.id);
  });

  it('answers an address with an account exactly as one without (no oracle), even when the account refuses PMs', async () => {
    const alice = await forum.user({ username: 'alice', trustLevel: 4 });
    const bob = await forum.user({ username: 'bob', email: 'bob@x.org' });
    await forum.ctx.db
      .updateTable('user_options')
      .set({ allow_private_messages: 0 })
      .where('user_id', '=', bob.id)
      .execute();
    const known = await forum.as(alice).post('/posts.json', pm('bob@x.org'));
    const unknown = await forum.as(alice).post('/posts.json', pm('nobody@x.org'));
    expect(known.status).toBe(unknown.status);
    expect(Object.keys(known.json).sort()).toEqual(Object.keys(unknown.json).sort());
    // Bob said no to PMs: the address path respects that like the username path does.
    expect(await tau(known.json.topic_id)).not.toContain(bob.id);
    const byName = await forum.as(alice).post('/posts.json', pm('bob'));
    expect(byName.status).toBe(422);
    expect(byName.json.errors[0]).toMatch(/not accepting personal messages/);
  });

  it('refuses addresses when enable_staged_users is off, persisting nothing (A3)', async () => {
    const alice = await forum.user({ username: 'alice', trustLevel: 4 });
    await forum.setting('enable_staged_users', 'false');
    const res = await forum.as(alice).post('/posts.json', pm('new@x.org'));
    expect(res.status).toBe(422);
    expect(res.json).toMatchObject({ error_type: 'invalid_access' });
    expect(res.json.errors[0]).toMatch(/enable_staged_users/);
    expect(await usersByEmail('new@x.org')).toHaveLength(0);
    expect(await forum.ctx.db.selectFrom('topics').select('id').execute()).toHaveLength(0);
  });

  it('refuses a TL2 user outside send_email_messages_allowed_groups (A4) and someone outside personal_message_enabled_groups (A5)', async () => {
    const carol = await forum.user({ username: 'carol', trustLevel: 2 });
    const res = await forum.as(carol).post('/posts.json', pm('new@x.org'));
    expect(res.status).toBe(422);
    expect(res.json.errors[0]).toMatch(/send_email_messages_allowed_groups/);
    const dave = await forum.user({ username: 'dave', trustLevel: 4 });
    await forum.setting('personal_message_enabled_groups', '3');
    const res2 = await forum.as(dave).post('/posts.json', pm('new@x.org'));
    expect(res2.status).toBe(422);
    expect(await usersByEmail('new@x.org')).toHaveLength(0);
  });

  it('lets the older min_trust_to_send_email_messages grant the permission', async () => {
    const carol = await forum.user({ username: 'carol', trustLevel: 2 });
    await forum.setting('min_trust_to_send_email_messages', '2');
    expect((await forum.as(carol).post('/posts.json', pm('new@x.org'))).status).toBe(200);
  });

  it('lets an admin PM addresses with the group setting "admins|staff" (A6)', async () => {
    await forum.setting('send_email_messages_allowed_groups', '1|3');
    const res = await forum.as('admin').post('/posts.json', pm('new@x.org'));
    expect(res.status).toBe(200);
  });

  it('stages a repeated address once (A7)', async () => {
    const alice = await forum.user({ username: 'alice', trustLevel: 4 });
    const res = await forum.as(alice).post('/posts.json', pm('a@x.org,a@x.org, A@x.org '));
    expect(res.status).toBe(200);
    expect(await usersByEmail('a@x.org')).toHaveLength(1);
    expect(await tau(res.json.topic_id)).toHaveLength(2);
  });

  it('rolls back everything when one address is invalid (A8)', async () => {
    const alice = await forum.user({ username: 'alice', trustLevel: 4 });
    const long = 'x'.repeat(250) + '@x.org';
    for (const bad of ['good@x.org,nodomain@', `good@x.org,${long}`]) {
      const res = await forum.as(alice).post('/posts.json', pm(bad));
      expect(res.status).toBe(422);
      expect(res.json.error_type).toBe('invalid_parameters');
    }
    expect(await usersByEmail('good@x.org')).toHaveLength(0);
    expect(await forum.ctx.db.selectFrom('topics').select('id').execute()).toHaveLength(0);
  });

  it('refuses a PM with no recipients (A9) and non-string recipients with a generic 422', async () => {
    const alice = await forum.user({ username: 'alice', trustLevel: 4 });
    const none = await forum.as(alice).post('/posts.json', pm(''));
    expect(none.status).toBe(422);
    expect(none.json.errors[0]).toMatch(/valid user/);
    const weird = await forum.as(alice).post('/posts.json', pm('x', { target_recipients: { $ne: 1 } }));
    expect(weird.status).toBe(422);
    expect(weird.json.errors[0]).toMatch(/strings/);
  });
});

describe('sending a PM to usernames and groups', () => {
  it('mixes a username, a group and an address in one PM and notifies each recipient', async () => {
    const alice = await forum.user({ username: 'alice', trustLevel: 4 });
    const bob = await forum.user({ username: 'bob' });
    const member = await forum.user({ username: 'member' });
    const support = await forum.group('support', { members: [member] });
    const res = await forum.as(alice).post('/posts.json', pm('bob,support,guest@example.org'));
    expect(res.status).toBe(200);
    const groups = await forum.ctx.db
      .selectFrom('topic_allowed_groups')
      .select('group_id')
      .where('topic_id', '=', res.json.topic_id)
      .execute();
    expect(groups.map((g) => g.group_id)).toEqual([support.id]);
    const notified = await forum.ctx.db
      .selectFrom('notifications')
      .select(['user_id', 'notification_type'])
      .execute();
    const staged = (await usersByEmail('guest@example.org'))[0]!;
    expect(notified.map((n) => n.user_id).sort()).toEqual([bob.id, member.id, staged.id].sort());
    expect(new Set(notified.map((n) => n.notification_type))).toEqual(new Set([6]));
  });

  it('enforces max_allowed_message_recipients for non-staff only', async () => {
    const alice = await forum.user({ username: 'alice', trustLevel: 4 });
    await forum.user({ username: 'bob' });
    await forum.user({ username: 'carl' });
    await forum.setting('max_allowed_message_recipients', '2');
    const res = await forum.as(alice).post('/posts.json', pm('bob,carl,x@y.org'));
    expect(res.status).toBe(422);
    expect(res.json.errors[0]).toMatch(/at most 2 recipients/);
    expect((await forum.as('admin').post('/posts.json', pm('bob,carl,x@y.org'))).status).toBe(200);
  });

  it('refuses groups the sender may not message, and unknown names', async () => {
    const alice = await forum.user({ username: 'alice', trustLevel: 4 });
    await forum.group('secret', { messageableLevel: 0 });
    const res = await forum.as(alice).post('/posts.json', pm('secret'));
    expect(res.status).toBe(422);
    expect(res.json.errors[0]).toMatch(/not allowed to send messages to the group "secret"/);
    const unknown = await forum.as(alice).post('/posts.json', pm('ghost'));
    expect(unknown.status).toBe(422);
    expect(unknown.json.errors[0]).toMatch(/"ghost"/);
  });

  it('refuses recipients who muted the sender, but staff get through', async () => {
    const alice = await forum.user({ username: 'alice', trustLevel: 4 });
    const bob = await forum.user({ username: 'bob' });
    await forum.ctx.db
      .insertInto('muted_users')
      .values({ user_id: bob.id, muted_user_id: alice.id, created_at: new Date().toISOString() })
      .execute();
    expect((await forum.as(alice).post('/posts.json', pm('bob'))).status).toBe(422);
    expect((await forum.as('admin').post('/posts.json', pm('bob'))).status).toBe(200);
  });

  it('requires a title and a body, and a login', async () => {
    const alice = await forum.user({ username: 'alice', trustLevel: 4 });
    expect((await forum.as(alice).post('/posts.json', pm('x@y.org', { title: '' }))).json.errors[0]).toMatch(
      /Title is required/,
    );
    expect((await forum.as(alice).post('/posts.json', pm('x@y.org', { raw: ' ' }))).json.errors[0]).toMatch(
      /Body can't be empty/,
    );
    const anon = await forum.as(null).post('/posts.json', pm('x@y.org'));
    expect(anon.status).toBe(403);
    expect(anon.json.error_type).toBe('not_logged_in');
  });
});
