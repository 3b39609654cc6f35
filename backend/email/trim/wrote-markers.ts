// The "On <date>, <someone> wrote:" families of email_reply_trimmer's EmbeddedEmailMatcher, as linear
// scanners instead of regexes.
//
// Upstream runs these regexes over the whole text (to re-join markers that a mail client wrapped over
// several lines) and over single lines (to classify them). Their shapes, `^lead (?:(?!\bstop\b).)+?verb`
// with `.` crossing lines and `^.+\bwrote\b\s+\bon\b.+[^:]+:`, restart a long scan from every line
// start, which is quadratic on hostile input. The scanners below return exactly upstream's match end
// (same greedy/lazy preferences) but remember where a previous scan failed, so every character is
// looked at a constant number of times.
import { LiteralSearch } from './literal-search';
import { BLANK, EOL } from './ruby-text';
import { TextIndex } from './text-index';

const TRAILER = `[${BLANK}.:>\\-]`;
const TRAILER_CHAR = new RegExp(`^${TRAILER}$`, 'u');
const ASCII_WORD_CHAR = /^\w$/;

/** Per-text caches of the scanners; all lookups move forward, so each is amortised O(1). */
class MarkerIndex extends TextIndex {
  private readonly found = new Map<RegExp, number[]>();
  private tailColon = -1;
  private tailEnd = -1;
  private tailBreak = -1;
  private lastValidFor = -1;
  private lastValidAt = -1;
  /** Where the previous failed scan of the current family stopped; see `OnDateSomeoneWrote.at`. */
  failedAt = -1;

  /**
   * End of upstream's `verb[^:]+[[:blank:].:>-]*$` when the verb ends at `from`: the line end after the
   * first colon when the rest of that line is trailer characters, the text end when no colon follows,
   * otherwise the last line break before that colon. -1 when it cannot match.
   */
  colonTailEnd(from: number): number {
    const { text } = this;
    if (from >= text.length || text[from] === ':') return -1;
    const colon = this.next(':', from);
    if (colon === text.length) return text.length;
    if (colon !== this.tailColon) {
      this.tailColon = colon;
      const lineEnd = this.lineEnd(colon);
      let onlyTrailer = true;
      // Stops at the first letter, so scans from different colons do not overlap much.
      for (let i = colon; i < lineEnd && onlyTrailer; i++) onlyTrailer = TRAILER_CHAR.test(text[i] ?? '');
      this.tailEnd = onlyTrailer ? lineEnd : -1;
      this.tailBreak = text.lastIndexOf('\n', colon - 1);
    }
    if (this.tailEnd >= 0) return this.tailEnd;
    // The `[^:]+` run must contain a line break after its first character.
    return this.tailBreak >= from + 1 ? this.tailBreak : -1;
  }

  /** Start positions of `regex` (global) in the line [from, to), from one pass over the text. */
  matchesIn(regex: RegExp, from: number, to: number): number[] {
    let all = this.found.get(regex);
    if (all === undefined) {
      all = [];
      regex.lastIndex = 0;
      for (let m = regex.exec(this.text); m !== null; m = regex.exec(this.text)) all.push(m.index);
      this.found.set(regex, all);
    }
    let low = 0;
    let high = all.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((all[mid] ?? 0) < from) low = mid + 1;
      else high = mid;
    }
    const result: number[] = [];
    for (let i = low; i < all.length && (all[i] ?? to) < to; i++) result.push(all[i] ?? 0);
    return result;
  }

  /** Last colon of the line ending at `lineEnd` that follows a non-colon, or -1. */
  lastValidColon(lineEnd: number): number {
    if (lineEnd !== this.lastValidFor) {
      this.lastValidFor = lineEnd;
      this.lastValidAt = -1;
      const lineStart = this.text.lastIndexOf('\n', lineEnd - 1) + 1;
      for (let k = lineEnd - 1; k > lineStart; k--) {
        if (this.text[k] === ':' && this.text[k - 1] !== ':') {
          this.lastValidAt = k;
          break;
        }
      }
    }
    return this.lastValidAt;
  }
}

/** A marker family: the end of upstream's match starting at this line start, or -1. */
export interface WroteMarker {
  at(index: MarkerIndex, lineStart: number): number;
  /**
   * Cheap test that the family cannot match anywhere in the text. The subject is shared by all the
   * families: lower-casing a long text and searching it once per needle cost more than the scans.
   */
  absentFrom(subject: MarkerSubject): boolean;
}

