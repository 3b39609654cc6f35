// A person using the forum without an API key: requests through fastify.inject that keep the
// session cookie the forum sets (after a login, an activation link, a redeemed invite), as a
// browser or the desktop app does.
import type { Reply, TestForum } from './forum-fixture';
import { SESSION_COOKIE } from '../http/request-auth';

export interface Browser {
  /** The session cookie ("name=value"), once the forum has set one. */
  cookie: string | undefined;
  get(url: string): Promise<Reply>;
  post(url: string, body?: unknown): Promise<Reply>;
  put(url: string, body?: unknown): Promise<Reply>;
}

export function browser(forum: TestForum): Browser {
  const b: Browser = {
    cookie: undefined,
    get: (url) => send('GET', url),
    post: (url, body) => send('POST', url, body ?? {}),
    put: (url, body) => send('PUT', url, body ?? {}),
  };
  async function send(method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown): Promise<Reply> {
    const res = await forum.app.inject({
      method,
      url,
      headers: {
        ...(b.cookie ? { cookie: b.cookie } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    const set = res.headers['set-cookie'];
    for (const header of Array.isArray(set) ? set : set ? [set] : []) {
      const pair = header.split(';')[0] ?? '';
      if (!pair.startsWith(`${SESSION_COOKIE}=`)) continue;
      b.cookie = pair === `${SESSION_COOKIE}=` ? undefined : pair;
    }
    let json: unknown;
    try {
      json = res.body ? JSON.parse(res.body) : null;
    } catch {
      json = null;
    }
    return { status: res.statusCode, json, raw: res };
  }
  return b;
}

/** The first http(s) link in a text that contains `path` (a link sent in an email). */
export function linkIn(text: string | undefined, path: string): string {
  const link = (text ?? '').match(/https?:\/\/\S+/g)?.find((l) => l.includes(path));
  if (!link) throw new Error(`no link with ${path} in:\n${text ?? ''}`);
  return link;
}

/** The path and query of a link, for requests through inject. */
export function pathOf(link: string): string {
  const u = new URL(link);
  return u.pathname + u.search;
}
