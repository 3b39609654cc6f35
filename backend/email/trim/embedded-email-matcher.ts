// Port of email_reply_trimmer's EmbeddedEmailMatcher: lines that introduce a quoted or forwarded
// email ("On … wrote:", "-----Original Message-----", …) in many languages.
//
// Every expression here is linear: the three families whose upstream regexes backtrack heavily
// live in wrote-markers.ts and date-wrote-markers.ts as scanners; the rest either have bounded quantifiers or
// only run on lines of at most MAX_MARKER_LINE_LENGTH characters (see line-classifier.ts).
import { dateSomeoneWroteMatches, dateSomeoneWroteMayMatch } from './date-wrote-markers';
import { BLANK, BOL, DOT, EOL } from './ruby-text';
import {
  MarkerSubject,
  presentWroteMarkers,
  WROTE_MARKERS,
  type WroteMarker,
  wroteMarkerMatches,
} from './wrote-markers';

// Op 10 dec. 2015 18:35 schreef "Arpit Jalan" <info@discourse.org>:
// Am 18.09.2013 um 16:24 schrieb codinghorror <info@discourse.org>:
// Den 15. jun. 2016 kl. 20.42 skrev Jeff Atwood <info@discourse.org>:
// søn. 30. apr. 2017 kl. 00.26 skrev David Taylor <meta@discoursemail.com>:
const ON_DATE_WROTE_SOMEONE_REGEXES = [
  ['Op', 'schreef'],
  ['Am', 'schrieb'],
  ['Den', 'skrev'],
  [String.raw`søn\.`, 'skrev'],
].map(([on, wrote]) => new RegExp(String.raw`${BOL}[${BLANK}>]*${on}\s${DOT}+\s${wrote}\s[^:]+:`, 'u'));

// 2016-03-03 17:21 GMT+01:00 Some One
const ISO_DATE_SOMEONE_REGEX = new RegExp(
  String.raw`${BOL}[${BLANK}>]*20\d\d-\d\d-\d\d \d\d:\d\d GMT\+\d\d:\d\d [\w${BLANK}]+${EOL}`,
  'u',
);

// 2015-10-18 0:17 GMT+03:00 Matt Palmer <info@discourse.org>:
// 2013/10/2 camilohollanda <info@discourse.org>
// вт, 5 янв. 2016 г. в 23:39, Erlend Sogge Heggen <info@discourse.org>:
// `[^@<>]+` crosses lines as upstream; each such run is reached from at most 160 starts (the bounded
// `\d{4}.{1,80}\s?` before it), which keeps the work linear.
export const DATE_SOMEONE_EMAIL_REGEX = new RegExp(
  String.raw`\d{4}${DOT}{1,80}\s?<[^@<>]+@[^@<>.]+\.[^@<>]+>:?${EOL}`,
  'gu',
);

// codinghorror via Discourse Meta wrote:
// codinghorror via Discourse Meta <info@discourse.org> schrieb:
const SOMEONE_VIA_SOMETHING_WROTE_REGEXES = ['wrote', 'schrieb'].map(
  (wrote) => new RegExp(`${BOL}${DOT}+ via ${DOT}+ ${wrote}:?[${BLANK}]*${EOL}`, 'u'),
);

// Some One <info@discourse.org> wrote:
// Gavin Sinclair (gsinclair@soyabean.com.au) wrote:
const SOMEONE_EMAIL_WROTE_REGEX = new RegExp(
  String.raw`${BOL}${DOT}+\b[\w.+\-]+@[\w.\-]+\.\w{2,}\b${DOT}+wrote:?${EOL}`,
  'u',
);

// Posted by mpalmer on 01/21/2016
const POSTED_BY_SOMEONE_ON_DATE_REGEX = new RegExp(
  String.raw`${BOL}[${BLANK}>]*Posted by ${DOT}+ on \d{2}\/\d{2}\/\d{4}${EOL}`,
  'iu',
);

// Begin forwarded message:
// ----- Forwarded Message ----- / -----Original Message----- / *----- Original Message -----*
// ------------------ 原始邮件 ------------------
const FORWARDED_EMAIL_REGEXES = [
  `[${BLANK}>]*Begin forwarded message:`,
  `[${BLANK}>*]*-{2,}[${BLANK}]*(?:Forwarded|Original|Reply) Message[${BLANK}]*-{2,}`,
  `[${BLANK}>]*Début du message transféré :`,
  `[${BLANK}>*]*-{2,}[${BLANK}]*Message transféré[${BLANK}]*-{2,}`,
  `[${BLANK}>*]*-{2,}[${BLANK}]*Ursprüngliche Nachricht[${BLANK}]*-{2,}`,
  `[${BLANK}>*]*-{2,}[${BLANK}]*Mensaje original[${BLANK}]*-{2,}`,
  `[${BLANK}>*]*-{2,}[${BLANK}]*原始邮件[${BLANK}]*-{2,}`,
].map((source) => new RegExp(`${BOL}${source}`, 'iu'));

