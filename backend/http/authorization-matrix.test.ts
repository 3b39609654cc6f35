// Every endpoint × {anonymous, staged, ordinary user, non-participant, group member, admin}:
// a PM is visible only to its participants, members of its allowed groups, and admins;
// personal lists only to their owner; admin routes only to admins. "denied" accepts 403 or
// 404, but a PM refused to a logged-in outsider must be a 404 identical to a missing id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../db/schema';
import { testCategory } from '../testing/category-fixtures';
import { startTestForum, type TestForum } from '../testing/forum-fixture';

type Role = 'anonymous' | 'staged' | 'participant' | 'nonParticipant' | 'groupMember' | 'admin';
const ROLES: Role[] = ['anonymous', 'staged', 'participant', 'nonParticipant', 'groupMember', 'admin'];
type Outcome = 'ok' | 'denied' | 'hidden';

let forum: TestForum;
const people = {} as Record<Role, User | null>;
let topicId = 0;
let postId = 0;
let replyId = 0;
let stagedUsername = '';
// Accounts the destructive admin actions may consume, one per role's attempt.
const victims: number[] = [];
const mergeSources: number[] = [];
let mergeTarget = '';
let teamCategoryId = 0;

beforeAll(async () => {
  forum = await startTestForum();
  const sender = await forum.user({ username: 'sender', trustLevel: 4 });
  const participant = await forum.user({ username: 'participant' });
  const nonParticipant = await forum.user({ username: 'outsider' });
  const groupMember = await forum.user({ username: 'member' });
  await forum.group('team', { members: [groupMember] });
  for (let i = 1; i <= ROLES.length; i++) await forum.group(`helpers${i}`, { messageableLevel: 99 });
  await forum.user({ username: 'invitee' });
  for (let i = 1; i <= ROLES.length; i++) {
    victims.push((await forum.user({ username: `doomed${i}` })).id);
    mergeSources.push((await forum.stagedUser(`merge${i}@example.org`)).id);
  }
  mergeTarget = (await forum.stagedUser('merge-target@example.org')).username;
  const pm = await forum.as(sender).post('/posts.json', {
    title: 'Private matter',
    raw: 'Only for us.',
    archetype: 'private_message',
    target_recipients: 'participant,team,guest@example.org',
  });
  expect(pm.status).toBe(200);
  topicId = pm.json.topic_id;
  postId = pm.json.id;
  replyId = (
    await forum.as(participant).post('/posts.json', { topic_id: topicId, raw: 'A reply by the participant.' })
  ).json.id;
  const staged = await forum.ctx.db
    .selectFrom('users')
    .selectAll()
    .where('staged', '=', 1)
    .executeTakeFirstOrThrow();
  stagedUsername = staged.username;
  teamCategoryId = (await testCategory(forum, { name: 'Team room', permissions: { team: 1 } })).id;
  // A tag used only in the team's category.
  const offsite = await forum.as('admin').post('/posts.json', {
    title: 'Planning the team offsite',
    raw: 'Where shall we meet this year, and when?',
    category: teamCategoryId,
    tags: ['offsite'],
  });
  expect(offsite.status).toBe(200);
  const admin = await forum.ctx.db
    .selectFrom('users')
    .selectAll()
    .where('username', '=', 'admin')
    .executeTakeFirstOrThrow();
  Object.assign(people, { anonymous: null, staged, participant, nonParticipant, groupMember, admin });
}, 60_000);

afterAll(async () => {
  await forum.destroy();
});

interface Case {
  name: string;
  request: (r: ReturnType<TestForum['as']>) => Promise<{ status: number; json: unknown }>;
  expect: Record<Role, Outcome>;
}

const pmRead = {
  anonymous: 'denied',
  staged: 'denied',
  participant: 'ok',
  nonParticipant: 'hidden',
  groupMember: 'ok',
  admin: 'ok',
} as const;
const ownerOnly = {
  anonymous: 'denied',
  staged: 'denied',
  participant: 'ok',
  nonParticipant: 'denied',
  groupMember: 'denied',
  admin: 'ok',
} as const;
const adminOnly = {
  anonymous: 'denied',
  staged: 'denied',
  participant: 'denied',
  nonParticipant: 'denied',
  groupMember: 'denied',
  admin: 'ok',
} as const;
const loggedIn = {
  anonymous: 'denied',
  staged: 'denied',
  participant: 'ok',
  nonParticipant: 'ok',
  groupMember: 'ok',
  admin: 'ok',
} as const;

