// The linear scanners and pattern searches replace upstream regexes that backtrack badly. Here the
// upstream regexes (translated literally to JavaScript) serve as oracles on many small random inputs,
// where their cost does not matter: every rewrite must return exactly what its regex returns.
import { describe, expect, it } from 'vitest';

import { replaceDateSomeoneWrote } from './date-wrote-markers';
import * as pattern from './line-pattern';
import { BLANK, BOL, EOL } from './ruby-text';
import { random } from './test-support';
import {
  ON_DATE_SOMEONE_WROTE_MARKERS,
  replaceWroteMarkers,
  SOMEONE_WROTE_ON_DATE_MARKERS,
} from './wrote-markers';

function texts(seed: number, tokens: readonly string[], count: number, maxTokens: number): string[] {
  const next = random(seed);
  return Array.from({ length: count }, () =>
    Array.from(
      { length: Math.floor(next() * maxTokens) },
      () => tokens[Math.floor(next() * tokens.length)],
    ).join(''),
  );
}

const bracket = (match: string): string => `[${match}]`;

// Upstream EmbeddedEmailMatcher::ON_DATE_SOMEONE_WROTE_REGEXES, `/im` → `iu` with `.` as `[\s\S]`.
const ON_DATE_ORACLES = [
  ['在', '在|写道', '写道'],
  [
    'Op',
    String.raw`Op|het\svolgende\sgeschreven|schreef`,
    String.raw`(het\svolgende\sgeschreven|schreef[^:]+)`,
  ],
  ['In message', 'In message|writes', 'writes'],
  ['(On|At)', 'On|wrote|writes|says|said', '(wrote|writes|says|said)'],
  ['Le', String.raw`Le|nous\sa\sdit|a\s+écrit`, String.raw`(nous\sa\sdit|a\s+écrit)`],
  ['Am', String.raw`Am|schrieben\sSie`, String.raw`schrieben\sSie`],
  ['Am', 'Am|geschrieben', '(geschrieben|schrieb[^:]+)'],
  ['Il', String.raw`Il|ha\sscritto`, String.raw`ha\sscritto`],
  ['(Dnia|Dňa)', 'Dnia|Dňa|napisał', String.raw`napisał(\(a\))?`],
  ['Em', 'Em|escreveu', 'escreveu'],
  ['El', 'El|escribió', 'escribió'],
].map(
  ([on, stop, wrote]) =>
    new RegExp(
      `${BOL}[${BLANK}<>\\-]*${on} (?:(?!\\b(?:${stop})\\b)[\\s\\S])+?${wrote}[${BLANK}.:>\\-]*${EOL}`,
      'giu',
    ),
);

const ON_DATE_TOKENS = [
  ...['On ', 'on ', 'At ', 'Op ', 'Am ', 'Le ', 'El ', 'Em ', 'Il ', 'Dnia ', 'In message ', '在 '],
  ...['\nOn x ', '\nOp x ', '\nAm x ', '\nDnia x ', '\nLe x ', '\nEl x '],
  ...['wrote', 'said', 'writes', 'rewrote', 'schreef', 'het volgende\ngeschreven', 'schrieb', 'geschrieben'],
  ...[
    'schrieben Sie',
    'a écrit',
    'a\n écrit',
    'nous a dit',
    'ha scritto',
    'napisał(a)',
    'escreveu',
    'escribió',
  ],
  ...['写道', ':', ':', '.', '>', '-', ' ', ' ', '\n', '\n', '\n', 'x', 'Bob <b@c.de>', '\t'],
];

// Upstream SOMEONE_WROTE_ON_DATE_REGEXES (no flags).
const WROTE_ON_ORACLES = [
  new RegExp(String.raw`${BOL}[^\n]+\bwrote\b\s+\bon\b[^\n]+[^:]+:`, 'gu'),
  new RegExp(String.raw`${BOL}[^\n]+\bschrieb\b\s+\bam\b[^\n]+[^:]+:`, 'gu'),
];
const WROTE_ON_TOKENS = [
  ...['x wrote on ', 'x wrote \n on ', 'y schrieb am ', 'wrote', 'on', 'schrieb', 'am', 'onx', 'Fr.'],
  ...[' ', ' ', '\n', '\n', ':', ':', '::', 'x', 'x'],
];

