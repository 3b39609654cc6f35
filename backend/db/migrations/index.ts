// Numbered migrations, listed statically so a bundled backend carries them.
import type { Migration } from 'kysely';
import * as m0001 from './0001-initial';
import * as m0002 from './0002-topic-excerpt';
import * as m0003 from './0003-email';
import * as m0004 from './0004-post-actions';
import * as m0005 from './0005-staff-logs-and-screening';
import * as m0011 from './0011-broadcasts';
import * as m0010 from './0010-client-api';
import * as m0007 from './0007-group-smtp-and-opt-outs';
import * as m0009 from './0009-accounts-and-invites';
import * as m0008 from './0008-categories';
import * as m0006 from './0006-reviewables';
import * as m0012 from './0012-tags';
import * as m0014 from './0014-scheduled-idempotency';
import * as m0015 from './0015-sent-folder-index';
import * as m0016 from './0016-incoming-email-raws';

export const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-topic-excerpt': m0002,
  '0003-email': m0003,
  '0004-post-actions': m0004,
  '0005-staff-logs-and-screening': m0005,
  '0011-broadcasts': m0011,
  '0010-client-api': m0010,
  '0007-group-smtp-and-opt-outs': m0007,
  '0009-accounts-and-invites': m0009,
  '0008-categories': m0008,
  '0006-reviewables': m0006,
  '0012-tags': m0012,
  '0014-scheduled-idempotency': m0014,
  '0015-sent-folder-index': m0015,
  '0016-incoming-email-raws': m0016,
};
