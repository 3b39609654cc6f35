// First run of a fresh forum (the desktop app's own, or a team's new server): while no real
// admin exists, anyone who can reach the forum may create the owner account, which is an
// active admin. Once one exists the door is shut for good.
import type { User } from '../db/schema';
import { DomainError } from '../../shared/domain/errors';
import type { ForumContext } from './context';
import { createAccount } from './create-account';

/** True while no admin exists besides Discourse's system user (id -1, which cannot log in). */
export async function needsSetup(ctx: ForumContext): Promise<boolean> {
  const admin = await ctx.db
    .selectFrom('users')
    .select('id')
    .where('admin', '=', 1)
    .where('staged', '=', 0)
    .where('id', '>', 0)
    .limit(1)
    .executeTakeFirst();
  return !admin;
}

// Two setup requests at once must not both pass the check: the check and the account are made
// one after the other under this per-forum lock (the forum owns its database, one process).
const locks = new WeakMap<ForumContext, Promise<unknown>>();

export async function createOwner(
  ctx: ForumContext,
  input: { name: unknown; username: unknown; email: unknown; password: unknown },
): Promise<User> {
  const previous = locks.get(ctx) ?? Promise.resolve();
  const run = previous.then(async () => {
    if (!(await needsSetup(ctx))) throw new DomainError('setup_already_done');
    for (const field of ['username', 'email', 'password'] as const) {
      const v = input[field];
      if (typeof v !== 'string' || v.trim() === '')
        throw new DomainError('validation_failed', { detail: `${field} is required.` });
    }
    const { user } = await createAccount(ctx, { ...input, active: true, admin: true });
    // An owner starts at the top trust level, as Discourse's first admin does.
    return ctx.db
      .updateTable('users')
      .set({ trust_level: 4 })
      .where('id', '=', user.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
  locks.set(
    ctx,
    run.catch(() => undefined),
  );
  return run;
}