/** A text, and which of the families' needles its lower case holds (worked out on first use). */
export class MarkerSubject {
  private found: Set<string> | undefined;

  constructor(readonly text: string) {}

  /** `text.toLowerCase().includes(needle)`, for a needle of MARKER_NEEDLES. */
  lowerHas(needle: string): boolean {
    this.found ??= MARKER_NEEDLES.foundIn(this.text.toLowerCase());
    return this.found.has(needle);
  }
}

interface OnDateDefinition {
  readonly lead: string;
  readonly stop: string;
  readonly verb: string;
  /** a verb followed by upstream's `[^:]+` */
  readonly colonVerb?: string;
  /** lower-case literals, one of which must occur for a match */
  readonly needles: readonly string[];
}

/** `^[[:blank:]<>-]*lead (?:(?!\b(?>stop)\b).)+?verb[[:blank:].:>-]*$` with `/im`. */
class OnDateSomeoneWrote implements WroteMarker {
  private readonly lead: RegExp;
  private readonly stop: RegExp;
  private readonly verb: RegExp;
  private readonly colonVerb: RegExp | null;
  /** Where the stop, the verb or the colon verb may match: the positions in between need no checks. */
  private readonly candidate: RegExp;

  constructor(private readonly definition: OnDateDefinition) {
    this.lead = new RegExp(`[${BLANK}<>\\-]*${definition.lead} `, 'iuy');
    this.stop = new RegExp(`\\b(?:${definition.stop})\\b`, 'iuy');
    this.verb = new RegExp(`(?:${definition.verb})${TRAILER}*${EOL}`, 'iuy');
    this.colonVerb = definition.colonVerb === undefined ? null : new RegExp(definition.colonVerb, 'iuy');
    const words = [definition.verb, ...(definition.colonVerb === undefined ? [] : [definition.colonVerb])];
    this.candidate = new RegExp(`\\b(?:${definition.stop})\\b|(?:${words.join('|')})`, 'giu');
  }

  absentFrom(subject: MarkerSubject): boolean {
    for (const needle of this.definition.needles) if (subject.lowerHas(needle)) return false;
    return true;
  }

  at(index: MarkerIndex, lineStart: number): number {
    const { text } = index;
    const start = stickyEnd(this.lead, text, lineStart);
    if (start < 0) return -1;
    // A later line's scan walks over the same positions with the same checks as the failed scan
    // that ran past it, so it fails at the same place.
    if (start <= index.failedAt) return -1;
    // `+?` takes one character before the verb is first tried.
    if (start >= text.length || stickyEnd(this.stop, text, start) >= 0) return this.fail(index, start);
    for (let at = start + 1; ; at++) {
      // Two sticky tests per character were most of the cost of a marker line; a search finds the
      // next position where either can succeed (a superset: both are checked there as before).
      at = this.nextCandidate(text, at);
      const end = this.verbEnd(index, at);
      if (end >= 0) return end;
      if (at >= text.length || stickyEnd(this.stop, text, at) >= 0) return this.fail(index, at);
    }
  }

  /** First position at or after `from` where the candidate expression matches, else the text end. */
  private nextCandidate(text: string, from: number): number {
    this.candidate.lastIndex = from;
    const found = this.candidate.exec(text);
    return found === null ? text.length : found.index;
  }

  private verbEnd(index: MarkerIndex, at: number): number {
    const end = stickyEnd(this.verb, index.text, at);
    if (end >= 0 || this.colonVerb === null) return end;
    const verbEnd = stickyEnd(this.colonVerb, index.text, at);
    return verbEnd < 0 ? -1 : index.colonTailEnd(verbEnd);
  }

  private fail(index: MarkerIndex, at: number): number {
    index.failedAt = at;
    return -1;
  }
}

/** `^.+\bwrote\b[[:space:]]+\bon\b.+[^:]+:` (no flags). */
class SomeoneWroteOnDate implements WroteMarker {
  private readonly verb: RegExp;

  constructor(
    private readonly word: string,
    private readonly on: string,
  ) {
    this.verb = new RegExp(`\\b${word}\\b`, 'g');
  }

