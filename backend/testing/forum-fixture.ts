// A real forum on a fresh temporary data folder, driven in-process through fastify.inject,
// plus factories for the people and groups a test needs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { createForum, type Forum } from '../main';
import type { Group, User } from '../db/schema';
import { createAccount } from '../services/create-account';
import { createApiKey } from '../services/api-keys';
import { insertUser } from '../users/create-user-row';
import { nowIso } from '../util/clock';

export interface TestForum extends Forum {
  dataDir: string;
  /** An all-users key: requests act as whichever username they name. */
  apiKey: string;
  as(user: User | string | null): Requester;
  user(
    opts?: Partial<{
      username: string;
      email: string;
      trustLevel: number;
      admin: boolean;
      moderator: boolean;
      name: string;
    }>,
  ): Promise<User>;
  stagedUser(email: string): Promise<User>;
  group(
    name: string,
    opts?: Partial<{ members: User[]; owners: User[]; messageableLevel: number; visibilityLevel: number }>,
  ): Promise<Group>;
  setting(name: string, value: string): Promise<void>;
  destroy(): Promise<void>;
}

export interface Requester {
  get(url: string): Promise<Reply>;
  post(url: string, body?: unknown): Promise<Reply>;
  put(url: string, body?: unknown): Promise<Reply>;
  delete(url: string, body?: unknown): Promise<Reply>;
}

export interface Reply {
  status: number;
  // Test code reads arbitrary JSON shapes; the spec validator checks them.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
  raw: LightMyRequestResponse;
}

let counter = 0;

/** `rendererDir`: also serve a (test) client build, as the server does. */
export async function startTestForum(opts: { rendererDir?: string } = {}): Promise<TestForum> {
  const dataDir = mkdtempSync(join(tmpdir(), 'foyer-test-'));
  const forum = await createForum({ dataDir, ...opts });
  const admin = (
    await createAccount(forum.ctx, {
      username: 'admin',
      email: 'admin@example.com',
      password: 'admin-password-long',
      active: true,
      admin: true,
    })
  ).user;
  const apiKey = await createApiKey(forum.ctx, { userId: null, createdById: admin.id });

  const as = (user: User | string | null): Requester => {
    const headers: Record<string, string> = {};
    if (user !== null) {
      headers['api-key'] = apiKey;
      headers['api-username'] = typeof user === 'string' ? user : user.username;
    }
    const send = async (
      method: 'GET' | 'POST' | 'PUT' | 'DELETE',
      url: string,
      body?: unknown,
    ): Promise<Reply> => {
      const res = await forum.app.inject({
        method,
        url,
        headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      });
      let json: unknown;
      try {
        json = res.body ? JSON.parse(res.body) : null;
      } catch {
        json = null;
      }
      return { status: res.statusCode, json, raw: res };
    };
    return {
      get: (url) => send('GET', url),
      post: (url, body) => send('POST', url, body ?? {}),
      put: (url, body) => send('PUT', url, body ?? {}),
      delete: (url, body) => send('DELETE', url, body),
    };
  };

  return {
    ...forum,
    dataDir,
    apiKey,
    as,
    async user(opts = {}) {
      counter += 1;
      const username = opts.username ?? `user${counter}`;
      const { user } = await createAccount(forum.ctx, {
        username,
        email: opts.email ?? `${username}@example.com`,
        password: 'a-long-enough-password',
        name: opts.name ?? username,
        active: true,
        admin: opts.admin ?? false,
      });
      await forum.ctx.db
        .updateTable('users')
        .set({
          trust_level: opts.trustLevel ?? 1,
          moderator: opts.moderator ? 1 : 0,
          admin: opts.admin ? 1 : 0,
        })
        .where('id', '=', user.id)
        .execute();
      return await forum.ctx.db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', user.id)
        .executeTakeFirstOrThrow();
    },
    async stagedUser(email) {
      counter += 1;
      return insertUser(forum.ctx.db, {
        username: `staged${counter}`,
        name: email.split('@')[0] ?? null,
        email,
        passwordHash: null,
        active: false,
        staged: true,
        trustLevel: 0,
      });
    },
    async group(name, opts = {}) {
      const now = nowIso();
      const group = await forum.ctx.db
        .insertInto('groups')
        .values({
          name,
          name_lower: name.toLowerCase(),
          full_name: null,
          automatic: 0,
          messageable_level: opts.messageableLevel ?? 99,
          mentionable_level: 0,
          visibility_level: opts.visibilityLevel ?? 0,
          members_visibility_level: 0,
          incoming_email: null,
          default_notification_level: 3,
          public_admission: 0,
          public_exit: 0,
          allow_membership_requests: 0,
          bio_raw: null,
          bio_cooked: null,
          title: null,
          grant_trust_level: null,
          primary_group: 0,
          has_messages: 0,
          publish_read_state: 0,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      for (const u of opts.members ?? [])
        await forum.ctx.db
          .insertInto('group_users')
          .values({ group_id: group.id, user_id: u.id, owner: 0, notification_level: 3, created_at: now })
          .execute();
      for (const u of opts.owners ?? [])
        await forum.ctx.db
          .insertInto('group_users')
          .values({ group_id: group.id, user_id: u.id, owner: 1, notification_level: 3, created_at: now })
          .onConflict((oc) => oc.columns(['group_id', 'user_id']).doUpdateSet({ owner: 1 }))
          .execute();
      return group;
    },
    async setting(name, value) {
      await forum.ctx.settings.set(name, value);
    },
    async destroy() {
      await forum.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
