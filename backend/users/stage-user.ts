// Finds the account that owns an address, or creates a staged user for it (behaviour.md §1.2 C1):
// name = the raw local part, username suggested from it, inactive, no password. Who brought
// the address in is recorded with it (first-contacts.ts).
import type { Db } from '../db/database';
import type { User } from '../db/schema';
import type { SiteSettings } from '../settings/site-settings';
import { insertUser } from './create-user-row';
import { recordFirstContact, type FirstContact } from './first-contacts';
import { suggestUsername } from './username';
import { findUserByEmail } from './users-repository';

export interface StagedOrExisting {
  user: User;
  created: boolean;
}

export async function findOrStageUser(
  db: Db,
  settings: SiteSettings,
  email: string,
  displayName?: string,
  firstContact: FirstContact = {},
): Promise<StagedOrExisting> {
  const existing = await findUserByEmail(db, email);
  if (existing) return { user: existing, created: false };
  const localPart = email.trim().split('@')[0] ?? email;
  const name = displayName?.trim() || localPart;
  const username = await suggestUsername(
    db,
    displayName?.trim() || localPart,
    settings.int('min_username_length'),
    settings.int('max_username_length'),
  );
  const user = await insertUser(db, {
    username,
    name,
    email,
    passwordHash: null,
    active: false,
    staged: true,
    trustLevel: 0,
  });
  await recordFirstContact(db, user.id, firstContact);
  return { user, created: true };
}
