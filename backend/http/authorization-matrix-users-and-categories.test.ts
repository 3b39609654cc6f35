// The authorization matrix (backend/testing/authorization-matrix.ts) for a person's own lists
// and settings, people search, and what a restricted category hides: the category, its tag,
// and watching either.
import { describeMatrix, loggedIn, ownerOnly, teamOnly } from '../testing/authorization-matrix';

describeMatrix("a person's own lists and settings, restricted categories and tags", (m) => [
  {
    name: 'GET /u/{username}/emails.json',
    request: (r) => r.get('/u/participant/emails.json'),
    expect: ownerOnly,
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
    name: 'GET /u/search/users.json',
    request: (r) => r.get('/u/search/users.json?term=par'),
    expect: loggedIn,
  },
  {
    name: 'GET /c/{id}/show.json (restricted)',
    request: (r) => r.get(`/c/${m.teamCategoryId}/show.json`),
    expect: teamOnly,
  },
  {
    name: 'GET /c/{slug}/{id}.json (restricted)',
    request: (r) => r.get(`/c/team-room/${m.teamCategoryId}.json`),
    expect: teamOnly,
  },
  {
    name: 'POST /category/{id}/notifications (restricted)',
    request: (r) => r.post(`/category/${m.teamCategoryId}/notifications`, { notification_level: 3 }),
    expect: teamOnly,
  },
  {
    name: 'PUT /u/{username}.json',
    request: (r) => r.put('/u/participant.json', { watched_category_ids: [] }),
    expect: ownerOnly,
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
]);
