// email_reply_trimmer's `preprocess!` and `hoist_code_blocks`: clean-ups applied to the whole text
// before it is classified line by line. Upstream does several of these with lazy `[\s\S]+?` regexes
// that rescan the rest of the text from every candidate line; here they are single passes.
import { randomUUID } from 'node:crypto';

import { replaceDateSomeoneWrote } from './date-wrote-markers';
import { DATE_SOMEONE_EMAIL_REGEX } from './embedded-email-matcher';
import { BLANK, BOL, EOL, MAX_MARKER_LINE_LENGTH, rubyStrip } from './ruby-text';
import { replaceAllWroteMarkers } from './wrote-markers';

const PGP_SIGNED_HEADER = /^-----BEGIN PGP SIGNED MESSAGE-----\n(?:Hash: \w+)?\s+/i;
const PGP_BEGIN = '-----BEGIN PGP SIGNATURE-----';
const PGP_END = '-----END PGP SIGNATURE-----';

/** `^-----BEGIN PGP SIGNATURE-----$[\s\S]+^-----END PGP SIGNATURE-----`: first BEGIN line to last END. */
function removePgpSignature(text: string): string {
  let begin = text.indexOf(PGP_BEGIN);
  while (begin !== -1) {
    const after = begin + PGP_BEGIN.length;
    if ((begin === 0 || text[begin - 1] === '\n') && (after === text.length || text[after] === '\n')) break;
    begin = text.indexOf(PGP_BEGIN, begin + 1);
  }
  if (begin === -1) return text;
  for (
    let end = text.lastIndexOf(PGP_END);
    end > begin + PGP_BEGIN.length;
    end = text.lastIndexOf(PGP_END, end - 1)
  ) {
    if (text[end - 1] === '\n') return text.slice(0, begin) + text.slice(end + PGP_END.length);
  }
  return text;
}

const UNSUBSCRIBE = /Unsubscribe: [^\n]+@[^\n]+(?:\n[^\n]+http:[^\n]+)?\s*(?![\s\S])/iuy;

/** Start of the line that ends at `end` (a line break or the text end). */
function lineStartBefore(text: string, end: number): number {
  return end === 0 ? 0 : text.lastIndexOf('\n', end - 1) + 1;
}

/**
 * `^Unsubscribe: .+@.+(\n.+http:.+)?\s*\z` (mailing-list footers). The match must reach the end of
 * the text, so only the last two non-blank lines can start it. They are found from the end, without
 * splitting the whole text.
 */
function removeUnsubscribeFooter(text: string): string {
  let lastEnd = text.length;
  let lastStart = lineStartBefore(text, lastEnd);
  while (/^\s*$/u.test(text.slice(lastStart, lastEnd))) {
    if (lastStart === 0) return text; // only blank lines
    lastEnd = lastStart - 1;
    lastStart = lineStartBefore(text, lastEnd);
  }
  // Footers are short; the regex backtracks over '@' × "http:" on the two lines.
  if (lastEnd - lastStart > MAX_MARKER_LINE_LENGTH) return text;
  if (lastStart > 0) {
    const start = lineStartBefore(text, lastStart - 1);
    UNSUBSCRIBE.lastIndex = start;
    if (lastStart - 1 - start <= MAX_MARKER_LINE_LENGTH && UNSUBSCRIBE.test(text))
      return text.slice(0, start);
  }
  UNSUBSCRIBE.lastIndex = lastStart;
  return UNSUBSCRIBE.test(text) ? text.slice(0, lastStart) : text;
}

// `^.*>{5} "[^"\n]+" == .+ writes:` (alias-style quote headers); the lookahead keeps `.*` on short lines.
const ALIAS_QUOTE_MARKER = new RegExp(
  `${BOL}(?=[^\\n]{0,${MAX_MARKER_LINE_LENGTH}}${EOL})[^\\n]*>{5} "[^"\\n]+" == [^\\n]+ writes:`,
  'gu',
);

/** Ruby `body.gsub(/^/, "> ")`: every line start, except after a final line break. */
function quoteLines(body: readonly string[]): string[] {
  return body.map((line, i) => (i > 0 && i === body.length - 1 && line === '' ? line : `> ${line}`));
}

