// email_reply_trimmer's DATE_SOMEONE_WROTE_REGEXES as a scanner:
//   суббота, 14 марта 2015 г. пользователь etewiah написал:
//   23 mar 2017 21:25 "Neil Lalonde" <meta@discoursemail.com> napisał(a):
//   30 серп. 2016 р. 20:45 "Arpit" no-reply@example.com пише:
// Upstream `/\d{4}.{1,80}\n?.{0,80}?wrote:/` (and a variant with a user word in the middle) has only
// bounded quantifiers, but tries about 80 × 80 splits from every four digits: 6,400 steps per
// character of a long number. This finds the same match from the positions of the verb instead.
import { TextIndex } from './text-index';

const SPAN = 80;

interface DateWroteDefinition {
  /** word between the date and the verb ("пользователь"), or '' */
  readonly user: string;
  /** the verb with its colon */
  readonly wrote: string;
}

const DEFINITIONS: readonly DateWroteDefinition[] = [
  { user: 'пользователь', wrote: 'написал:' }, // Russian
  { user: '', wrote: 'napisał(a):' }, // Polish
  { user: '', wrote: 'пише:' }, // Ukrainian
];

/** Sorted positions of a literal, with the two lookups the scanner needs. */
class Occurrences {
  private readonly at: number[] = [];

  constructor(text: string, literal: string) {
    for (let i = text.indexOf(literal); i !== -1; i = text.indexOf(literal, i + 1)) this.at.push(i);
  }

  get empty(): boolean {
    return this.at.length === 0;
  }

  /** Index in `at` of the first position >= from (`at.length` when none). */
  private indexFrom(from: number): number {
    let low = 0;
    let high = this.at.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((this.at[mid] ?? 0) < from) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** First position >= from, or -1. */
  first(from: number): number {
    return this.at[this.indexFrom(from)] ?? -1;
  }

  /** Last position <= to, or -1. */
  last(to: number): number {
    return this.at[this.indexFrom(to + 1) - 1] ?? -1;
  }
}

/**
 * End of `.{min,80}\n?.{0,80}?wrote` from `from`, with the greedy-then-lazy preference of the regex:
 * the longest first run that still reaches the verb, trying the next line before the same one.
 */
function wroteEnd(index: TextIndex, wrote: Occurrences, length: number, from: number, min: number): number {
  const { text } = index;
  const end = index.lineEnd(from);
  const longest = Math.min(SPAN, end - from);
  if (longest < min) return -1;
  if (from + longest === end && end < text.length) {
    const next = wrote.first(end + 1);
    if (next !== -1 && next <= end + 1 + SPAN && next + length <= index.lineEnd(end + 1))
      return next + length;
  }
  // The verb must start within reach of the first run and lie on this line.
  const last = wrote.last(Math.min(from + longest + SPAN, end - length));
  if (last < from + min) return -1;
  return (last >= from + longest ? wrote.first(from + longest) : last) + length;
}

/** `/^\d{4}$/` on the four characters at `start`, without slicing them out at every position. */
function fourDigitsAt(text: string, start: number): boolean {
  if (start + 4 > text.length) return false;
  for (let i = start; i < start + 4; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

/** The literals a match of `definition` needs; without them its scanner is not even built. */
function possible(text: string, definition: DateWroteDefinition): boolean {
  return text.includes(definition.wrote) && (definition.user === '' || text.includes(definition.user));
}

class DateSomeoneWrote {
  private readonly wrote: Occurrences;
  private readonly user: Occurrences | null;
  private readonly index: TextIndex;

  constructor(
    private readonly text: string,
    private readonly definition: DateWroteDefinition,
  ) {
    this.index = new TextIndex(text);
    this.wrote = new Occurrences(text, definition.wrote);
    this.user = definition.user === '' ? null : new Occurrences(text, definition.user);
  }

  get impossible(): boolean {
    return this.wrote.empty || this.user?.empty === true;
  }

  /** End of upstream's match starting at `start` (four ASCII digits), or -1. */
  at(start: number): number {
    if (!fourDigitsAt(this.text, start)) return -1;
    const from = start + 4;
    const { wrote, user } = this;
    const length = this.definition.wrote.length;
    if (user === null) return wroteEnd(this.index, wrote, length, from, 1);
    // `.{1,80}user.{0,80}…`: the last reachable user word first, as the greedy `.{1,80}` would.
    const end = this.index.lineEnd(from);
    for (let at = user.last(from + SPAN); at >= from + 1; at = user.last(at - 1)) {
      if (at + this.definition.user.length > end) continue;
      const found = wroteEnd(this.index, wrote, length, at + this.definition.user.length, 0);
      if (found !== -1) return found;
    }
    return -1;
  }
}

/**
 * Whether any of the family can match in `text`. False also means it matches in none of its lines,
 * since a line is a substring of the text.
 */
export function dateSomeoneWroteMayMatch(text: string): boolean {
  return DEFINITIONS.some((definition) => possible(text, definition));
}

/** Upstream `text =~ regex` for any of the family. */
export function dateSomeoneWroteMatches(text: string): boolean {
  return DEFINITIONS.some((definition) => {
    if (!possible(text, definition)) return false;
    const scanner = new DateSomeoneWrote(text, definition);
    if (scanner.impossible) return false;
    for (let start = 0; start + 4 <= text.length; start++) if (scanner.at(start) !== -1) return true;
    return false;
  });
}

/** Upstream `text.gsub(regex) { |m| replace(m) }` for each regex of the family, in order. */
export function replaceDateSomeoneWrote(text: string, replace: (match: string) => string): string {
  let result = text;
  for (const definition of DEFINITIONS) {
    const source = result;
    if (!possible(source, definition)) continue;
    const scanner = new DateSomeoneWrote(source, definition);
    if (scanner.impossible) continue;
    result = '';
    let copied = 0;
    for (let start = 0; start + 4 <= source.length;) {
      const end = scanner.at(start);
      if (end === -1) {
        start++;
        continue;
      }
      result += source.slice(copied, start) + replace(source.slice(start, end));
      copied = end;
      start = end;
    }
    result += source.slice(copied);
  }
  return result;
}
