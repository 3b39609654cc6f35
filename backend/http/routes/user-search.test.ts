// Recipient and @mention autocomplete through GET /u/search/users.json: people by username or
// name prefix, never staged people and never by address; groups only when asked, and only
// those the searcher may see, message or mention.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestForum, type TestForum } from '../../testing/forum-fixture';

let forum: TestForum;

beforeEach(async () => {
  forum = await startTestForum();
  await forum.user({ username: 'alice', name: 'Alice Archer' });
  await forum.user({ username: 'alfred', name: 'Alfred Brown' });
  await forum.user({ username: 'bob', name: 'Bob Alvarez' });
  await forum.stagedUser('alma@example.org');
});
afterEach(async () => {
  await forum.destroy();
});

const URL_ALL =
  '&include_groups=true&include_mentionable_groups=true&include_messageable_groups=true&topic_allowed_users=false';

describe('GET /u/search/users.json', () => {
  it('finds people by username and name prefix, exact username first', async () => {
    const res = await forum.as('bob').get('/u/search/users.json?term=al');
    expect(res.status).toBe(200);
    expect(res.json.users.map((u: { username: string }) => u.username)).toEqual(['alfred', 'alice', 'bob']);
    expect(res.json.users[0]).toEqual({
      username: 'alfred',
      name: 'Alfred Brown',
      avatar_template: expect.stringContaining('/letter/a/'),
    });
    expect(res.json.groups).toBeUndefined();
    const exact = await forum.as('bob').get('/u/search/users.json?term=alice');
    expect(exact.json.users.map((u: { username: string }) => u.username)).toEqual(['alice']);
    const mention = await forum.as('bob').get('/u/search/users.json?term=@ali&limit=1');
    expect(mention.json.users).toHaveLength(1);
  });

  it('never offers staged people and never looks up an address', async () => {
    const byName = await forum.as('bob').get('/u/search/users.json?term=alma');
    expect(byName.json.users).toEqual([]);
    const byAddress = await forum
      .as('bob')
      .get(`/u/search/users.json?term=${encodeURIComponent('alice@example.com')}`);
    expect(byAddress.json.users).toEqual([]);
    expect((await forum.as(null).get('/u/search/users.json?term=al')).status).toBe(403);
  });

  it('includes groups the searcher may see and message, when asked', async () => {
    const bob = await forum.user({ username: 'carl' });
    await forum.group('alpha-team', { members: [bob] });
    await forum.group('alpha-secret', { visibilityLevel: 2 });
    await forum.group('alpha-closed', { messageableLevel: 0 });
    const res = await forum.as('carl').get(`/u/search/users.json?term=alpha${URL_ALL}`);
    expect(res.json.groups.map((g: { name: string }) => g.name)).toEqual(['alpha-closed', 'alpha-team']);
    const messageable = await forum
      .as('carl')
      .get('/u/search/users.json?term=alpha&include_messageable_groups=true');
    expect(messageable.json.groups).toEqual([{ name: 'alpha-team', full_name: '' }]);
    const admin = await forum.as('admin').get(`/u/search/users.json?term=alpha${URL_ALL}`);
    expect(admin.json.groups.map((g: { name: string }) => g.name)).toEqual([
      'alpha-closed',
      'alpha-secret',
      'alpha-team',
    ]);
  });
});
