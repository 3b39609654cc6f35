// A quick exact answer for the HTML most posts cook to, before the general sanitizer. Plain
// replies cook to a handful of tag shapes (paragraphs, line breaks, emphasis, lists, code,
// links, quoted mail, the folded trimmed part); sanitize-html parses and rebuilds them at a
// cost of several times the markdown rendering. This reads the HTML once and accepts it only
// when EVERY tag is one of those shapes — allowlisted tag, allowlisted attribute with a checked
// value, strictly nested, nothing the parser would close implicitly — and every `&` starts a
// known reference. It then writes exactly what sanitizeCooked would (double-quoted attributes,
// `<br />`, references decoded and re-escaped, `rel` on external links). Anything else —
// comments, unknown tags or attributes, other URL schemes, loose `<`, odd nesting — returns
// undefined and goes through sanitize-html. sanitize-fast-path.test.ts checks the two agree.

/** Tags kept with no attributes at all. */
const PLAIN = new Set([
  ...['p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6'],
  ...['strong', 'b', 'em', 'i', 's', 'del', 'ins', 'sub', 'sup'],
  ...['code', 'pre', 'blockquote', 'ul', 'ol', 'li'],
  ...['table', 'thead', 'tbody', 'tr', 'th', 'td', 'details', 'summary'],
]);
const WITH_ATTRIBUTES = new Set(['a', 'img', 'code', 'ol', 'details', 'summary']);
/** Written as `<x />`, never closed (sanitize-html's selfClosing, htmlparser2's void elements). */
const VOID = new Set(['br', 'hr', 'img']);

// htmlparser2's openImpliesClose, for the tags above: opening the key closes an open element
// of these names first. Input where that would happen is left to the full sanitizer.
const P = ['p'];
const IMPLIED_CLOSE: Record<string, readonly string[]> = {
  tr: ['tr', 'th', 'td'],
  th: ['th'],
  td: ['thead', 'th', 'td'],
  li: ['li'],
  tbody: ['thead', 'tbody'],
  ...Object.fromEntries(
    ['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'details', 'hr', 'ol', 'pre', 'table', 'ul'].map(
      (t) => [t, P],
    ),
  ),
};

