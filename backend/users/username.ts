// Discourse's username rules and its suggester: a unique, valid username derived from a
// name or an email's local part. Usernames and group names share one namespace, because
// @mentions and PM recipients can name either.
import type { Db } from '../db/database';

const CONFUSING_EXT = /\.(js|json|css|htm|html|xml|jpg|jpeg|png|gif|bmp|ico|tif|tiff|woff)$/i;

export function validateUsername(username: string, min = 3, max = 20): boolean {
  if (username.length < min || username.length > max) return false;
  if (!/^[\w.-]+$/.test(username)) return false;
  if (!/^[A-Za-z0-9_]/.test(username)) return false;
  if (!/[A-Za-z0-9]$/.test(username)) return false;
  if (/[-_.]{2,}/.test(username)) return false;
  return !CONFUSING_EXT.test(username);
}

function sanitize(source: string): string {
  let s = source
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/@.*$/, '')
    .replace(/[^\w.-]+/g, '_')
    .replace(/[-_.]{2,}/g, '_')
    .replace(/^[^A-Za-z0-9_]+/, '')
    .replace(/[^A-Za-z0-9]+$/, '');
  s = s.replace(CONFUSING_EXT, '');
  return s;
}

export async function isNameTaken(db: Db, name: string, exceptUserId?: number): Promise<boolean> {
  const lower = name.toLowerCase();
  let q = db.selectFrom('users').select('id').where('username_lower', '=', lower);
  if (exceptUserId !== undefined) q = q.where('id', '!=', exceptUserId);
  if (await q.executeTakeFirst()) return true;
  return Boolean(
    await db.selectFrom('groups').select('id').where('name_lower', '=', lower).executeTakeFirst(),
  );
}

/** A free username based on `source` (a display name or an email address). */
export async function suggestUsername(db: Db, source: string, min = 3, max = 20): Promise<string> {
  let base = sanitize(source) || 'user';
  if (base.length < min) base = base.padEnd(min, '1');
  base = base.slice(0, max).replace(/[^A-Za-z0-9]+$/, '');
  if (!validateUsername(base, min, max)) base = 'user';
  if (!(await isNameTaken(db, base))) return base;
  for (let i = 1; i < 10_000; i++) {
    const suffix = String(i);
    const candidate = base.slice(0, max - suffix.length).replace(/[^A-Za-z0-9]+$/, '') + suffix;
    if (validateUsername(candidate, min, max) && !(await isNameTaken(db, candidate))) return candidate;
  }
  throw new Error(`No free username near "${base}"`);
}
