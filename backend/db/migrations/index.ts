// Numbered migrations, listed statically so a bundled backend carries them.
import type { Migration } from 'kysely';
import * as m0001 from './0001-initial';

export const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
};
