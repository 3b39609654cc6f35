// `npm run admin -- <command> --data <dir> ...`: account and key administration that works
// while the server runs (SQLite WAL + busy timeout), printing clear errors and exiting non-zero.
import { resolve } from 'node:path';
import { DomainError } from '../../shared/domain/errors';
import { openContext } from '../main';
import { createAccount } from '../services/create-account';
import { createApiKey } from '../services/api-keys';
import { findUserByUsername } from '../users/users-repository';
import { readOptions, requireOption, UsageError } from './options';

const USAGE = `usage:
  npm run admin -- create-admin --data <dir> --username <u> --email <e> --password <p> [--name <n>]
  npm run admin -- api-key --data <dir> --username <u> [--description <text>]`;

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'create-admin') {
    const { values } = readOptions(rest, ['data', 'username', 'email', 'password', 'name'] as const);
    const dataDir = resolve(requireOption(values, 'data'));
    const input = {
      username: requireOption(values, 'username'),
      email: requireOption(values, 'email'),
      password: requireOption(values, 'password'),
      name: values.name,
    };
    const { ctx, database } = await openContext(dataDir);
    try {
      const { user } = await createAccount(ctx, { ...input, active: true, admin: true });
      await ctx.db
        .updateTable('users')
        .set({ admin: 1, trust_level: 4, active: 1 })
        .where('id', '=', user.id)
        .execute();
      console.log(`Created admin ${user.username} (id ${user.id}) in ${database.file}`);
    } finally {
      await database.close();
    }
    return;
  }
  if (command === 'api-key') {
    const { values } = readOptions(rest, ['data', 'username', 'description'] as const);
    const dataDir = resolve(requireOption(values, 'data'));
    const username = requireOption(values, 'username');
    const { ctx, database } = await openContext(dataDir);
    try {
      const creator = await findUserByUsername(ctx.db, username);
      if (!creator || creator.staged)
        throw new UsageError(`there is no user "${username}"; create it first with create-admin.`);
      if (!creator.admin)
        throw new UsageError(`"${username}" is not an admin; all-users API keys are created by admins.`);
      const key = await createApiKey(ctx, {
        userId: null,
        createdById: creator.id,
        description: values.description ?? 'created with npm run admin',
      });
      console.log(
        `Created an all-users API key by ${creator.username}; send it as Api-Key with any Api-Username:`,
      );
      console.log(key);
    } finally {
      await database.close();
    }
    return;
  }
  throw new UsageError(command ? `unknown command "${command}".` : 'a command is required.');
}

main().catch((e: unknown) => {
  if (e instanceof UsageError) console.error(`error: ${e.message}\n${USAGE}`);
  else if (e instanceof DomainError) console.error(`error: ${e.message}`);
  else console.error(`error: ${(e as Error).message ?? String(e)}`);
  process.exit(e instanceof UsageError ? 2 : 1);
});
