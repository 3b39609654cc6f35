// Discourse's UsernameCheckerService (GET /u/check_username.json): whether a sign-up may take
// a username. A staged user's name is available to the owner of that staged address and to
// no one else (§1.4, §6 G 73), the address matched whatever its case and spaces (G 74).
import type { Db } from '../db/database';
import type { SiteSettings } from '../settings/site-settings';
import { isNameTaken, suggestUsername, validateUsername } from './username';
import { findUserByEmail } from './users-repository';

export type UsernameCheck =
  { available: true; is_developer: false } | { available: false; suggestion: string } | { errors: string[] };

export async function checkUsername(
  db: Db,
  settings: SiteSettings,
  username: string,
  email: string | undefined,
): Promise<UsernameCheck> {
  const min = settings.int('min_username_length');
  const max = settings.int('max_username_length');
  if (!validateUsername(username, min, max))
    return {
      errors: [
        `Usernames are ${min}–${max} characters of letters, digits, dots, dashes and underscores, starting with a letter, digit or underscore.`,
      ],
    };
  const owner = email ? await findUserByEmail(db, email) : undefined;
  const exceptStaged = owner?.staged ? owner.id : undefined;
  if (!(await isNameTaken(db, username, exceptStaged))) return { available: true, is_developer: false };
  return { available: false, suggestion: await suggestUsername(db, username, min, max) };
}
