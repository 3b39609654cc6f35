// Builds the synchronous lookup the markdown cooker needs, by loading every @name the raw
// text could mention in two queries up front.
import type { Db } from '../db/database';
import { cookMarkdown, type CookContext } from '../cook/cook-markdown';

const MENTION_RE = /(?:^|[^\w@.])@([\w][\w.-]*[\w]|[\w])/g;

/** Every @name the raw text could mention, lower-cased; when empty, cooking needs no lookup. */
export function mentionNames(raw: string): Set<string> {
  const names = new Set<string>();
  for (const m of raw.matchAll(MENTION_RE)) if (m[1]) names.add(m[1].toLowerCase());
  return names;
}

export async function buildCookContext(db: Db, raw: string, baseUrl = ''): Promise<CookContext> {
  const names = mentionNames(raw);
  const found = new Map<string, { kind: 'user' | 'group'; name: string }>();
  if (names.size > 0) {
    const list = [...names];
    const users = await db
      .selectFrom('users')
      .select(['username', 'username_lower'])
      .where('username_lower', 'in', list)
      .where('staged', '=', 0)
      .execute();
    for (const u of users) found.set(u.username_lower, { kind: 'user', name: u.username });
    const groups = await db
      .selectFrom('groups')
      .select(['name', 'name_lower'])
      .where('name_lower', 'in', list)
      .execute();
    for (const g of groups)
      if (!found.has(g.name_lower)) found.set(g.name_lower, { kind: 'group', name: g.name });
  }
  return { baseUrl, lookupMention: (name) => found.get(name.toLowerCase()) };
}

/**
 * The cooked HTML of a raw that mentions no one, as cook() in post-writer.ts gives it, without
 * a database: for cooking off the main thread. Undefined when the raw needs lookups.
 */
export function cookWithoutLookups(raw: string): string | undefined {
  if (mentionNames(raw).size > 0) return undefined;
  return cookMarkdown(raw, { baseUrl: '', lookupMention: () => undefined });
}
