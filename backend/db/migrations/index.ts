// Numbered migrations, listed statically so a bundled backend carries them.
import type { Migration } from 'kysely';
import * as m0001 from './0001-initial';
import * as m0002 from './0002-topic-excerpt';
import * as m0003 from './0003-email';
import * as m0004 from './0004-post-actions';
import * as m0005 from './0005-staff-logs-and-screening';
import * as m0006 from './0006-reviewables';

export const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-topic-excerpt': m0002,
  '0003-email': m0003,
  '0004-post-actions': m0004,
  '0005-staff-logs-and-screening': m0005,
  '0006-reviewables': m0006,
};
