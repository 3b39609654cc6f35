// For HTML too deeply nested to hand to a DOM. The HTML5 tree builder checks the stack of open
// elements for each tag (quadratic in the depth) and turndown recurses once per level, so hostile
// nesting costs seconds or overflows the stack. Upstream's parser (Nokogiri's Gumbo) refuses trees
// deeper than 400 levels; here such mail is read as plain text by a single pass instead.

/** Upstream's limit (Nokogiri::Gumbo::DEFAULT_MAX_TREE_DEPTH). */
export const MAX_HTML_DEPTH = 400;

// Elements that never enclose anything, or whose end tag may be left out (they would inflate the count).
const NOT_NESTING = new Set(
  (
    'area base br col colgroup embed hr img input link meta param source track wbr ' +
    'p li dt dd tr td th thead tbody tfoot option optgroup rt rp caption html head body'
  ).split(' '),
);

interface Tag {
  readonly name: string;
  readonly closing: boolean;
  readonly selfClosing: boolean;
  readonly start: number;
  readonly end: number;
}

/** The tags of `html` in order, found with `indexOf` so that every character is read once. */
function* tags(html: string): Generator<Tag> {
  let at = html.indexOf('<');
  while (at !== -1) {
    const end = html.indexOf('>', at + 1);
    if (end === -1) return;
    const match = /^<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)/.exec(html.slice(at, Math.min(end, at + 64)));
    if (match !== null) {
      const [, slash = '', name = ''] = match;
      yield {
        name: name.toLowerCase(),
        closing: slash === '/',
        selfClosing: html[end - 1] === '/',
        start: at,
        end,
      };
    }
    at = html.indexOf('<', end + 1);
  }
}

/** Deepest nesting of elements that must be closed, as written (not as a parser would repair it). */
export function nestingDepth(html: string): number {
  let depth = 0;
  let deepest = 0;
  for (const tag of tags(html)) {
    if (NOT_NESTING.has(tag.name) || tag.selfClosing) continue;
    depth = tag.closing ? Math.max(0, depth - 1) : depth + 1;
    deepest = Math.max(deepest, depth);
  }
  return deepest;
}

const BREAKS = new Set('address blockquote br div h1 h2 h3 h4 h5 h6 hr li p pre table tr'.split(' '));
const SKIPPED = new Set(['head', 'script', 'style', 'title', 'template']);
const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});/gi, (entity, body: string) => {
    if (!body.startsWith('#')) return ENTITIES[body.toLowerCase()] ?? entity;
    const code =
      body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
  });
}

/** The text of `html`, a line break per block, without building a tree. */
export function htmlToPlainText(html: string): string {
  const parts: string[] = [];
  let copied = 0;
  let skipUntil: string | null = null;
  for (const tag of tags(html)) {
    if (skipUntil === null) parts.push(decodeEntities(html.slice(copied, tag.start)).replace(/\s+/g, ' '));
    copied = tag.end + 1;
    if (skipUntil !== null) {
      if (tag.closing && tag.name === skipUntil) skipUntil = null;
      continue;
    }
    if (!tag.closing && !tag.selfClosing && SKIPPED.has(tag.name)) skipUntil = tag.name;
    else if (BREAKS.has(tag.name)) parts.push('\n');
  }
  if (skipUntil === null) parts.push(decodeEntities(html.slice(copied)).replace(/\s+/g, ' '));
  return parts.join('');
}
