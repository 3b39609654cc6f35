// Malformed and edge-case MIME from Debian's golang-github-jhillyerd-enmime-dev (quality.md
// "Test corpora"): every file goes through the receiver without throwing and leaves a
// recorded incoming_emails row. The package is data only; install it when running as root.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestForum, type TestForum } from '../../testing/forum-fixture';
import { receiveEmail } from './receive-email';
import { upstreamWorld } from './test-support';

const TESTDATA = '/usr/share/gocode/src/github.com/jhillyerd/enmime/testdata';
const PACKAGE = 'golang-github-jhillyerd-enmime-dev';

function ensureTestdata(): string {
  if (existsSync(TESTDATA)) return TESTDATA;
  if (process.getuid?.() === 0) {
    execFileSync('apt-get', ['install', '-y', PACKAGE], { stdio: 'ignore', timeout: 300_000 });
    if (existsSync(TESTDATA)) return TESTDATA;
  }
  throw new Error(
    `The enmime MIME corpus is missing at ${TESTDATA}: install it with "apt-get install -y ${PACKAGE}" (as root).`,
  );
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const root = ensureTestdata();
const files = filesUnder(root).sort();

let forum: TestForum;
beforeAll(async () => {
  forum = await startTestForum();
  await upstreamWorld(forum);
});
afterAll(async () => {
  await forum.destroy();
});

describe('enmime testdata through receiveEmail', () => {
  it('finds the files', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it.each(files.map((f) => [relative(root, f), f]))('%s is stored and recorded', async (_name, path) => {
    const outcome = await receiveEmail(forum.ctx, readFileSync(path), { source: 'smtp' });
    expect(outcome.incomingEmailId).toBeGreaterThan(0);
    const row = await forum.ctx.db
      .selectFrom('incoming_emails')
      .select(['status', 'error'])
      .where('id', '=', outcome.incomingEmailId)
      .executeTakeFirst();
    expect(row).toBeDefined();
    expect(row?.status).not.toBe('received');
    if (outcome.status !== 'duplicate') expect(row?.status).toBe(outcome.status);
  });
});
