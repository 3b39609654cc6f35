// The authorization matrix (backend/testing/authorization-matrix.ts) for private messages: a PM,
// its posts and the actions on it, the personal PM lists, mailboxes, drafts, scheduled posts,
// search and notifications.
import {
  describeMatrix,
  teamOnly,
  adminOnly,
  loggedIn,
  ownerOnly,
  pmRead,
} from '../testing/authorization-matrix';

let invitedGroups = 0;
describeMatrix('private messages, their lists and mailboxes', (m) => [
  { name: 'GET /t/{id}.json', request: (r) => r.get(`/t/${m.topicId}.json`), expect: pmRead },
  {
    name: 'GET /t/{id}.json?include_allowed_users=true',
    request: (r) => r.get(`/t/${m.topicId}.json?include_allowed_users=true`),
    expect: pmRead,
  },
  {
    name: 'GET /foyer/email-preview.json?topic_id=',
    request: (r) => r.get(`/foyer/email-preview.json?topic_id=${m.topicId}`),
    expect: pmRead,
  },
  {
    name: 'GET /t/{id}/posts.json',
    request: (r) => r.get(`/t/${m.topicId}/posts.json?post_ids[]=${m.postId}`),
    expect: pmRead,
  },
  { name: 'GET /posts/{id}.json', request: (r) => r.get(`/posts/${m.postId}.json`), expect: pmRead },
  {
    name: 'POST /posts.json (reply)',
    request: (r) => r.post('/posts.json', { topic_id: m.topicId, raw: 'Another reply here.' }),
    expect: pmRead,
  },
  {
    name: 'PUT /posts/{id}.json (someone else’s post)',
    request: (r) => r.put(`/posts/${m.replyId}.json`, { post: { raw: 'Edited text here' } }),
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
    request: (r) => r.put(`/t/${m.topicId}/archive-message.json`),
    expect: pmRead,
  },
  {
    name: 'PUT /t/{id}/move-to-inbox.json',
    request: (r) => r.put(`/t/${m.topicId}/move-to-inbox.json`),
    expect: pmRead,
  },
  {
    name: 'POST /t/{id}/invite-group.json',
    request: (r) => r.post(`/t/${m.topicId}/invite-group.json`, { group: `helpers${++invitedGroups}` }),
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
    expect: teamOnly,
  },
  {
    name: 'POST /topics/timings',
    request: (r) => r.post('/topics/timings', { topic_id: m.topicId, timings: { 1: 1000 } }),
    expect: pmRead,
  },
  {
    name: 'POST /foyer/scheduled-posts.json (reply)',
    request: (r) =>
      r.post('/foyer/scheduled-posts.json', {
        topic_id: m.topicId,
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
    name: 'PUT /t/-/{id}.json (tags of a PM)',
    request: (r) => r.put(`/t/-/${m.topicId}.json`, { tags: [] }),
    // The topic's starter and staff may change tags; a PM's outsider learns nothing.
    expect: { ...adminOnly, nonParticipant: 'hidden' },
  },
  { name: 'GET /notifications.json', request: (r) => r.get('/notifications.json'), expect: loggedIn },
  {
    name: 'PUT /notifications/mark-read.json',
    request: (r) => r.put('/notifications/mark-read.json', {}),
    expect: loggedIn,
  },
]);
