// The allowlist every cooked post passes before it is stored. Anything not named here is
// dropped; each group says why it is allowed, in the manner of Mailspring's sanitizer.
// The renderer sanitizes again at display time (DOMPurify); this is the first of two fences.
import sanitizeHtml from 'sanitize-html';
import type { IOptions, Transformer } from 'sanitize-html';
import { sanitizeKnownShapes } from './sanitize-fast-path';

export interface SanitizeCookedOptions {
  /** The forum's own base URL; links elsewhere get `rel="noopener nofollow ugc"`. */
  baseUrl?: string;
}

const ALLOWED_TAGS = [
  // Markdown's block structure: paragraphs, `breaks: true` line breaks, rules, headings.
  ...['p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6'],
  // Markdown emphasis, strikethrough, and the equivalent inline HTML people type by hand.
  ...['strong', 'b', 'em', 'i', 's', 'del', 'ins', 'sub', 'sup'],
  // Code spans and blocks; fenced code carries its language as a class.
  ...['code', 'pre'],
  // Markdown blockquotes and lists.
  ...['blockquote', 'ul', 'ol', 'li'],
  // Links and images (the renderer decides whether remote images load).
  ...['a', 'img'],
  // Markdown (GFM) tables.
  ...['table', 'thead', 'tbody', 'tr', 'th', 'td'],
  // Discourse quote markup: `<aside class="quote">` with a title `<div>`; also oneboxes.
  ...['aside', 'div'],
  // Trimmed e-mail quotes and signatures fold into `<details class="elided">`.
  ...['details', 'summary'],
];

const ALLOWED_ATTRIBUTES: IOptions['allowedAttributes'] = {
  // `rel` is always rewritten by `transformTags.a`; `class` only marks mentions.
  a: ['href', 'title', 'class', 'rel'],
  // No `srcset`/`style`: one URL to check, and layout stays the renderer's business.
  img: ['src', 'alt', 'title', 'width', 'height'],
  // Markdown lists that start at a number other than 1.
  ol: ['start'],
  // `lang-*` names the fence language for syntax highlighting.
  code: ['class'],
  // Discourse quote identity: who is quoted and which post, read by the client for jump links.
  aside: ['class', 'data-username', 'data-post', 'data-topic'],
  div: ['class'],
  details: ['class'],
  // The "Show trimmed content" tooltip on elided e-mail parts.
  summary: ['title'],
};

// Classes are checked value by value; any other class disappears.
const ALLOWED_CLASSES: IOptions['allowedClasses'] = {
  a: ['mention', 'mention-group'],
  code: ['lang-*'],
  aside: ['quote', 'no-group', 'onebox'],
  div: ['title', 'quote-controls'],
  details: ['elided'],
};

const BASE_OPTIONS: IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: ALLOWED_ATTRIBUTES,
  allowedClasses: ALLOWED_CLASSES,
  // Everything else (javascript:, vbscript:, data:, file:) is removed. sanitize-html strips
  // control characters and whitespace before reading the scheme, as browsers do.
  allowedSchemes: ['http', 'https', 'mailto'],
  // A `data:` image can carry SVG with script, and a mailto image means nothing.
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: true,
  disallowedTagsMode: 'discard',
  // Drop these with their content: what is inside them is code or chrome, never prose.
  nonTextTags: [
    ...['script', 'style', 'template', 'textarea', 'option', 'select'],
    ...['noscript', 'noembed', 'noframes', 'iframe', 'object'],
  ],
};

// Resolves relative links when the forum runs under a relative base ("" in tests and behind proxies).
const PLACEHOLDER_ORIGIN = 'http://foyer.invalid';

function originOf(baseUrl: string | undefined): string {
  try {
    return new URL(baseUrl ?? '', PLACEHOLDER_ORIGIN).origin;
  } catch {
    return PLACEHOLDER_ORIGIN;
  }
}

/** True for http(s) links (including `//host` and `https:host` forms) that leave our origin. */
function isExternal(href: string, ownOrigin: string): boolean {
  let url: URL;
  try {
    // eslint-disable-next-line no-control-regex -- browsers ignore these, so the check must too
    url = new URL(href.replace(/[\x00-\x20]+/g, ''), ownOrigin);
  } catch {
    return true; // Unparseable: assume the worst; the attribute costs nothing.
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin !== ownOrigin;
}

function markExternalLinks(ownOrigin: string): Transformer {
  return (tagName, attribs) => {
    // Author-supplied rel values (`opener`, `me`, …) are never kept.
    const { rel: _authorRel, ...rest } = attribs;
    const href = rest['href'];
    if (href !== undefined && isExternal(href, ownOrigin)) rest['rel'] = 'noopener nofollow ugc';
    return { tagName, attribs: rest };
  };
}

/** Reduces cooked HTML to the allowlist above. Safe on any input, including hostile raw HTML. */
export function sanitizeCooked(html: string, options: SanitizeCookedOptions = {}): string {
  const ownOrigin = originOf(options.baseUrl);
  // Most posts are a few known tag shapes: answered exactly without parsing (sanitize-fast-path.ts).
  const quick = sanitizeKnownShapes(html, (href) => isExternal(href, ownOrigin));
  if (quick !== undefined) return quick;
  return sanitizeHtml(html, {
    ...BASE_OPTIONS,
    transformTags: { a: markExternalLinks(ownOrigin) },
  });
}

/** The general sanitizer alone (tests compare the quick path against it). */
export function sanitizeCookedSlowly(html: string, options: SanitizeCookedOptions = {}): string {
  return sanitizeHtml(html, {
    ...BASE_OPTIONS,
    transformTags: { a: markExternalLinks(originOf(options.baseUrl)) },
  });
}
