// A live server driven by discourse2, a Discourse client nobody here wrote: the admin sends
// one PM to a username, a group and a new address; the address becomes a staged participant;
// the recipient finds the PM in their inbox. Every response is checked against Discourse's spec.
import Discourse from 'discourse2';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertMatchesSpec } from '../testing/discourse-spec';
import { runAdmin, startServerProcess, type RunningServer } from '../testing/spawn-server';

let server: RunningServer;
let dataDir: string;
let apiKey: string;
const client = (username: string) =>
  new Discourse(server.url, { 'Api-Key': apiKey, 'Api-Username': username });

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'foyer-d2-'));
  expect(
    runAdmin([
      'create-admin',
      '--data',
      dataDir,
      '--username',
      'owner',
      '--email',
      'owner@example.com',
      '--password',
      'owner-password-long',
    ]).status,
  ).toBe(0);
  const key = runAdmin(['api-key', '--data', dataDir, '--username', 'owner']);
  apiKey = key.stdout.trim().split('\n').pop()!;
  server = await startServerProcess(['--data', dataDir, '--port', '0']);
}, 60_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the discourse2 client against a live Foyer', () => {
  it('creates a PM to a username, a group and a new email address, and the recipients see it', async () => {
    const owner = client('owner');
    for (const [username, name] of [
      ['bob', 'Bob Baker'],
      ['carol', 'Carol Cole'],
    ] as const) {
      const created = await owner.createUser({
        name,
        email: `${username}@example.com`,
        password: 'a-long-password-123',
        username,
        active: true,
        approved: true,
      });
      await assertMatchesSpec('createUser', created);
      expect(created).toMatchObject({ success: true, active: true });
    }
    const group = await owner.createGroup({
      group: { name: 'support', full_name: 'Support team', usernames: 'carol' },
    });
    await assertMatchesSpec('createGroup', group);

    const post = await owner.createTopicPostPM({
      title: 'Welcome to the workshop',
      raw: 'Hello @bob, the **support** team and our guest.\n\n[quote="owner, post:1, topic:1"]Quoted text[/quote]',
      archetype: 'private_message',
      target_recipients: 'bob,support,guest@example.org',
    });
    await assertMatchesSpec('createTopicPostPM', post);
    expect(post.cooked).toContain('<aside class="quote');
    expect(post.cooked).toContain('class="mention"');

    const topic = await owner.getTopic({ id: String(post.topic_id) });
    await assertMatchesSpec('getTopic', topic);
    expect(topic.archetype).toBe('private_message');

    const staged = (await owner.adminListUsers(
      { flag: 'staged' as 'active', show_emails: true },
      { validateParams: false },
    )) as unknown as Array<{ username: string; email?: string; staged?: boolean }>;
    const guest = staged.find((u) => u.username === 'guest');
    expect(guest?.email).toBe('guest@example.org');

    const bobInbox = await client('bob').listUserPrivateMessages({ username: 'bob' });
    await assertMatchesSpec('listUserPrivateMessages', bobInbox);
    expect(bobInbox.topic_list?.topics?.map((t) => t.id)).toContain(post.topic_id);

    const sent = await owner.getUserSentPrivateMessages({ username: 'owner' });
    await assertMatchesSpec('getUserSentPrivateMessages', sent);
    const listed = sent.topic_list?.topics?.find((t) => t.id === post.topic_id) as unknown as {
      allowed_user_count: number;
      participants: Array<{ user_id: number }>;
    };
    // The owner, bob and the staged guest are the allowed users; the guest is marked staged.
    expect(listed.allowed_user_count).toBe(3);
    const listedUsers = sent.users as unknown as Array<{ id: number; username: string; staged?: boolean }>;
    const guestUser = listedUsers.find((u) => u.username === 'guest');
    expect(guestUser?.staged).toBe(true);
    expect(listed.participants.map((p) => p.user_id)).toContain(guestUser?.id);

    const notifications = await client('bob').getNotifications();
    await assertMatchesSpec('getNotifications', notifications);
    expect(notifications.notifications?.some((n) => n.topic_id === post.topic_id)).toBe(true);

    const reply = await client('carol').createTopicPostPM({
      topic_id: post.topic_id,
      raw: 'Support here: happy to help.',
      reply_to_post_number: 1,
    });
    await assertMatchesSpec('createTopicPostPM', reply);
    const posts = await owner.getSpecificPostsFromTopic({
      id: String(post.topic_id),
      'post_ids[]': reply.id,
    });
    await assertMatchesSpec('getSpecificPostsFromTopic', posts);
  });

  it('serves the site and user endpoints in the shapes Discourse clients expect', async () => {
    const owner = client('owner');
    await assertMatchesSpec('getSite', await owner.getSite());
    await assertMatchesSpec('getSiteBasicInfo', await owner.getSiteBasicInfo());
    const bob = await owner.getUser({ username: 'bob' });
    await assertMatchesSpec('getUser', bob);
    await assertMatchesSpec('getUserEmails', await owner.getUserEmails({ username: 'bob' }));
    await assertMatchesSpec('adminGetUser', await owner.adminGetUser({ id: bob.user.id }));
    await assertMatchesSpec('adminListUsers', await owner.adminListUsers({ flag: 'active' }));
    await assertMatchesSpec('listGroups', await owner.listGroups());
    await assertMatchesSpec('getGroup', await owner.getGroup({ id: 'support' }));
    await assertMatchesSpec('listGroupMembers', await owner.listGroupMembers({ id: 'support' }));
  });
});
