// The trimmer's outputs must not change when its code is made faster: every input of
// trim-snapshot-cases.ts (upstream corpus, Discourse fixture emails, seeded random mixes and lines)
// must give exactly what __fixtures__/trim-snapshot.json recorded before the speed work.
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { classifyLine } from './line-classifier';
import {
  corpusTexts,
  emailRecords,
  randomLines,
  randomRecordOf,
  randomTexts,
  recordOf,
  SNAPSHOT_PATH,
  type TrimSnapshot,
} from './trim-snapshot-cases';

const snapshot = JSON.parse(readFileSync(SNAPSHOT_PATH, 'utf8')) as TrimSnapshot;

describe('trimmer output snapshot', () => {
  it('reproduces every upstream corpus email exactly', () => {
    const texts = corpusTexts();
    expect(texts.map(([name]) => name)).toEqual(Object.keys(snapshot.corpus));
    for (const [name, text] of texts) expect(recordOf(text), name).toEqual(snapshot.corpus[name]);
  });

  it('selects and trims every Discourse fixture email exactly', async () => {
    expect(await emailRecords()).toEqual(snapshot.emails);
  });

  it('reproduces every seeded random email exactly', () => {
    const texts = randomTexts();
    expect(texts).toHaveLength(snapshot.random.length);
    // One toEqual per case costs seconds; the first differing case is reported with its input.
    const differing = texts.findIndex((text, i) => {
      const record = randomRecordOf(text);
      const recorded = snapshot.random[i];
      return (
        record.pattern !== recorded?.pattern ||
        record.marker !== recorded.marker ||
        record.digest !== recorded.digest
      );
    });
    if (differing >= 0) {
      const text = texts[differing] ?? '';
      const now = JSON.stringify(recordOf(text));
      expect(
        randomRecordOf(text),
        `random email ${differing}: ${JSON.stringify(text)} now gives ${now}`,
      ).toEqual(snapshot.random[differing]);
    }
  });

  it('classifies every seeded random line exactly', () => {
    const lines = randomLines();
    const letters = lines.map(classifyLine).join('');
    if (letters !== snapshot.lineLetters) {
      const at = [...letters].findIndex((letter, i) => letter !== snapshot.lineLetters[i]);
      expect.fail(`line ${at} ${JSON.stringify(lines[at])}: ${letters[at]}, was ${snapshot.lineLetters[at]}`);
    }
  });
});
