// The parse worker must prepare exactly what the main thread prepares (prepared-email.ts): the
// receiver uses whichever is available. Checked on every email of the Discourse corpus.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { repoRoot } from '../../testing/spawn-server';
import { parsePool } from './parse-pool';
import { prepareEmail, type PreparedEmail } from './prepared-email';
import { requireCorpus } from './test-support';

afterAll(() => parsePool().close());

/** Attachment contents compared as bytes (ArrayBuffers differ by identity only). */
function comparable(p: PreparedEmail) {
  return {
    ...p,
    email: {
      ...p.email,
      raw: p.email.raw.toString('base64'),
      attachments: p.email.attachments.map((a) => ({
        ...a,
        content: Buffer.from(a.content as ArrayBuffer).toString('base64'),
      })),
    },
  };
}

it('prepares every corpus email in the worker exactly as in-thread', async () => {
  expect(await parsePool().whenReady()).toBe(true);
  const dir = requireCorpus();
  const files = readdirSync(dir).filter((f) => f.endsWith('.eml'));
  expect(files.length).toBeGreaterThan(100);
  for (const options of [
    { preferHtml: true, trim: true, stripLines: false },
    { preferHtml: false, trim: false, stripLines: true },
  ])
    for (const file of files) {
      const raw = readFileSync(join(dir, file));
      const [inWorker, inThread] = await Promise.all([
        parsePool().prepare(raw, options),
        prepareEmail(raw, options),
      ]);
      expect(comparable(inWorker), file).toEqual(comparable(inThread));
    }
}, 120_000);

it('lets a process that started the worker exit once its work is done', () => {
  // The worker starts when mail piles up; when the pile is done in-thread before the worker is
  // ready, the worker sits idle. A referenced idle worker keeps a script, the benchmark or a CLI
  // run alive for ever (found as `npm run bench` never ending).
  const script = `import { parsePool } from ${JSON.stringify(new URL('./parse-pool.ts', import.meta.url).href)};
console.log(JSON.stringify({ ready: await parsePool().whenReady() }));`;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(run.error, 'the process did not exit within 60 s').toBeUndefined();
  expect(run.status, run.stderr).toBe(0);
  expect(JSON.parse(run.stdout.trim())).toEqual({ ready: true });
}, 90_000);
