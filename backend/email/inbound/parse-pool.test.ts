// The parse worker must prepare exactly what the main thread prepares (prepared-email.ts): the
// receiver uses whichever is available. Checked on every email of the Discourse corpus.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
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