  absentFrom(subject: MarkerSubject): boolean {
    // The word is lower case: where the text holds it, so does its lower case, which is searched
    // for all the needles at once; the exact test only runs when that finds it.
    return !subject.lowerHas(this.word) || !subject.text.includes(this.word);
  }

  at(index: MarkerIndex, lineStart: number): number {
    // `.+` needs a character before the verb, and cannot leave the line.
    const found = index.matchesIn(this.verb, lineStart + 1, index.lineEnd(lineStart));
    // `.+` is greedy: the last occurrence on the line is tried first.
    for (let i = found.length - 1; i >= 0; i--) {
      const end = this.endAfter(index, (found[i] ?? 0) + this.word.length);
      if (end >= 0) return end;
    }
    return -1;
  }

  private endAfter(index: MarkerIndex, verbEnd: number): number {
    const { text } = index;
    let at = verbEnd;
    while (at < text.length && /\s/u.test(text[at] ?? '')) at++;
    if (at === verbEnd || !text.startsWith(this.on, at)) return -1;
    const onEnd = at + this.on.length;
    if (onEnd < text.length && ASCII_WORD_CHAR.test(text[onEnd] ?? '')) return -1;
    const lineEnd = index.lineEnd(onEnd);
    if (lineEnd <= onEnd) return -1;
    // `.+` reaches the end of the line and `[^:]+` runs on to the first colon, across lines.
    if (lineEnd < text.length) {
      const colon = index.next(':', lineEnd);
      if (colon < text.length) return colon + 1;
    }
    // Otherwise both give back characters until a colon of this line follows a non-colon.
    const colon = index.lastValidColon(lineEnd);
    return colon >= onEnd + 2 ? colon + 1 : -1;
  }
}

function stickyEnd(regex: RegExp, text: string, at: number): number {
  regex.lastIndex = at;
  const m = regex.exec(text);
  return m === null ? -1 : at + m[0].length;
}

// On Wed, Sep 25, 2013, at 03:57 PM, jorge_castro wrote:
// Op 24 aug. 2013 om 16:48 heeft ven88 via Discourse Meta <info@discourse.org> het volgende geschreven:
// Le 4 janv. 2016 19:03, "Neil Lalonde" <info@discourse.org> a écrit :
// Dnia 14 lip 2015 o godz. 00:25 Michael Downey <info@discourse.org> napisał(a):
// Em seg, 27 de jul de 2015 17:13, Neil Lalonde <info@discourse.org> escreveu:
// El jueves, 21 de noviembre de 2013, codinghorror escribió:
// At 6/16/2016 08:32 PM, you wrote:
const ON_DATE_SOMEONE_WROTE: readonly OnDateDefinition[] = [
  { lead: '在', stop: '在|写道', verb: '写道', needles: ['写道'] }, // Chinese
  {
    lead: 'Op', // Dutch
    stop: String.raw`Op|het\svolgende\sgeschreven|schreef`,
    verb: String.raw`het\svolgende\sgeschreven`,
    colonVerb: 'schreef',
    needles: ['geschreven', 'schreef'],
  },
  { lead: 'In message', stop: 'In message|writes', verb: 'writes', needles: ['writes'] }, // English
  {
    lead: '(?:On|At)',
    stop: 'On|wrote|writes|says|said',
    verb: '(?:wrote|writes|says|said)',
    needles: ['wrote', 'writes', 'says', 'said'],
  },
  {
    lead: 'Le', // French
    stop: String.raw`Le|nous\sa\sdit|a\s+écrit`,
    verb: String.raw`(?:nous\sa\sdit|a\s+écrit)`,
    needles: ['dit', 'écrit'],
  },
  {
    lead: 'Am',
    stop: String.raw`Am|schrieben\sSie`,
    verb: String.raw`schrieben\sSie`,
    needles: ['schrieben'],
  }, // German
  { lead: 'Am', stop: 'Am|geschrieben', verb: 'geschrieben', colonVerb: 'schrieb', needles: ['schrieb'] },
  { lead: 'Il', stop: String.raw`Il|ha\sscritto`, verb: String.raw`ha\sscritto`, needles: ['scritto'] }, // Italian
  {
    lead: '(?:Dnia|Dňa)',
    stop: 'Dnia|Dňa|napisał',
    verb: String.raw`napisał(?:\(a\))?`,
    needles: ['napisał'],
  }, // Polish
  { lead: 'Em', stop: 'Em|escreveu', verb: 'escreveu', needles: ['escreveu'] }, // Portuguese
  { lead: 'El', stop: 'El|escribió', verb: 'escribió', needles: ['escribió'] }, // Spanish
];

