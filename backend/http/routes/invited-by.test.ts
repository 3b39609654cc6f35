// Staged sign-ups are credited as invited ("differs" 4): who first brought the person in is
// recorded when the address is staged (a PM, an invite to a PM, or the group they wrote to),
// becomes invited_by when they sign up, and counts in the inviter's list and statistics —
// never before they sign up, so the list says nothing about addresses (no oracle).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../db/schema';
import { receiveEmail } from '../../email/inbound/receive-email';
import { startTestForum, type TestForum } from '../../testing/forum-fixture';
import { replyEmail } from '../../testing/reply-emails';

let forum: TestForum;
beforeEach(async () => {
  forum = await startTestForum();
});
afterEach(async () => {
  await forum.destroy();
});

const PASSWORD = 'a-long-enough-password';

async function pm(from: User, to: string, title = 'A question for you'): Promise<number> {
  const res = await forum.as(from).post('/posts.json', {
    title,
    raw: 'Could you have a look at this?',
    archetype: 'private_message',
    target_recipients: to,
  });
  expect(res.status).toBe(200);
  return res.json.topic_id;
}

async function signUp(email: string, username: string): Promise<User> {
  const res = await forum
    .as(null)
    .post('/users.json', { email, username, password: PASSWORD, name: username });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return forum.ctx.db
    .selectFrom('users')
    .selectAll()
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
}

const invited = async (viewer: string, username: string, query = '') =>
  forum.as(viewer).get(`/u/${username}/invited.json${query}`);

describe('invited-by credit for staged sign-ups', () => {
  it('credits the sender of the first PM, not later ones, and lists the person once they sign up', async () => {
    const alice = await forum.user({ username: 'alice', trustLevel: 4 });
    const bob = await forum.user({ username: 'bob', trustLevel: 4 });
    await pm(alice, 's@x.org', 'First contact');
    await pm(bob, 's@x.org', 'Second contact');

    // Before sign-up the address is nobody's credit: the list does not reveal it was staged.
    const before = await invited('alice', 'alice');
    expect(before.status).toBe(200);
    expect(before.json).toEqual({
      invites: [],
      can_see_invite_details: true,
      counts: { pending: 0, expired: 0, redeemed: 0, total: 0 },
    });

    const sam = await signUp('s@x.org', 'sam');
    expect(sam.invited_by_id).toBe(alice.id);
    // Staff see the credit on the profile (the person does too, once activated).
    expect((await forum.as('admin').get('/u/sam.json')).json.user.invited_by).toBe('alice');

    const list = await invited('alice', 'alice');
    expect(list.json.counts).toEqual({ pending: 0, expired: 0, redeemed: 1, total: 0 });
    expect(list.json.invites).toEqual([
      expect.objectContaining({
        id: sam.id,
        invite_source: 'staged',
        redeemed_at: expect.any(String),
        user: expect.objectContaining({ id: sam.id, username: 'sam', post_count: 0 }),
      }),
    ]);
    expect((await invited('bob', 'bob')).json.counts.redeemed).toBe(0);
    expect((await forum.as('alice').get('/u/alice/invited_count.json')).json).toEqual({
      counts: { pending: 0, expired: 0, redeemed: 1, total: 0 },
    });
    expect((await invited('alice', 'alice', '?search=zzz')).json.invites).toEqual([]);
    expect((await invited('alice', 'alice', '?search=SA')).json.invites).toHaveLength(1);
  });

  it('credits whoever added the address to an existing PM', async () => {
    const alice = await forum.user({ username: 'alice', trustLevel: 4 });
    const carol = await forum.user({ username: 'carol', trustLevel: 4 });
    const topic = await pm(alice, 'carol');
    const res = await forum.as(carol).post(`/t/${topic}/invite.json`, { email: 'friend@x.org' });
    expect(res.status).toBe(200);
    const friend = await signUp('friend@x.org', 'friend');
    expect(friend.invited_by_id).toBe(carol.id);
  });

  it('records the group a person first wrote to, and credits no user for it', async () => {
    await forum.setting('email_in', 'true');
    await forum.setting('reply_by_email_enabled', 'true');
    await forum.setting('reply_by_email_address', 'reply+%{reply_key}@foyer.test');
    const team = await forum.group('team');
    await forum.ctx.db
      .updateTable('groups')
      .set({ incoming_email: 'team@foyer.test' })
      .where('id', '=', team.id)
      .execute();
    const mail = replyEmail({
      from: 'Gail <gail@x.org>',
      to: 'team@foyer.test',
      subject: 'Hello',
      body: 'Can you help me?',
    });
    const outcome = await receiveEmail(forum.ctx, Buffer.from(mail.raw), { source: 'handle_mail' });
    expect(outcome.status).toBe('processed');
    const gail = await signUp('gail@x.org', 'gail');
    expect(gail.invited_by_id).toBeNull();
    const contact = await forum.ctx.db
      .selectFrom('user_first_contacts')
      .selectAll()
      .where('user_id', '=', gail.id)
      .executeTakeFirstOrThrow();
    expect(contact).toMatchObject({ invited_by_group_id: team.id, invited_by_user_id: null });
    expect(contact.signed_up_at).not.toBeNull();
  });

  it('shows the lists to the inviter and staff only', async () => {
    await forum.user({ username: 'alice' });
    await forum.user({ username: 'carol' });
    const staged = await forum.stagedUser('g@x.org');
    for (const viewer of [null, 'carol', staged.username]) {
      for (const path of ['/u/alice/invited.json', '/u/alice/invited_count.json']) {
        const res = await forum.as(viewer).get(path);
        expect(res.status, `${path} as ${String(viewer)}`).toBe(403);
      }
    }
    expect((await invited('admin', 'alice')).status).toBe(200);
    expect((await invited('alice', 'alice', '?filter=everything')).status).toBe(400);
    expect((await invited('admin', 'nobody-here')).status).toBe(404);
  });
});