// Upstream DATE_SOMEONE_WROTE_REGEXES (no flags).
const DATE_WROTE_ORACLES = [
  /\d{4}[^\n]{1,80}пользователь[^\n]{0,80}\n?[^\n]{0,80}?написал:/gu,
  /\d{4}[^\n]{1,80}\n?[^\n]{0,80}?napisał\(a\):/gu,
  /\d{4}[^\n]{1,80}\n?[^\n]{0,80}?пише:/gu,
];
const DATE_WROTE_TOKENS = [
  ...['2016', '20', '1', ' ', '\n', '\n', 'пише:', 'napisał(a):', 'написал:', 'пользователь', 'x'],
  ...['y'.repeat(15), 'z'.repeat(40), 'w'.repeat(70)],
];

describe('marker scanners match upstream regexes', () => {
  it('re-joins "On … wrote:" markers exactly where upstream does', () => {
    for (const text of texts(1, ON_DATE_TOKENS, 4000, 16)) {
      ON_DATE_SOMEONE_WROTE_MARKERS.forEach((marker, i) => {
        const oracle = ON_DATE_ORACLES[i] as RegExp;
        expect(replaceWroteMarkers(marker, text, bracket), `${oracle} on ${JSON.stringify(text)}`).toBe(
          text.replace(oracle, bracket),
        );
      });
    }
  });

  it('re-joins "… wrote on <date>:" markers exactly where upstream does', () => {
    for (const text of texts(2, WROTE_ON_TOKENS, 4000, 14)) {
      SOMEONE_WROTE_ON_DATE_MARKERS.forEach((marker, i) => {
        const oracle = WROTE_ON_ORACLES[i] as RegExp;
        expect(replaceWroteMarkers(marker, text, bracket), `${oracle} on ${JSON.stringify(text)}`).toBe(
          text.replace(oracle, bracket),
        );
      });
    }
  });

  it('re-joins "<date> … пише:" markers exactly where upstream does', () => {
    for (const text of texts(3, DATE_WROTE_TOKENS, 4000, 14)) {
      const expected = DATE_WROTE_ORACLES.reduce((result, oracle) => result.replace(oracle, bracket), text);
      expect(replaceDateSomeoneWrote(text, bracket), JSON.stringify(text)).toBe(expected);
    }
  });
});

function searchOf(regex: RegExp): (text: string) => number {
  return (text) => text.search(regex);
}

describe('pattern searches match upstream regexes', () => {
  const patterns = texts(4, [...'bdehqstteeq'], 20000, 18);

  const cases: [string, (p: string) => unknown, (p: string) => unknown][] = [
    ['/t[et]*$/', pattern.textAtEndIndex, searchOf(/t[et]*$/)],
    ['/te*b[^q]*$/', pattern.embeddedWithoutQuoteIndex, searchOf(/te*b[^q]*$/)],
    [
      '/te*b[eqbh]*([te]*)$/ && $1.count("t") < 7',
      pattern.embeddedBeforeQuoteIndex,
      (p) => {
        const match = /te*b[eqbh]*([te]*)$/.exec(p);
        return match !== null && [...(match[1] ?? '')].filter((l) => l === 't').length < 7 ? match.index : -1;
      },
    ],
    ['/t?e*[qbe]+$/', pattern.trailingQuoteIndex, searchOf(/t?e*[qbe]+$/)],
    [
      '/h+[hte]+h+e/',
      pattern.wrappedHeadersSpan,
      (p) => {
        const match = /h+[hte]+h+e/.exec(p);
        return match === null ? null : [match.index, match[0].length];
      },
    ],
    ['/t[eq]*h{3,}/', pattern.headersAfterTextIndex, searchOf(/t[eq]*h{3,}/)],
    ['/[eq]+$/', pattern.trailingQuotesIndex, searchOf(/[eq]+$/)],
    ['/(?:h[eqd]*?){3,}[tq]/', pattern.forwardedHeadersIndex, searchOf(/(?:h[eqd]*?){3,}[tq]/)],
    ['/b(?:[eqd]*){3,}[tq]/', pattern.quotedForwardIndex, searchOf(/b(?:[eqd]*){3,}[tq]/)],
    ['/e*(b[eqd]*|b*[ed]*)$/', pattern.embeddedIntroIndex, searchOf(/e*(b[eqd]*|b*[ed]*)$/)],
    ['/^b[^t]+t[et]*$/', pattern.isReplyAtEnd, (p) => /^b[^t]+t[et]*$/.test(p)],
  ];

  it.each(cases)('%s', (_name, rewrite, oracle) => {
    for (const p of patterns) expect(rewrite(p), p).toEqual(oracle(p));
  });

  it('stays fast on long runs that make the regexes cubic or exponential', () => {
    const started = performance.now();
    for (const p of [
      'e'.repeat(50_000) + 't',
      'h'.repeat(50_000),
      'b' + 'e'.repeat(50_000),
      'bq'.repeat(25_000),
    ]) {
      for (const [, rewrite] of cases) rewrite(p);
    }
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