/** A category restricted to the group "team". */
const teamOnly = {
  anonymous: 'denied',
  staged: 'denied',
  participant: 'denied',
  nonParticipant: 'denied',
  groupMember: 'ok',
  admin: 'ok',
} as const;

let invitedGroups = 0;
let invites = 0;
let deletions = 0;
let anonymizations = 0;
let merges = 0;
const cases = (): Case[] => [
  { name: 'GET /t/{id}.json', request: (r) => r.get(`/t/${topicId}.json`), expect: pmRead },
  {
    name: 'GET /t/{id}.json?include_allowed_users=true',
    request: (r) => r.get(`/t/${topicId}.json?include_allowed_users=true`),
    expect: pmRead,
  },
  {
    name: 'GET /foyer/email-preview.json?topic_id=',
    request: (r) => r.get(`/foyer/email-preview.json?topic_id=${topicId}`),
    expect: pmRead,
  },
  {
    name: 'GET /t/{id}/posts.json',
    request: (r) => r.get(`/t/${topicId}/posts.json?post_ids[]=${postId}`),
    expect: pmRead,
  },
  { name: 'GET /posts/{id}.json', request: (r) => r.get(`/posts/${postId}.json`), expect: pmRead },
  {
    name: 'POST /posts.json (reply)',
    request: (r) => r.post('/posts.json', { topic_id: topicId, raw: 'Another reply here.' }),
    expect: pmRead,
  },
  {
    name: 'PUT /posts/{id}.json (someone else’s post)',
    request: (r) => r.put(`/posts/${replyId}.json`, { post: { raw: 'Edited text here' } }),
    expect: {
      anonymous: 'denied',
      staged: 'denied',
      participant: 'ok',
      nonParticipant: 'hidden',
      groupMember: 'denied',
      admin: 'ok',
    },
  },
  {
    name: 'PUT /t/{id}/archive-message.json',
    request: (r) => r.put(`/t/${topicId}/archive-message.json`),
    expect: pmRead,
  },
  {
    name: 'PUT /t/{id}/move-to-inbox.json',
    request: (r) => r.put(`/t/${topicId}/move-to-inbox.json`),
    expect: pmRead,
  },
  {
    name: 'POST /t/{id}/invite-group.json',
    request: (r) => r.post(`/t/${topicId}/invite-group.json`, { group: `helpers${++invitedGroups}` }),
    expect: pmRead,
  },
  {
    name: 'GET /topics/private-messages/{username}.json',
    request: (r) => r.get('/topics/private-messages/participant.json'),
    expect: ownerOnly,
  },
  {
    name: 'GET /topics/private-messages-sent/{username}.json',
    request: (r) => r.get('/topics/private-messages-sent/participant.json'),
    expect: ownerOnly,
  },
  {
    name: 'GET /topics/private-messages-archive/{username}.json',
    request: (r) => r.get('/topics/private-messages-archive/participant.json'),
    expect: ownerOnly,
  },
  {
    name: 'GET /topics/private-messages-group/{username}/{group}.json',
    request: (r) => r.get('/topics/private-messages-group/member/team.json'),
    expect: {
      anonymous: 'denied',
      staged: 'denied',
      participant: 'denied',
      nonParticipant: 'denied',
      groupMember: 'ok',
      admin: 'ok',
    },
  },
  {
    name: 'GET /u/{username}/emails.json',
    request: (r) => r.get('/u/participant/emails.json'),
    expect: ownerOnly,
  },
  {
    name: 'GET /u/{staged}.json',
    request: (r) => r.get(`/u/${stagedUsername}.json`),
    expect: {
      anonymous: 'denied',
      staged: 'denied',
      participant: 'denied',
      nonParticipant: 'denied',
      groupMember: 'denied',
      admin: 'ok',
    },
  },
  {
    name: 'GET /admin/users/list/staged.json',
    request: (r) => r.get('/admin/users/list/staged.json'),
    expect: adminOnly,
  },
  {
    name: 'GET /admin/users/{id}.json',
    request: (r) => r.get(`/admin/users/${people.participant!.id}.json`),
    expect: adminOnly,
  },
  {
    name: 'GET /admin/site_settings.json',
    request: (r) => r.get('/admin/site_settings.json'),
    expect: adminOnly,
  },
  {
    name: 'PUT /admin/site_settings/{name}',
    request: (r) => r.put('/admin/site_settings/title', { title: 'Renamed' }),
    expect: adminOnly,
  },
  {
    name: 'POST /admin/groups.json',
    request: (r) => r.post('/admin/groups.json', { group: { name: `g${Math.floor(Math.random() * 1e9)}` } }),
    expect: adminOnly,
  },
  {
    name: 'PUT /groups/{id}/members.json',
    request: (r) => r.put('/groups/team/members.json', { usernames: 'invitee' }),
    expect: {
      anonymous: 'denied',
      staged: 'denied',
      participant: 'denied',
      nonParticipant: 'denied',
      groupMember: 'denied',
      admin: 'ok',
    },
  },
  {
    name: 'PUT /groups/{id}.json',
    request: (r) => r.put('/groups/team.json', { group: { name: 'team', full_name: 'The team' } }),
    expect: adminOnly,
  },
  {
    name: 'POST /groups/{id}/test_email_settings.json',
    // No mailbox is set, so even an admin gets a 400 saying what is missing; nobody else gets that far.
    request: async (r) => {
      const res = await r.post('/groups/team/test_email_settings.json', { protocol: 'smtp' });
      return res.status === 400 ? { ...res, status: 200 } : res;
    },
    expect: adminOnly,
  },
  {
    name: 'GET /admin/email/opt-outs.json',
    request: (r) => r.get('/admin/email/opt-outs.json'),
    expect: adminOnly,
  },
  {
    name: 'DELETE /admin/users/{id}/email-opt-out.json',
    // Nobody opted out here, so staff get a 400 saying there is nothing to undo.
    request: async (r) => {
      const res = await r.delete(`/admin/users/${people.participant!.id}/email-opt-out.json`);
      return res.status === 400 ? { ...res, status: 200 } : res;
    },
    expect: adminOnly,
  },
  {
    name: 'GET /admin/customize/site_texts/{id}.json',
    request: (r) => r.get('/admin/customize/site_texts/system_messages.foyer_first_contact.json'),
    expect: adminOnly,
  },
  {
    name: 'PUT /admin/customize/site_texts/{id}.json',
    request: (r) =>
      r.put('/admin/customize/site_texts/system_messages.foyer_first_contact.json', {
        site_text: { value: '%{sender} wrote to you.' },
      }),
    expect: adminOnly,
  },
  {
    name: 'POST /invites.json',
    request: (r) => r.post('/invites.json', { email: `invited${++invites}@example.org` }),
    expect: adminOnly,
  },
  {
    name: 'POST /invites/create-multiple.json',
    request: (r) => r.post('/invites/create-multiple.json', { email: [`bulk${++invites}@example.org`] }),
    expect: adminOnly,
  },
  {
    name: 'GET /u/{username}/invited.json',
    request: (r) => r.get('/u/participant/invited.json'),
    expect: ownerOnly,
  },
  {
    name: 'GET /u/{username}/invited_count.json',
    request: (r) => r.get('/u/participant/invited_count.json'),
    expect: ownerOnly,
  },
  {
    name: 'GET /admin/email/received.json?user_id=',
    request: (r) => r.get(`/admin/email/received.json?user_id=${people.participant!.id}`),
    expect: adminOnly,
  },
  {
    name: 'PUT /admin/users/{id}/anonymize.json',
    request: (r) => r.put(`/admin/users/${victims[anonymizations++]}/anonymize.json`),
    expect: adminOnly,
  },
  {
    name: 'POST /admin/users/{id}/merge.json',
    request: (r) =>
      r.post(`/admin/users/${mergeSources[merges++]}/merge.json`, { target_username: mergeTarget }),
    expect: adminOnly,
  },
  {
    name: 'DELETE /admin/users/{id}.json',
    request: (r) => r.delete(`/admin/users/${victims[deletions++]}.json`, { delete_posts: false }),
    expect: adminOnly,
  },
  {
    name: 'POST /topics/timings',
    request: (r) => r.post('/topics/timings', { topic_id: topicId, timings: { 1: 1000 } }),
    expect: pmRead,
  },
  {
    name: 'POST /foyer/scheduled-posts.json (reply)',
    request: (r) =>
      r.post('/foyer/scheduled-posts.json', {
        topic_id: topicId,
        raw: 'A reply for later.',
        send_at: new Date(Date.now() + 3_600_000).toISOString(),
      }),
    expect: pmRead,
  },
  {
    name: 'GET /u/{username}/private-message-topic-tracking-state.json',
    request: (r) => r.get('/u/participant/private-message-topic-tracking-state.json'),
    expect: ownerOnly,
  },
  { name: 'GET /foyer/mailboxes.json', request: (r) => r.get('/foyer/mailboxes.json'), expect: loggedIn },
  { name: 'GET /drafts.json', request: (r) => r.get('/drafts.json'), expect: loggedIn },
  {
    name: 'GET /foyer/scheduled-posts.json',
    request: (r) => r.get('/foyer/scheduled-posts.json'),
    expect: loggedIn,
  },
  { name: 'GET /search.json', request: (r) => r.get('/search.json?q=private'), expect: loggedIn },
  {
    name: 'GET /u/search/users.json',
    request: (r) => r.get('/u/search/users.json?term=par'),
    expect: loggedIn,
  },
  {
    name: 'POST /categories.json',
    request: (r) => r.post('/categories.json', { name: `c${Math.floor(Math.random() * 1e9)}` }),
    expect: adminOnly,
  },
  {
    name: 'PUT /categories/{id}.json',
    request: (r) => r.put(`/categories/${teamCategoryId}.json`, { color: '00FF00' }),
    expect: adminOnly,
  },
  {
    name: 'GET /c/{id}/show.json (restricted)',
    request: (r) => r.get(`/c/${teamCategoryId}/show.json`),
    expect: teamOnly,
  },
  {
    name: 'GET /c/{slug}/{id}.json (restricted)',
    request: (r) => r.get(`/c/team-room/${teamCategoryId}.json`),
    expect: teamOnly,
  },
  {
    name: 'POST /category/{id}/notifications (restricted)',
    request: (r) => r.post(`/category/${teamCategoryId}/notifications`, { notification_level: 3 }),
    expect: teamOnly,
  },
  {
    name: 'PUT /u/{username}.json',
    request: (r) => r.put('/u/participant.json', { watched_category_ids: [] }),
    expect: ownerOnly,
  },
  {
    name: 'PUT /t/-/{id}.json (tags of a PM)',
    request: (r) => r.put(`/t/-/${topicId}.json`, { tags: [] }),
    // The topic's starter and staff may change tags; a PM's outsider learns nothing.
    expect: { ...adminOnly, nonParticipant: 'hidden' },
  },
  { name: 'GET /tags.json', request: (r) => r.get('/tags.json'), expect: { ...loggedIn, anonymous: 'ok' } },
  {
    name: 'GET /tag/{name}.json (used only in a restricted category)',
    request: (r) => r.get('/tag/offsite.json'),
    expect: teamOnly,
  },
  {
    name: 'PUT /tag/{name}/notifications (used only in a restricted category)',
    request: (r) => r.put('/tag/offsite/notifications', { notification_level: 3 }),
    expect: teamOnly,
  },
  {
    name: 'GET /latest.json',
    request: (r) => r.get('/latest.json'),
    // Anyone may read the latest topics they can see; a staged user cannot act through the API.
    expect: { ...loggedIn, anonymous: 'ok' },
  },
  { name: 'GET /notifications.json', request: (r) => r.get('/notifications.json'), expect: loggedIn },
  {
    name: 'PUT /notifications/mark-read.json',
    request: (r) => r.put('/notifications/mark-read.json', {}),
    expect: loggedIn,
  },
];

describe('authorization matrix', () => {
  it('answers every endpoint for every role as the rules say', async () => {
    // A hidden PM (or its post) must look exactly like a topic (or post) that does not exist.
    const missing = [
      JSON.stringify((await forum.as(people.nonParticipant).get('/t/987654.json')).json),
      JSON.stringify((await forum.as(people.nonParticipant).get('/posts/987654.json')).json),
    ];
    const failures: string[] = [];
    for (const c of cases()) {
      for (const role of ROLES) {
        const res = await c.request(forum.as(people[role]));
        const want = c.expect[role];
        const ok = res.status >= 200 && res.status < 300;
        const pass =
          want === 'ok'
            ? ok
            : want === 'hidden'
              ? res.status === 404 && missing.includes(JSON.stringify(res.json))
              : res.status === 403 || res.status === 404;
        if (!pass)
          failures.push(
            `${c.name} as ${role}: expected ${want}, got ${res.status} ${JSON.stringify(res.json).slice(0, 160)}`,
          );
      }
    }
    expect(failures).toEqual([]);
  }, 60_000);
});
