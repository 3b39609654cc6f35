// A port of Discourse's email_reply_trimmer (https://github.com/discourse/email_reply_trimmer, MIT,
// v0.2.0, commit 117fd1a): separates the new text of an email reply from the quoted history,
// forwarded headers, delimiters and mobile signatures below (or above) it. §3.6 of the handbook.
//
// How it works, as upstream: every line becomes one letter (line-classifier.ts), and the trimming
// is a series of searches over that string of letters (line-pattern.ts).
import { classifyLines, DELIMITER, EMAIL_HEADER, EMBEDDED, SIGNATURE } from './line-classifier';
import {
  embeddedBeforeQuoteIndex,
  embeddedIntroIndex,
  embeddedWithoutQuoteIndex,
  forwardedHeadersIndex,
  headersAfterTextIndex,
  isReplyAtEnd,
  quotedForwardIndex,
  textAtEndIndex,
  trailingQuoteIndex,
  trailingQuotesIndex,
  wrappedHeadersSpan,
} from './line-pattern';
import { hoistCodeBlocks, preprocess } from './preprocess';
import { isBlank, rubySplitLines, rubyStrip } from './ruby-text';

export interface TrimmedReply {
  /** the new text of the reply */
  readonly trimmed: string;
  /** what was removed: quoted history, forwarded email, signature (may be empty) */
  readonly elided: string;
}

/** Lines and their letters, cut together. */
class Lines {
  constructor(
    public pattern: string,
    public lines: string[],
  ) {}

  /** Keep lines before `end`. */
  keepBefore(end: number): void {
    this.pattern = this.pattern.slice(0, end);
    this.lines = this.lines.slice(0, end);
  }

  drop(letter: string): void {
    // After a bottom-posted reply upstream empties the pattern but keeps the lines.
    if (!this.pattern.includes(letter)) return;
    let pattern = '';
    const lines: string[] = [];
    // The letters are ASCII: index i of the pattern is line i.
    for (let i = 0; i < this.pattern.length; i++) {
      const kind = this.pattern[i] ?? '';
      if (kind === letter) continue;
      pattern += kind;
      lines.push(this.lines[i] ?? '');
    }
    this.pattern = pattern;
    this.lines = lines;
  }
}

function trimLines(all: readonly string[]): string[] {
  const state = new Lines(classifyLines(all), all.slice());

  // Everything after the first delimiter ("--", "____", …) goes.
  const delimiter = state.pattern.indexOf(DELIMITER);
  if (delimiter >= 0) state.keepBefore(delimiter);

  // Mobile signatures ("Sent from my iPhone") go wherever they are.
  state.drop(SIGNATURE);

  // Bottom-posting: the email starts with a quote header and the reply is the text at the end.
  if (isReplyAtEnd(state.pattern)) {
    state.lines = state.lines.slice(textAtEndIndex(state.pattern));
    state.pattern = '';
  }

  // Cut after the last text line before: a quote header with no quote below it; a quote header
  // followed by the quote (and at most six lines of text); a quote ending the email. Upstream keeps
  // the line at the index found (`pattern[0..index]`), which is that text line.
  for (const find of [embeddedWithoutQuoteIndex, embeddedBeforeQuoteIndex, trailingQuoteIndex]) {
    const index = find(state.pattern);
    if (index >= 0) state.keepBefore(index + 1);
  }

  // Remaining quote headers ("On … wrote:") in the middle of the text are dropped.
  state.drop(EMBEDDED);

  const wrapped = wrappedHeadersSpan(state.pattern);
  if (wrapped !== null) {
    const [start, length] = wrapped;
    state.pattern =
      state.pattern.slice(0, start) + EMAIL_HEADER.repeat(length) + state.pattern.slice(start + length);
  }

  // A block of at least three "From:/Sent:/To:" headers after some text starts a quoted email.
  const headers = headersAfterTextIndex(state.pattern);
  if (headers >= 0) state.keepBefore(headers + 1);

  state.drop(EMAIL_HEADER);

  // Trailing quotes and blank lines go when there is some text.
  const quotes = trailingQuotesIndex(state.pattern);
  if (state.pattern.includes('t') && quotes >= 0) state.keepBefore(quotes);

  return state.lines;
}

/** Upstream `compute_elided`: the original lines that the greedy in-order walk did not keep. */
function computeElided(all: readonly string[], kept: readonly string[]): string {
  const elided: string[] = [];
  let k = 0;
  for (let a = 0; a < all.length; a++) {
    while (k < kept.length && a < all.length && all[a] === kept[k]) {
      a++;
      k++;
    }
    // Upstream appends `text[t]` even past the end (nil), which only adds a stripped newline.
    elided.push(all[a] ?? '');
  }
  return rubyStrip(elided.join('\n'));
}

/**
 * Upstream `EmailReplyTrimmer.trim(text, true)`. Line endings are normalised and the result is
 * stripped. Unlike upstream, code-block placeholders are also restored in the elided part.
 */
export function trimReply(text: string): TrimmedReply {
  if (isBlank(text)) return { trimmed: '', elided: '' };
  const code = hoistCodeBlocks(preprocess(text));
  const all = rubySplitLines(code.text);
  const kept = trimLines(all);
  return {
    trimmed: code.restore(rubyStrip(kept.join('\n'))),
    elided: code.restore(computeElided(all, kept)),
  };
}

/**
 * Upstream `EmailReplyTrimmer.extract_embedded_email`: a forwarded email inside `text`, as
 * `[embedded email, text before it]`, or null when there is none.
 */
export function extractEmbeddedEmail(text: string): [embedded: string, before: string] | null {
  if (isBlank(text)) return null;
  const lines = rubySplitLines(preprocess(text));
  const pattern = classifyLines(lines);

  let embedded: string;
  let index = forwardedHeadersIndex(pattern);
  if (index >= 0) {
    embedded = rubyStrip(lines.slice(index).join('\n'));
  } else {
    // Apple Mail and iOS quote the whole forwarded email, header block included.
    index = quotedForwardIndex(pattern);
    if (index < 0) return null;
    embedded = rubyStrip(
      lines
        .slice(index + 1)
        .map((line) => line.replace(/^>\s*/, ''))
        .join('\n'),
    );
  }
  const before = rubyStrip(lines.slice(0, embeddedIntroIndex(pattern.slice(0, index))).join('\n'));
  return [embedded, before];
}