/** Upstream ON_DATE_SOMEONE_WROTE_REGEXES, in upstream order. */
export const ON_DATE_SOMEONE_WROTE_MARKERS: readonly WroteMarker[] = ON_DATE_SOMEONE_WROTE.map(
  (definition) => new OnDateSomeoneWrote(definition),
);

// Max Mustermann <try_discourse@discoursemail.com> schrieb am Fr., 28. Apr. 2017 um 11:53 Uhr:
/** Upstream SOMEONE_WROTE_ON_DATE_REGEXES (English, German). */
const SOMEONE_WROTE_ON_DATE: readonly (readonly [word: string, on: string])[] = [
  ['wrote', 'on'],
  ['schrieb', 'am'],
];
const SOMEONE_WROTE_ON_DATE_WORDS = SOMEONE_WROTE_ON_DATE.map(([word]) => word);
export const SOMEONE_WROTE_ON_DATE_MARKERS: readonly WroteMarker[] = SOMEONE_WROTE_ON_DATE.map(
  ([word, on]) => new SomeoneWroteOnDate(word, on),
);

function lineStartAtOrAfter(text: string, at: number): number {
  if (at === 0 || text[at - 1] === '\n') return at;
  const lineBreak = text.indexOf('\n', at);
  return lineBreak === -1 ? text.length : lineBreak + 1;
}

/** Both families, in upstream order (the order in which the pre-processor replaces them). */
export const WROTE_MARKERS: readonly WroteMarker[] = [
  ...ON_DATE_SOMEONE_WROTE_MARKERS,
  ...SOMEONE_WROTE_ON_DATE_MARKERS,
];

/** Every literal `absentFrom` looks for, searched for together. */
const MARKER_NEEDLES = new LiteralSearch([
  ...ON_DATE_SOMEONE_WROTE.flatMap((definition) => definition.needles),
  ...SOMEONE_WROTE_ON_DATE_WORDS,
]);

/**
 * The markers of WROTE_MARKERS that are not `absentFrom` the text. One absent from a text is absent
 * from each of its lines: a line is a substring of the text, and its lower case a substring of the
 * text's lower case (String#toLowerCase only looks at neighbours for a final sigma, and not across
 * a line break, which is neither cased nor case-ignorable).
 */
export function presentWroteMarkers(text: string): WroteMarker[] {
  const subject = new MarkerSubject(text);
  return WROTE_MARKERS.filter((marker) => !marker.absentFrom(subject));
}

/** Upstream `text =~ regex` for one family: does it match at any line start? */
export function wroteMarkerMatches(
  marker: WroteMarker,
  text: string,
  subject = new MarkerSubject(text),
): boolean {
  if (marker.absentFrom(subject)) return false;
  const index = new MarkerIndex(text);
  for (let start = 0; start < text.length; start = lineStartAtOrAfter(text, start + 1)) {
    if (marker.at(index, start) >= 0) return true;
  }
  return false;
}

/** Upstream `text.gsub(regex) { |m| replace(m) }` for one family. */
export function replaceWroteMarkers(
  marker: WroteMarker,
  text: string,
  replace: (match: string) => string,
  subject = new MarkerSubject(text),
): string {
  if (marker.absentFrom(subject)) return text;
  const index = new MarkerIndex(text);
  let result = '';
  let copied = 0;
  let start = 0;
  while (start < text.length) {
    const end = marker.at(index, start);
    if (end >= 0) {
      result += text.slice(copied, start) + replace(text.slice(start, end));
      copied = end;
      start = lineStartAtOrAfter(text, end);
    } else {
      start = lineStartAtOrAfter(text, start + 1);
    }
  }
  return result + text.slice(copied);
}

/** replaceWroteMarkers for each family of WROTE_MARKERS in turn (needles searched again after a change). */
export function replaceAllWroteMarkers(text: string, replace: (match: string) => string): string {
  let subject = new MarkerSubject(text);
  for (const marker of WROTE_MARKERS) {
    const replaced = replaceWroteMarkers(marker, subject.text, replace, subject);
    if (replaced !== subject.text) subject = new MarkerSubject(replaced);
  }
  return subject.text;
}