/** First index in the sorted `indexes` that is a valid closing line for an opening at `open`. */
function firstClosing(
  indexes: readonly number[] | undefined,
  open: number,
  lines: readonly string[],
): number {
  if (indexes === undefined) return -1;
  // `$\n([\s\S]+?)\n^close`: the body between needs at least one character.
  const from = lines[open + 1] === '' ? open + 3 : open + 2;
  let low = 0;
  let high = indexes.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((indexes[mid] ?? 0) < from) low = mid + 1;
    else high = mid;
  }
  return indexes[low] ?? -1;
}

/** The labels `^>>> ?(.+) ?>>>$` can capture, in the order Ruby's backtracking tries them. */
function enclosedLabels(line: string): string[] {
  const inner = line.slice(3, -3);
  const labels: string[] = [];
  for (const lead of inner.startsWith(' ') ? [1, 0] : [0]) {
    const label = inner.slice(lead);
    labels.push(label);
    if (label.endsWith(' ')) labels.push(label.slice(0, -1));
  }
  return labels.filter((label) => label.length > 0);
}

/**
 * `^>>> ?(.+) ?>>>$\n([\s\S]+?)\n^<<< ?\1 ?<<<$` and `^>{4,}[[:blank:]]*$\n([\s\S]+?)\n^<{4,}[[:blank:]]*$`:
 * blocks fenced this way become ordinary "> " quotes.
 */
function unfenceEnclosedQuotes(text: string): string {
  // Both kinds of block need a closing line starting with "<<<"; without one nothing changes.
  if (!text.includes('<<<')) return text;
  let lines = text.split('\n');
  const closings = new Map<string, number[]>();
  lines.forEach((line, i) => {
    if (line.length >= 6 && line.startsWith('<<<') && line.endsWith('<<<')) {
      const key = line.slice(3, -3);
      const same = closings.get(key);
      if (same === undefined) closings.set(key, [i]);
      else same.push(i);
    }
  });
  lines = replaceFencedBlocks(lines, (line, i) => {
    if (line.length < 7 || !line.startsWith('>>>') || !line.endsWith('>>>')) return -1;
    for (const label of enclosedLabels(line)) {
      const candidates = [label, ` ${label}`, `${label} `, ` ${label} `]
        .map((key) => firstClosing(closings.get(key), i, lines))
        .filter((index) => index >= 0);
      if (candidates.length > 0) return Math.min(...candidates);
    }
    return -1;
  });
  const open = new RegExp(`^>{4,}[${BLANK}]*$`, 'u');
  const close = new RegExp(`^<{4,}[${BLANK}]*$`, 'u');
  const closingLines = lines.flatMap((line, i) => (close.test(line) ? [i] : []));
  lines = replaceFencedBlocks(lines, (line, i) =>
    open.test(line) ? firstClosing(closingLines, i, lines) : -1,
  );
  return lines.join('\n');
}

/** One left-to-right pass, like `gsub`: `closingFor` gives the closing line of an opening line, or -1. */
function replaceFencedBlocks(
  lines: readonly string[],
  closingFor: (line: string, i: number) => number,
): string[] {
  const result: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const closing = i + 1 < lines.length ? closingFor(line, i) : -1;
    if (closing < 0) {
      result.push(line);
      continue;
    }
    result.push(...quoteLines(lines.slice(i + 1, closing)));
    i = closing;
  }
  return result;
}

// `^((?:[[:blank:]]*[[:alpha:]]*[>|])+)`: "Bob> ", "| " and "> > " prefixes become plain ">".
// Each repetition ends on a required `>` or `|`, so the loop cannot backtrack into itself.
const QUOTE_PREFIX = new RegExp(`${BOL}((?:[${BLANK}]*\\p{Alphabetic}*[>|])+)`, 'gu');
const QUOTE_PREFIX_PART = /\p{Alphabetic}+>|\|/gu;
// A prefix changes only if it holds a "|" or a letter just before a ">", and a prefix is made of
// blanks, letters, ">" and "|" from a line start: without such a line start the pass is a no-op.
// `^` with `m` also holds after "\r" and U+2028, a few more starts than BOL, which only means the
// pass sometimes runs for nothing; it is much cheaper than BOL's look-behind at every position.
// Linear: the lazy run stops at the first other character, and the tail is two characters long.
const CHANGING_QUOTE_PREFIX = new RegExp(`^[${BLANK}\\p{Alphabetic}>|]*?(?:\\p{Alphabetic}>|\\|)`, 'mu');

