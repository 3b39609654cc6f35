// Records __fixtures__/trim-snapshot.json from the trimmer as it is now:
// `npx tsx backend/email/trim/record-trim-snapshot.ts`. Only re-record on purpose, when an output
// is meant to change; trim-snapshot.test.ts then shows the difference for review in the diff.
import { writeFileSync } from 'node:fs';

import { format, resolveConfig } from 'prettier';

import { SNAPSHOT_PATH, takeSnapshot } from './trim-snapshot-cases';

// Written as prettier formats it, so that `prettier --check` passes on a fresh recording.
const options = { ...(await resolveConfig(SNAPSHOT_PATH)), filepath: SNAPSHOT_PATH };
writeFileSync(SNAPSHOT_PATH, await format(JSON.stringify(await takeSnapshot()), options));
console.log(`wrote ${SNAPSHOT_PATH}`);
