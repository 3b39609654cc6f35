// The authorization matrix (backend/testing/authorization-matrix.ts) for staff: admin routes,
// groups, invitations, a staged person's profile, category management, and the destructive
// account actions (anonymize, merge, delete), each consuming its own account per attempt.
import { describeMatrix, adminOnly } from '../testing/authorization-matrix';

/** A 400 (a request refused for what it says, after authorization let it through) counts as allowed. */
async function passedAuthorization<R extends { status: number }>(response: Promise<R>): Promise<R> {
  const res = await response;
  return res.status === 400 ? { ...res, status: 200 } : res;
}

let invites = 0;
let deletions = 0;
let anonymizations = 0;
let merges = 0;
describeMatrix('staff and admin routes', (m) => [
  {
    name: 'GET /u/{staged}.json',
    request: (r) => r.get(`/u/${m.stagedUsername}.json`),
    expect: adminOnly,
  },
  {
    name: 'GET /admin/users/list/staged.json',
    request: (r) => r.get('/admin/users/list/staged.json'),
    expect: adminOnly,
  },
  {
    name: 'GET /admin/users/{id}.json',
    request: (r) => r.get(`/admin/users/${m.people.participant!.id}.json`),
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
    expect: adminOnly,
  },
  {
    name: 'PUT /groups/{id}.json',
    request: (r) => r.put('/groups/team.json', { group: { name: 'team', full_name: 'The team' } }),
    expect: adminOnly,
  },
  {
    name: 'POST /groups/{id}/test_email_settings.json',
    // No mailbox is set, so even an admin gets a 400 saying what is missing; nobody else gets that far.
    request: (r) =>
      passedAuthorization(r.post('/groups/team/test_email_settings.json', { protocol: 'smtp' })),
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
    request: (r) =>
      passedAuthorization(r.delete(`/admin/users/${m.people.participant!.id}/email-opt-out.json`)),
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
    name: 'GET /admin/email/received.json?user_id=',
    request: (r) => r.get(`/admin/email/received.json?user_id=${m.people.participant!.id}`),
    expect: adminOnly,
  },
  {
    name: 'PUT /admin/users/{id}/anonymize.json',
    request: (r) => r.put(`/admin/users/${m.victims[anonymizations++]}/anonymize.json`),
    expect: adminOnly,
  },
  {
    name: 'POST /admin/users/{id}/merge.json',
    request: (r) =>
      r.post(`/admin/users/${m.mergeSources[merges++]}/merge.json`, { target_username: m.mergeTarget }),
    expect: adminOnly,
  },
  {
    name: 'DELETE /admin/users/{id}.json',
    request: (r) => r.delete(`/admin/users/${m.victims[deletions++]}.json`, { delete_posts: false }),
    expect: adminOnly,
  },
  {
    name: 'POST /categories.json',
    request: (r) => r.post('/categories.json', { name: `c${Math.floor(Math.random() * 1e9)}` }),
    expect: adminOnly,
  },
  {
    name: 'PUT /categories/{id}.json',
    request: (r) => r.put(`/categories/${m.teamCategoryId}.json`, { color: '00FF00' }),
    expect: adminOnly,
  },
]);