const TAG = /<(\/?)([a-z][a-z0-9]*)((?:\s+[a-z][a-z-]*=(?:"[^"<>]*"|'[^'<>]*'))*)\s*(\/?)>/y;
const ATTRIBUTE = /\s+([a-z][a-z-]*)=(?:"([^"]*)"|'([^']*)')/g;
const REFERENCE = /&(?:(amp|lt|gt|quot)|#(\d{1,7})|#x([0-9a-fA-F]{1,6}));/y;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"' };
/** Schemes sanitizeCooked keeps on links; images only http(s). */
const SCHEME = /^([a-zA-Z][a-zA-Z0-9.\-+]*):/;

/** Decodes the references htmlparser2 would, or undefined for anything it might read differently. */
function decode(s: string): string | undefined {
  if (!s.includes('&')) return s;
  let out = '';
  let at = 0;
  for (;;) {
    const amp = s.indexOf('&', at);
    if (amp < 0) return out + s.slice(at);
    out += s.slice(at, amp);
    REFERENCE.lastIndex = amp;
    const m = REFERENCE.exec(s);
    if (!m) return undefined;
    if (m[1]) out += NAMED[m[1]];
    else {
      const code = m[2] !== undefined ? Number(m[2]) : parseInt(m[3] ?? '', 16);
      // NUL, C1 controls (remapped to Windows-1252 by HTML), surrogates and beyond Unicode
      // decode specially: not for the quick path.
      if (
        code < 0x20 ||
        (code >= 0x7f && code <= 0x9f) ||
        (code >= 0xd800 && code <= 0xdfff) ||
        code > 0x10ffff
      )
        return undefined;
      out += String.fromCodePoint(code);
    }
    at = REFERENCE.lastIndex;
  }
}

const escapeText = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttribute = (s: string): string => escapeText(s).replace(/"/g, '&quot;');

/** sanitize-html's check for href/src, reduced to what it lets through unchanged. */
function urlKept(tag: string, url: string): boolean {
  // eslint-disable-next-line no-control-regex -- browsers ignore these, so sanitize-html strips them before reading
  const bare = url.replace(/[\x00-\x20]+/g, '');
  if (bare.includes('<!--')) return false;
  const scheme = SCHEME.exec(bare)?.[1]?.toLowerCase();
  if (scheme === undefined) return true; // relative, or protocol-relative (allowed)
  return tag === 'img'
    ? scheme === 'http' || scheme === 'https'
    : ['http', 'https', 'mailto'].includes(scheme);
}

/** The attributes written for one allowed tag, or undefined when the tag is not a known shape. */
function attributesOf(
  tag: string,
  source: string,
  isExternal: (href: string) => boolean,
): string | undefined {
  if (source === '') return '';
  if (!WITH_ATTRIBUTES.has(tag)) return undefined;
  const seen = new Set<string>();
  let out = '';
  let href: string | undefined;
  for (const m of source.matchAll(ATTRIBUTE)) {
    const name = m[1] as string;
    const value = decode(m[2] ?? m[3] ?? '');
    if (value === undefined || seen.has(name)) return undefined;
    seen.add(name);
    if (value === '' && !(tag === 'img' && name === 'alt')) return undefined;
    switch (`${tag} ${name}`) {
      case 'a href':
      case 'img src':
        if (!urlKept(tag, value)) return undefined;
        if (tag === 'a') href = value;
        break;
      case 'a title':
      case 'img alt':
      case 'img title':
        break;
      case 'a class':
        if (value !== 'mention' && value !== 'mention-group') return undefined;
        break;
      case 'code class':
        if (!/^lang-[A-Za-z0-9_+#.-]+$/.test(value)) return undefined;
        break;
      case 'ol start':
        if (!/^\d{1,9}$/.test(value)) return undefined;
        break;
      case 'details class':
        if (value !== 'elided') return undefined;
        break;
      case 'summary title':
        if (value !== 'Show trimmed content') return undefined;
        break;
      default:
        return undefined;
    }
    out += ` ${name}="${escapeAttribute(value)}"`;
  }
  if (href !== undefined && isExternal(href)) out += ' rel="noopener nofollow ugc"';
  return out;
}

/**
 * sanitizeCooked's output for `html` when it is made only of the known shapes; undefined when
 * the full sanitizer must decide. `isExternal` is sanitizeCooked's own test for links that leave
 * the forum.
 */
export function sanitizeKnownShapes(html: string, isExternal: (href: string) => boolean): string | undefined {
  const stack: string[] = [];
  let out = '';
  let at = 0;
  while (at < html.length) {
    const lt = html.indexOf('<', at);
    const text = decode(html.slice(at, lt < 0 ? html.length : lt));
    if (text === undefined) return undefined;
    out += escapeText(text);
    if (lt < 0) break;
    TAG.lastIndex = lt;
    const m = TAG.exec(html);
    if (!m) return undefined;
    at = TAG.lastIndex;
    const [, closing, name = '', attributes = '', selfClosing] = m;
    if (!PLAIN.has(name) && !WITH_ATTRIBUTES.has(name)) return undefined;
    if (closing) {
      if (attributes || selfClosing || VOID.has(name) || stack.pop() !== name) return undefined;
      out += `</${name}>`;
      continue;
    }
    if (selfClosing && !VOID.has(name)) return undefined;
    const top = stack[stack.length - 1];
    if (top !== undefined && IMPLIED_CLOSE[name]?.includes(top)) return undefined;
    const written = attributesOf(name, attributes, isExternal);
    if (written === undefined) return undefined;
    if (VOID.has(name)) out += `<${name}${written} />`;
    else {
      stack.push(name);
      out += `<${name}${written}>`;
    }
  }
  return stack.length === 0 ? out : undefined;
}
