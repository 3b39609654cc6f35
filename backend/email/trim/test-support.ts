// Test-only helpers: where the shared corpus lives and how its raw emails are read.
// The corpus sits beside the repository (../shared/corpus); CI clones it there too.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import PostalMime from 'postal-mime';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** A folder of ../shared/corpus, e.g. `corpusPath('reply-trimmer')`. */
export function corpusPath(...parts: string[]): string {
  return resolve(repoRoot, '..', 'shared', 'corpus', ...parts);
}

export function corpusMissing(folder: string): string {
  return (
    `The ${folder} corpus is missing at ${corpusPath(folder)}. It lives in the shared folder beside ` +
    `the repository (../shared/corpus/${folder}, see ../shared/corpus/README.md); check it out there.`
  );
}

function readEmail(name: string): string {
  const path = corpusPath('discourse-emails', name);
  if (!existsSync(corpusPath('discourse-emails'))) throw new Error(corpusMissing('discourse-emails'));
  if (!existsSync(path)) throw new Error(`Fixture ${name} is not in ${corpusPath('discourse-emails')}.`);
  // Several fixtures start with a blank line (see the corpus README). Ruby's mail gem skips it;
  // postal-mime would take it for the end of an empty header block.
  return readFileSync(path, 'utf8').replace(/^\s+/, '');
}

/** The text and HTML parts of a raw fixture, as the receiver gets them from postal-mime. */
export async function parseEmailFixture(name: string): Promise<{ text?: string; html?: string }> {
  const parsed = await PostalMime.parse(readEmail(name));
  return { text: parsed.text, html: parsed.html };
}

/**
 * The body of one of the oldest fixtures, which declare multipart/alternative but carry no MIME
 * boundaries (so no parser finds a part): everything after the header block.
 */
export function rawBodyOfFixture(name: string): string {
  const raw = readEmail(name);
  return raw.slice(raw.indexOf('\n\n') + 2);
}

/** Small seeded PRNG (mulberry32) so a failure can be replayed. */
export function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
