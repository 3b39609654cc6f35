// Pieces that let the email_reply_trimmer port keep Ruby's (Onigmo's) regex and String semantics
// in JavaScript. Upstream: https://github.com/discourse/email_reply_trimmer (MIT), commit 117fd1a.

/** Ruby `[[:blank:]]` on a UTF-8 string: tab plus every Unicode space separator. Use inside `[...]`. */
export const BLANK = String.raw`\t\p{Zs}`;

/** Ruby `[[:word:]]` on a UTF-8 string (letters, marks, decimal digits, connector punctuation). */
export const WORD = String.raw`\p{L}\p{M}\p{Nd}\p{Pc}`;

/**
 * Ruby's `^` and `$` are always line anchors and, unlike JavaScript's `m` flag, only `\n` ends a line
 * (a stray `\r` or U+2028 does not). Lookarounds give exactly that.
 */
export const BOL = String.raw`(?<![^\n])`;
export const EOL = String.raw`(?![^\n])`;

/** Ruby's `.` without the `m` flag: anything but `\n` (JavaScript's `.` also stops at `\r`). */
export const DOT = String.raw`[^\n]`;

/** Ruby `\z`. */
export const END = String.raw`(?![\s\S])`;

/**
 * Lines longer than this are never checked against the signature and embedded-email matchers:
 * those markers ("On … wrote:", "Sent from my …") are short, and several upstream expressions
 * backtrack quadratically in the line length. Capping the line keeps classification linear in the
 * size of the email (at most this many steps per character) whatever the input.
 */
export const MAX_MARKER_LINE_LENGTH = 1_000;

const RUBY_WHITESPACE = '\0\t\n\v\f\r ';

/**
 * Ruby `String#strip`: removes NUL and ASCII whitespace only (JavaScript's trim also eats U+00A0).
 * A loop, because `/\s+$/` rescans a long inner run of whitespace from each of its characters.
 */
export function rubyStrip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && RUBY_WHITESPACE.includes(text[start] ?? '')) start++;
  while (end > start && RUBY_WHITESPACE.includes(text[end - 1] ?? '')) end--;
  return text.slice(start, end);
}

/** Ruby `String#split("\n")`: like JavaScript's split, but trailing empty fields are dropped. */
export function rubySplitLines(text: string): string[] {
  const lines = text.split('\n');
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Ruby `/\A[[:space:]]*\z/m`: the text is empty or only whitespace. */
export function isBlank(text: string): boolean {
  return /^\s*$/u.test(text);
}
