// The searches email_reply_trimmer runs over its one-letter-per-line pattern (see line-classifier.ts).
// Several upstream expressions let neighbouring quantifiers compete for the same letters
// (`t?e*[qbe]+$`, `h+[hte]+h+e`, `(?:[eqd]*){3,}`), which is cubic or exponential on long runs
// of one letter. Each function below returns the same index as the upstream regex (named in its
// comment) in one pass; line-pattern.test.ts checks them against the regexes on random patterns.

/** Start of the longest suffix made only of `letters` (the pattern length when there is none). */
function trailingRunStart(pattern: string, letters: string): number {
  let start = pattern.length;
  while (start > 0 && letters.includes(pattern[start - 1] ?? '')) start--;
  return start;
}

/** `/^b[^t]+t[et]*$/`: the email starts with a quote header and the reply is at the bottom. */
export function isReplyAtEnd(pattern: string): boolean {
  return /^b[^t]+t[et]*$/.test(pattern);
}

/** `pattern =~ /t[et]*$/`. */
export function textAtEndIndex(pattern: string): number {
  const start = trailingRunStart(pattern, 'et');
  const index = pattern.indexOf('t', start);
  return index;
}

/** `pattern =~ /te*b[^q]*$/`: a quote header after some text, with no quoted line below it. */
export function embeddedWithoutQuoteIndex(pattern: string): number {
  // The `b` must come after the last `q`, and only `e`s separate it from its `t`.
  const from = pattern.lastIndexOf('q') + 1;
  const match = /te*b/.exec(pattern.slice(from));
  return match === null ? -1 : from + match.index;
}

/**
 * `pattern =~ /te*b[eqbh]*([te]*)$/ && $1.count("t") < 7`: a quote header after some text, followed
 * by the quote and at most six more lines of text at the very end.
 */
export function embeddedBeforeQuoteIndex(pattern: string): number {
  // After the `b`, only `[eqbh]` letters and then only `[te]` letters may follow: the `b` must come
  // after any other letter, and after the last `t` that precedes a non-`t`/`e` letter.
  let lastForeign = -1;
  let lastOther = -1;
  for (let i = pattern.length - 1; i >= 0 && lastForeign < 0; i--) {
    const letter = pattern[i] ?? '';
    if (!'eqbht'.includes(letter)) lastForeign = i;
    if (lastOther < 0 && !'te'.includes(letter)) lastOther = i;
  }
  const lastTextBeforeOther = lastOther < 0 ? -1 : pattern.lastIndexOf('t', lastOther);
  const search = /te*b/g;
  for (let match = search.exec(pattern); match !== null; match = search.exec(pattern)) {
    const marker = match.index + match[0].length - 1;
    if (marker < lastForeign || marker < lastTextBeforeOther) continue;
    const textLines = [...pattern.slice(marker + 1)].filter((letter) => letter === 't').length;
    return textLines < 7 ? match.index : -1;
  }
  return -1;
}

/** `pattern =~ /t?e*[qbe]+$/`: where the final run of quotes, headers and blank lines starts. */
export function trailingQuoteIndex(pattern: string): number {
  const start = trailingRunStart(pattern, 'qbe');
  if (start === pattern.length) return -1;
  return start > 0 && pattern[start - 1] === 't' ? start - 1 : start;
}

/**
 * `pattern =~ /h+[hte]+h+e/` and the length of that match: a quoted email's header block whose
 * values wrapped onto extra lines. Returns `[start, length]` or null.
 */
export function wrappedHeadersSpan(pattern: string): [number, number] | null {
  let runStart = 0;
  while (runStart < pattern.length) {
    let runEnd = runStart;
    while (runEnd < pattern.length && 'hte'.includes(pattern[runEnd] ?? '')) runEnd++;
    const lastHeaderBeforeBlank = pattern.slice(runStart, runEnd).lastIndexOf('he');
    const firstHeader = pattern.indexOf('h', runStart);
    if (
      lastHeaderBeforeBlank >= 0 &&
      firstHeader >= 0 &&
      firstHeader <= runStart + lastHeaderBeforeBlank - 2
    ) {
      return [firstHeader, runStart + lastHeaderBeforeBlank + 2 - firstHeader];
    }
    runStart = runEnd + 1;
  }
  return null;
}

/** `pattern =~ /t[eq]*h{3,}/`: at least three header lines after some text. Linear as is. */
export function headersAfterTextIndex(pattern: string): number {
  return pattern.search(/t[eq]*h{3,}/);
}

/** `pattern =~ /[eq]+$/`. */
export function trailingQuotesIndex(pattern: string): number {
  const start = trailingRunStart(pattern, 'eq');
  return start === pattern.length ? -1 : start;
}

/** `pattern =~ /(?:h[eqd]*?){3,}[tq]/`: a header block of a forwarded email, followed by its body. */
export function forwardedHeadersIndex(pattern: string): number {
  let at = 0;
  while (at < pattern.length) {
    let runEnd = at;
    while (runEnd < pattern.length && 'heqd'.includes(pattern[runEnd] ?? '')) runEnd++;
    // A later start in the same run only sees fewer headers, so the run's first `h` decides.
    const first = pattern.indexOf('h', at);
    if (first >= 0 && first < runEnd) {
      let third = first;
      for (let count = 1; count < 3 && third >= 0; count++) {
        third = pattern.indexOf('h', third + 1);
        if (third >= runEnd) third = -1;
      }
      if (third >= 0) {
        const quote = pattern.indexOf('q', third + 1);
        if ((quote >= 0 && quote < runEnd) || pattern[runEnd] === 't') return first;
      }
    }
    at = runEnd + 1;
  }
  return -1;
}

/** `pattern =~ /b(?:[eqd]*){3,}[tq]/`, i.e. `/b[eqd]*[tq]/` without the exponential inner loop. */
export function quotedForwardIndex(pattern: string): number {
  return pattern.search(/b[eqd]*[tq]/);
}

/**
 * `pattern =~ /e*(b[eqd]*|b*[ed]*)$/`: where the blank lines, quote header and delimiters that
 * introduce an embedded email begin. Walks backwards through the reversed expression:
 * `[eqd]* b e*` (branch A) or `[ed]* b* e*` (branch B).
 */
export function embeddedIntroIndex(pattern: string): number {
  let a = 0; // 0: in `[eqd]*`, 1: after the `b` (accepting), -1: dead
  let b = 0; // 0: in `[ed]*`, 1: in `b*`, 2: in the leading `e*`; all accepting; -1: dead
  let best = pattern.length;
  for (let i = pattern.length - 1; i >= 0 && (a >= 0 || b >= 0); i--) {
    const letter = pattern[i] ?? '';
    if (a === 0) a = 'eqd'.includes(letter) ? 0 : letter === 'b' ? 1 : -1;
    else if (a === 1) a = letter === 'e' ? 1 : -1;
    if (b === 0) b = 'ed'.includes(letter) ? 0 : letter === 'b' ? 1 : -1;
    else if (b === 1) b = letter === 'b' ? 1 : letter === 'e' ? 2 : -1;
    else if (b === 2) b = letter === 'e' ? 2 : -1;
    if (a === 1 || b >= 0) best = i;
  }
  return best;
}