function plainQuotePrefix(prefix: string): string {
  return prefix.replace(QUOTE_PREFIX_PART, '>');
}

/** Upstream only re-joins a marker wrapped over at most four line breaks. */
function joinWrappedMarker(match: string): string {
  const breaks = match.split('\n').length - 1;
  return breaks > 4 ? match : match.replace(/\n+\s*/gu, ' ');
}

/** Upstream `preprocess!`, in upstream order. */
export function preprocess(input: string): string {
  let text = input.replaceAll('\r\n', '\n');
  text = text.replace(PGP_SIGNED_HEADER, '');
  text = removePgpSignature(text);
  text = removeUnsubscribeFooter(text);
  // Each pass below is skipped when the text lacks a literal its expression needs (same result).
  if (text.includes('>>>>> "')) text = text.replace(ALIAS_QUOTE_MARKER, '');
  text = unfenceEnclosedQuotes(text);
  if (CHANGING_QUOTE_PREFIX.test(text)) text = text.replace(QUOTE_PREFIX, plainQuotePrefix);
  // Markers such as "On …, Someone <a@b.c>\nwrote:" that a mail client wrapped over several lines.
  text = replaceAllWroteMarkers(text, joinWrappedMarker);
  text = replaceDateSomeoneWrote(text, joinWrappedMarker);
  if (text.includes('@')) text = text.replace(DATE_SOMEONE_EMAIL_REGEX, joinWrappedMarker);
  return rubyStrip(text);
}

const CODE_FENCE_OPEN = /^```\w*$/;
const CODE_FENCE_CLOSE = '```';

const unchanged = (trimmed: string): string => trimmed;

export interface HoistedCode {
  readonly text: string;
  /** Puts the original code blocks back in place of their tokens. */
  restore(trimmed: string): string;
}

/**
 * Upstream `hoist_code_blocks` (`/^```\w*$\n.*?^```$/m`): fenced code is swapped for a one-line token
 * so that its "--" or "> " lines are not taken for delimiters or quotes.
 */
export function hoistCodeBlocks(text: string): HoistedCode {
  // An opening fence is a line starting with ```.
  if (!text.includes(CODE_FENCE_CLOSE)) return { text, restore: unchanged };
  const lines = text.split('\n');
  const closings = lines.flatMap((line, i) => (line === CODE_FENCE_CLOSE ? [i] : []));
  const blocks = new Map<string, string>();
  const result: string[] = [];
  let next = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    while (next < closings.length && (closings[next] ?? 0) <= i) next++;
    const closing = closings[next];
    if (!CODE_FENCE_OPEN.test(line) || closing === undefined) {
      result.push(line);
      continue;
    }
    const token = randomUUID().replaceAll('-', '');
    blocks.set(token, lines.slice(i, closing + 1).join('\n'));
    result.push(token);
    i = closing;
  }
  if (blocks.size === 0) return { text, restore: unchanged };
  return {
    text: result.join('\n'),
    // A token is a whole line of the text, and the trimmer keeps or drops whole lines, each once: a
    // kept token is a whole line of `trimmed`. Swapping lines in one pass gives what replacing each
    // token in turn gave (short of an email holding a random 128-bit token), without rescanning the
    // text once per code block, which was quadratic in an email of many small blocks.
    restore: (trimmed) => {
      const restored = trimmed.split('\n');
      for (let i = 0; i < restored.length; i++) {
        const block = blocks.get(restored[i] ?? '');
        if (block !== undefined) restored[i] = block;
      }
      return restored.join('\n');
    },
  };
}
