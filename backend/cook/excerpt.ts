// Plain-text excerpt of a cooked post, for topic lists, notifications and e-mail subjects.
// Like Discourse's ExcerptParser it leaves out what the author quoted: an excerpt should
// say what this post adds, not repeat the post it answers.
import sanitizeHtml from 'sanitize-html';
import type { IFrame } from 'sanitize-html';

// Closing or opening any of these separates words even when the HTML has no whitespace
// between them (`<p>a</p><p>b</p>` must read "a b", not "ab").
const BLOCK_BOUNDARY =
  /<\/?(?:p|br|hr|li|div|h[1-6]|tr|td|th|blockquote|pre|ul|ol|table|aside|details|summary)\b/gi;

function hasClass(frame: IFrame, name: string): boolean {
  return (frame.attribs['class'] ?? '').split(/\s+/).includes(name);
}

/** Quotes and oneboxes repeat other content; elided parts are the trimmed e-mail history. */
function isLeftOut(frame: IFrame): boolean {
  if (frame.tag === 'aside') return hasClass(frame, 'quote') || hasClass(frame, 'onebox');
  return frame.tag === 'details' && hasClass(frame, 'elided');
}

function plainText(cooked: string): string {
  const escaped = sanitizeHtml(cooked.replace(BLOCK_BOUNDARY, ' $&'), {
    // sanitize-html only runs exclusiveFilter on allowed tags, so these two are "allowed"
    // and then removed: whole when left out, tag only (keeping the text) otherwise.
    allowedTags: ['aside', 'details'],
    allowedAttributes: { aside: ['class'], details: ['class'] },
    exclusiveFilter: (frame) => (isLeftOut(frame) ? true : 'excludeTag'),
    nonTextTags: ['script', 'style', 'template', 'textarea', 'option', 'select', 'noscript'],
  });
  // sanitize-html decodes every entity while parsing and re-escapes only these four, so
  // undoing them (ampersand last) restores the exact text.
  return escaped
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** Cuts `text` to at most `maxLength` code points at a word boundary. */
function cutAtWord(text: string, maxLength: number): string {
  const chars = Array.from(text);
  if (chars.length <= maxLength) return text;
  const head = chars.slice(0, Math.max(0, maxLength)).join('');
  const nextChar = chars[maxLength] ?? '';
  const lastSpace = head.lastIndexOf(' ');
  // A single word longer than the limit is cut mid-word rather than dropped.
  const cut = nextChar === ' ' || lastSpace <= 0 ? head : head.slice(0, lastSpace);
  return `${cut.trimEnd()}…`;
}

/**
 * Plain-text excerpt of cooked HTML: tags stripped, quotes left out, entities decoded,
 * whitespace collapsed, and cut at a word boundary to at most `maxLength` characters
 * followed by "…" (Discourse's convention: the ellipsis is not counted).
 */
export function excerptFromCooked(cooked: string, maxLength = 200): string {
  const text = plainText(cooked).replace(/\s+/g, ' ').trim();
  return cutAtWord(text, maxLength);
}
