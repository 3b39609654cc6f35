// The authorization matrix's forum, roles and runner, shared by backend/http/authorization-matrix-*.test.ts:
// every endpoint × {anonymous, staged, ordinary user, non-participant, group member, admin}.
// "denied" accepts 403 or 404, but a PM refused to a logged-in outsider ("hidden") must be a
// 404 identical to a missing id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../db/schema';
import { testCategory } from './category-fixtures';
import { startTestForum, type TestForum } from './forum-fixture';

export type Role = 'anonymous' | 'staged' | 'participant' | 'nonParticipant' | 'groupMember' | 'admin';
const ROLES: Role[] = ['anonymous', 'staged', 'participant', 'nonParticipant', 'groupMember', 'admin'];
type Outcome = 'ok' | 'denied' | 'hidden';

export interface Case {
  name: string;
  request: (r: ReturnType<TestForum['as']>) => Promise<{ status: number; json: unknown }>;
  expect: Record<Role, Outcome>;
}

export const pmRead = {
  anonymous: 'denied',
  staged: 'denied',
  participant: 'ok',
  nonParticipant: 'hidden',
  groupMember: 'ok',
  admin: 'ok',
} as const;
export const ownerOnly = {
  anonymous: 'denied',
  staged: 'denied',
  participant: 'ok',
  nonParticipant: 'denied',
  groupMember: 'denied',
  admin: 'ok',
} as const;
export const adminOnly = {
  anonymous: 'denied',
  staged: 'denied',
  participant: 'denied',
  nonParticipant: 'denied',
  groupMember: 'denied',
  admin: 'ok',
} as const;
export const loggedIn = {
  anonymous: 'denied',
  staged: 'denied',
  participant: 'ok',
  nonParticipant: 'ok',
  groupMember: 'ok',
  admin: 'ok',
} as const;

/** Only members of the group "team" (and admins): its inbox, or a category restricted to it. */
export const teamOnly = {
  anonymous: 'denied',
  staged: 'denied',
  participant: 'denied',
  nonParticipant: 'denied',
  groupMember: 'ok',
  admin: 'ok',
} as const;

export interface MatrixForum {
  forum: TestForum;
  people: Record<Role, User | null>;
  /** A PM from "sender" to participant, the group "team" and guest@example.org (who is staged). */
  topicId: number;
  postId: number;
  /** The participant's reply in it. */
  replyId: number;
  stagedUsername: string;
  /** Accounts the destructive admin actions may consume, one per role's attempt. */
  victims: number[];
  mergeSources: number[];
  mergeTarget: string;
  /** "Team room", a category only the group "team" may see, with the tag "offsite" used only there. */
  teamCategoryId: number;
}

async function startMatrixForum(): Promise<MatrixForum> {
  const forum = await startTestForum();
  const sender = await forum.user({ username: 'sender', trustLevel: 4 });
  const participant = await forum.user({ username: 'participant' });
  const nonParticipant = await forum.user({ username: 'outsider' });
  const groupMember = await forum.user({ username: 'member' });
  await forum.group('team', { members: [groupMember] });
  for (let i = 1; i <= ROLES.length; i++) await forum.group(`helpers${i}`, { messageableLevel: 99 });
  await forum.user({ username: 'invitee' });
  const victims: number[] = [];
  const mergeSources: number[] = [];
  for (let i = 1; i <= ROLES.length; i++) {
    victims.push((await forum.user({ username: `doomed${i}` })).id);
    mergeSources.push((await forum.stagedUser(`merge${i}@example.org`)).id);
  }
  const mergeTarget = (await forum.stagedUser('merge-target@example.org')).username;
  const pm = await forum.as(sender).post('/posts.json', {
    title: 'Private matter',
    raw: 'Only for us.',
    archetype: 'private_message',
    target_recipients: 'participant,team,guest@example.org',
  });
  expect(pm.status).toBe(200);
  const topicId = pm.json.topic_id;
  const replyId = (
    await forum.as(participant).post('/posts.json', { topic_id: topicId, raw: 'A reply by the participant.' })
  ).json.id;
  const staged = await forum.ctx.db
    .selectFrom('users')
    .selectAll()
    .where('staged', '=', 1)
    .executeTakeFirstOrThrow();
  const teamCategoryId = (await testCategory(forum, { name: 'Team room', permissions: { team: 1 } })).id;
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
  return {
    forum,
    people: { anonymous: null, staged, participant, nonParticipant, groupMember, admin },
    topicId,
    postId: pm.json.id,
    replyId,
    stagedUsername: staged.username,
    victims,
    mergeSources,
    mergeTarget,
    teamCategoryId,
  };
}

/**
 * The matrix of one area: a forum of its own for the file, started before and destroyed after
 * its test, which runs every case of `cases` as every role, in order.
 */
export function describeMatrix(area: string, cases: (m: MatrixForum) => Case[]): void {
  describe(`authorization matrix: ${area}`, () => {
    let m: MatrixForum | undefined;
    beforeAll(async () => {
      m = await startMatrixForum();
    }, 60_000);
    afterAll(async () => {
      await m?.forum.destroy();
    });
    it('answers every endpoint for every role as the rules say', async () => {
      expect(await failures(m!, cases(m!))).toEqual([]);
    }, 60_000);
  });
}

/** One line per answer that breaks the rules. */
async function failures({ forum, people }: MatrixForum, cases: Case[]): Promise<string[]> {
  // A hidden PM (or its post) must look exactly like a topic (or post) that does not exist.
  const missing = [
    JSON.stringify((await forum.as(people.nonParticipant).get('/t/987654.json')).json),
    JSON.stringify((await forum.as(people.nonParticipant).get('/posts/987654.json')).json),
  ];
  const failures: string[] = [];
  for (const c of cases) {
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
  return failures;
}
