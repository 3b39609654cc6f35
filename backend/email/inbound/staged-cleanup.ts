// Staged users made while processing one email, and their removal when the email fails
// (behaviour.md §1.2 "Rollback", §6 C 46). Processing runs inside a savepoint, so a failure
// normally rolls these rows back with everything else; the explicit delete below is what keeps
// the rule true when a stage committed part of its work (a destination tried before the one that
// failed, for example) and documents the rule where it is enforced.
import type { Db } from '../../db/database';
import type { User } from '../../db/schema';
import type { SiteSettings } from '../../settings/site-settings';
import type { FirstContact } from '../../users/first-contacts';
import { findOrStageUser } from '../../users/stage-user';
import { deferredWritesMark, discardWritesSince } from '../../db/deferred-writes';
import { runStatement } from '../../util/cached-query';

export class StagedTracker {
  readonly created = new Set<number>();
}

/** findOrStageUser, remembering the users it creates for this email. */
export async function stageTracked(
  db: Db,
  settings: SiteSettings,
  tracker: StagedTracker,
  email: string,
  displayName?: string,
  firstContact?: FirstContact,
): Promise<{ user: User; created: boolean }> {
  const result = await findOrStageUser(db, settings, email, displayName, firstContact);
  if (result.created) tracker.created.add(result.user.id);
  return result;
}

/**
 * Deletes every staged user created for this email that has no posts, and detaches the
 * incoming email record from it. Returns the ids deleted.
 */
export async function deleteCreatedStagedUsers(
  db: Db,
  tracker: StagedTracker,
  incomingEmailId: number,
): Promise<number[]> {
  const ids = [...tracker.created];
  tracker.created.clear();
  if (ids.length === 0) return [];
  const stillThere = await db
    .selectFrom('users')
    .select('id')
    .where('id', 'in', ids)
    .where('staged', '=', 1)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('posts').select('posts.id').whereRef('posts.user_id', '=', 'users.id'))),
    )
    .execute();
  const doomed = stillThere.map((r) => r.id);
  if (doomed.length === 0) return [];
  await db
    .updateTable('incoming_emails')
    .set({ user_id: null })
    .where('id', '=', incomingEmailId)
    .where('user_id', 'in', doomed)
    .execute();
  for (const table of [
    'notifications',
    'topic_allowed_users',
    'topic_users',
    'user_archived_messages',
    'user_custom_fields',
    'user_first_contacts',
    'group_users',
    'user_options',
    'user_emails',
  ] as const)
    await db.deleteFrom(table).where('user_id', 'in', doomed).execute();
  await db.deleteFrom('users').where('id', 'in', doomed).execute();
  return doomed;
}

/**
 * Runs `fn` inside a SQL savepoint of the current transaction: if it throws, its writes are
 * undone and the error rethrown, the rest of the transaction is untouched. Used where one part
 * of an email may fail without failing the email (one Cc address, one destination of several).
 * The name is the label alone, so each statement's text is stable (prepared once, cached): a
 * nested savepoint of the same name is fine, RELEASE and ROLLBACK TO name the innermost one
 * (SQLite and PostgreSQL alike), and savepoints here are strictly nested.
 */
export async function withSavepoint<T>(db: Db, label: string, fn: () => Promise<T>): Promise<T> {
  checkSavepointLabel(label);
  await runStatement(db, `SAVEPOINT "${label}"`);
  const mark = deferredWritesMark(db);
  let marks = opened.get(db);
  if (!marks) opened.set(db, (marks = []));
  marks.push({ label, mark });
  try {
    const result = await fn();
    await runStatement(db, `RELEASE SAVEPOINT "${label}"`);
    return result;
  } catch (e) {
    await runStatement(db, `ROLLBACK TO SAVEPOINT "${label}"`);
    await runStatement(db, `RELEASE SAVEPOINT "${label}"`);
    discardWritesSince(db, mark);
    throw e;
  } finally {
    opened.get(db)?.pop();
  }
}

/** Per transaction, the deferred-writes mark of each open withSavepoint, innermost last. */
const opened = new WeakMap<Db, Array<{ label: string; mark: number }>>();

/**
 * Undoes everything written since `SAVEPOINT label` and keeps the savepoint open, so what is
 * written next still belongs to it (the caller's withSavepoint releases or rolls it back).
 */
export async function rollbackToSavepoint(db: Db, label: string): Promise<void> {
  checkSavepointLabel(label);
  await runStatement(db, `ROLLBACK TO SAVEPOINT "${label}"`);
  // Like ROLLBACK TO, the innermost open savepoint of that name.
  const open = opened.get(db)?.findLast((s) => s.label === label);
  if (open) discardWritesSince(db, open.mark);
}

/** Labels go into the statement's text (quoted): only words. */
function checkSavepointLabel(label: string): void {
  if (!/^\w+$/.test(label)) throw new Error(`savepoint label must be a word: ${label}`);
}
