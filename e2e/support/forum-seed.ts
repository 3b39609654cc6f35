// Puts people and messages into a test forum the way an operator and its users would: the
// first admin and an all-users API key as `npm run admin` makes them (create-admin, api-key),
// everything else through the forum's public API acting as each user. The two admin steps
// run in this process on the forum's data folder (SQLite WAL allows it while the server runs):
// two CLI processes cost 15-20 s on a loaded two-core machine.
import { openContext } from '../../backend/main';
import { createApiKey } from '../../backend/services/api-keys';
import { createAccount } from '../../backend/services/create-account';
import type { RunningBackend } from './start-backend';

/** `npm run admin -- create-admin` then `api-key`, in one go. */
async function createAdminWithKey(dataDir: string, who: Account): Promise<string> {
  const { ctx, database } = await openContext(dataDir);
  try {
    const { user } = await createAccount(ctx, { ...who, active: true, admin: true });
    await ctx.db
      .updateTable('users')
      .set({ admin: 1, trust_level: 4, active: 1 })
      .where('id', '=', user.id)
      .execute();
    return await createApiKey(ctx, { userId: null, createdById: user.id, description: 'e2e seed' });
  } finally {
    await database.close();
  }
}

export interface Account {
  username: string;
  name: string;
  email: string;
  password: string;
}

export const account = (
  username: string,
  name = username[0]?.toUpperCase() + username.slice(1),
): Account => ({
  username,
  name,
  email: `${username}@people.example`,
  password: `${username}-correct-horse-battery`,
});

export interface PostResult {
  id: number;
  topic_id: number;
  post_number: number;
}

/** The forum's API as an admin with an all-users key: act as anyone with `as`. */
export class ForumSeed {
  private constructor(
    readonly backend: RunningBackend,
    readonly admin: Account,
    private readonly key: string,
  ) {}

  /** Creates the first admin and an all-users API key. */
  static async create(
    backend: RunningBackend,
    first: Account = account('alice', 'Alice Admin'),
  ): Promise<ForumSeed> {
    const key = await createAdminWithKey(backend.dataDir, first);
    const seed = new ForumSeed(backend, first, key);
    // New accounts start at trust level 0; let them send messages as the tests' people do.
    await seed.request(first.username, 'PUT', '/admin/site_settings/personal_message_enabled_groups', {
      personal_message_enabled_groups: '3|10|11',
    });
    return seed;
  }

  /** Discourse API headers acting as `as`, for clients under test that talk to the forum directly. */
  apiHeaders(as: string): Record<string, string> {
    return { 'Api-Key': this.key, 'Api-Username': as };
  }

  async request<T>(as: string, method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.backend.url}${path}`, {
      method,
      headers: {
        ...this.apiHeaders(as),
        ...(this.backend.launchToken ? { 'X-Foyer-Launch-Token': this.backend.launchToken } : {}),
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} as ${as}: HTTP ${response.status} ${text}`);
    return (text ? JSON.parse(text) : {}) as T;
  }

  async createUser(who: Account): Promise<void> {
    await this.request(this.admin.username, 'POST', '/users.json', { ...who, active: true });
  }

  async createGroup(name: string, members: string[]): Promise<void> {
    await this.request(this.admin.username, 'POST', '/admin/groups.json', {
      group: { name, usernames: members.join(',') },
    });
  }

  /** Gives a group an incoming address, so mail to it becomes a PM to the group. */
  async setGroupIncomingEmail(group: string, address: string): Promise<void> {
    await this.request(this.admin.username, 'PUT', '/admin/site_settings/email_in', { email_in: true });
    await this.request(this.admin.username, 'PUT', `/groups/${group}.json`, {
      group: { incoming_email: address },
    });
  }

  /** Delivers a raw email as a mail server would pipe it (Discourse's handle_mail). */
  async receiveEmail(raw: string): Promise<{ post_id?: number; topic_id?: number; status: string }> {
    await this.request(this.admin.username, 'PUT', '/admin/site_settings/manual_polling_enabled', {
      manual_polling_enabled: true,
    });
    return this.request(this.admin.username, 'POST', '/admin/email/handle_mail', { email: raw });
  }

  /** A new PM from `from` to usernames, groups or e-mail addresses (comma-separated). */
  sendMessage(from: string, to: string, title: string, raw: string): Promise<PostResult> {
    return this.request(from, 'POST', '/posts.json', {
      archetype: 'private_message',
      title,
      raw,
      target_recipients: to,
    });
  }

  reply(from: string, topicId: number, raw: string): Promise<PostResult> {
    return this.request(from, 'POST', '/posts.json', { topic_id: topicId, raw });
  }
}