/**
 * One of the groups below: `regexes.some((r) => r.test(text))` as one alternation. `mayMatch` is a
 * cheap test of something every expression of the group needs: most lines hold none of it.
 */
interface Family {
  /** for any text */
  readonly text: RegExp;
  /** for a text without line breaks (a line), where `BOL` can only hold at its start */
  readonly line: RegExp;
  readonly mayMatch: (text: string) => boolean;
}

function family(regexes: readonly RegExp[], mayMatch: (text: string) => boolean): Family {
  const flags = regexes[0]?.flags.replace('g', '') ?? '';
  if (regexes.some((regex) => regex.flags.replace('g', '') !== flags)) throw new Error('mixed flags');
  const sources = regexes.map((regex) => regex.source);
  const alternatives = (strip: number): string => sources.map((s) => `(?:${s.slice(strip)})`).join('|');
  if (!sources.every((source) => source.startsWith(BOL))) {
    const text = new RegExp(alternatives(0), flags);
    return { text, line: text, mayMatch };
  }
  // `(?:BOL a|BOL b)` is `BOL(?:a|b)`, with one look-behind per position instead of one per
  // alternative; in a line only position 0 can follow a line start, which `^` tells the engine.
  return {
    text: new RegExp(`${BOL}(?:${alternatives(BOL.length)})`, flags),
    line: new RegExp(`^(?:${alternatives(BOL.length)})`, flags),
    mayMatch,
  };
}

// Alternations of these linear expressions stay linear: each alternative is tried from each start
// as it was on its own. The families are grouped by flags. In the pre-tests a single character goes
// first: `includes` of one character is several times cheaper than of a word or a small expression.
const ON_DATE_VERB = /s(?:chreef|chrieb|krev)/;
const FORWARD_TITLE_END = /--|[eE ]:/;
const EMBEDDED_FAMILIES: readonly Family[] = [
  // "… schreef/schrieb/skrev …:", case-sensitive like the expressions
  family(ON_DATE_WROTE_SOMEONE_REGEXES, (text) => text.includes(':') && ON_DATE_VERB.test(text)),
  family([ISO_DATE_SOMEONE_REGEX], (text) => text.includes('+') && text.includes(' GMT+')),
  family([DATE_SOMEONE_EMAIL_REGEX], (text) => text.includes('@')),
  family(SOMEONE_VIA_SOMETHING_WROTE_REGEXES, (text) => text.includes('v') && text.includes(' via ')),
  family([SOMEONE_EMAIL_WROTE_REGEX], (text) => text.includes('@') && text.includes('wrote')),
  // The rest ignore case, but none of the characters tested here has another case.
  family([POSTED_BY_SOMEONE_ON_DATE_REGEX], (text) => text.includes('/')),
  // "…message:" (only "E" folds to "e"), "…transféré :", or dashes around the title
  family(
    FORWARDED_EMAIL_REGEXES,
    (text) => (text.includes(':') || text.includes('-')) && FORWARD_TITLE_END.test(text),
  ),
];

/** The scanned families that can match in a text, or in any of its lines (see `markerGate`). */
export interface MarkerGate {
  readonly wrote: readonly WroteMarker[];
  readonly dateWrote: boolean;
}

/** No family ruled out. */
const ANY_MARKER: MarkerGate = { wrote: WROTE_MARKERS, dateWrote: true };

/**
 * Rules out, once for a whole text, the scanned families whose literals it lacks; they then cannot
 * match in any line of it either, so classifying its lines skips them.
 */
export function markerGate(text: string): MarkerGate {
  return { wrote: presentWroteMarkers(text), dateWrote: dateSomeoneWroteMayMatch(text) };
}

/**
 * Upstream `EmbeddedEmailMatcher.match?`. Also accepts a whole text (upstream's matcher test passes
 * one), in which case any line may match. Upstream checks the families in a different order; only
 * the yes/no answer matters. `gate` comes from `markerGate` of a text `text` is a line of.
 */
export function isEmbeddedEmailMarker(text: string, gate: MarkerGate = ANY_MARKER): boolean {
  if (gate.wrote.length > 0) {
    const subject = new MarkerSubject(text);
    for (const marker of gate.wrote) if (wroteMarkerMatches(marker, text, subject)) return true;
  }
  if (gate.dateWrote && dateSomeoneWroteMatches(text)) return true;
  const oneLine = !text.includes('\n');
  for (const { text: anywhere, line, mayMatch } of EMBEDDED_FAMILIES) {
    if (mayMatch(text) && (oneLine ? line : anywhere).test(text)) return true;
  }
  return false;
}
