// LiteralSearch must answer exactly what one `includes` per literal answers, including for
// overlapping literals, literals that are prefixes of others, and texts dense enough with them
// that the search gives up early and finishes with `includes`.
import { describe, expect, it } from 'vitest';

import { LiteralSearch } from './literal-search';

const LITERALS = ['schrieb', 'schrieben', 'said', 'dit', 'it', 'écrit', '写道', 'a.b', 'x|y'];
const PIECES = [
  ...LITERALS,
  'sai',
  'schr',
  'ieben',
  'd',
  'i',
  't',
  'é',
  'crit',
  '写',
  '道',
  ' ',
  'a',
  '.',
  'b',
  'x',
  '|',
  'y',
];

function texts(seed: number, count: number, maxPieces: number): string[] {
  let state = seed;
  const next = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
  return Array.from({ length: count }, () =>
    Array.from(
      { length: Math.floor(next() * maxPieces) },
      () => PIECES[Math.floor(next() * PIECES.length)],
    ).join(''),
  );
}

describe('LiteralSearch', () => {
  const search = new LiteralSearch(LITERALS);

  it.each([
    ['short texts', texts(1, 3000, 12)],
    ['texts with more matches than it stops for', texts(2, 300, 400)],
  ])('finds exactly the literals includes finds, on %s', (_, samples) => {
    for (const text of samples) {
      const expected = LITERALS.filter((literal) => text.includes(literal));
      expect([...search.foundIn(text)].sort(), JSON.stringify(text)).toEqual(expected.sort());
    }
  });

  it('finds a literal inside a longer one that overlaps another', () => {
    expect([...search.foundIn('saidit')].sort()).toEqual(['dit', 'it', 'said']);
    expect([...search.foundIn('schrieben')].sort()).toEqual(['schrieb', 'schrieben']);
  });
});
