// The renderer's ONE HTML sanitizer (architecture.md: the only DOMPurify user). Cooked post
// HTML was already cleaned by the server's allowlist; this is the second fence, at display
// time, so a compromised or foreign server still cannot run script in the client. Each
// allowance below says why it exists, in the manner of Mailspring's sanitize-transformer.
import createDOMPurify, { type Config } from 'dompurify';

// No SVG or MathML tags are listed: foreign namespaces are the usual route around HTML sanitizers.
const ALLOWED_TAGS = [
  // Markdown block structure and emphasis.
  ...['p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6'],
  ...['strong', 'b', 'em', 'i', 's', 'del', 'ins', 'sub', 'sup'],
  // Code spans and fenced blocks.
  ...['code', 'pre'],
  // Blockquotes and lists.
  ...['blockquote', 'ul', 'ol', 'li'],
  // Links and images; both are rewritten by the hook below.
  ...['a', 'img'],
  // GFM tables.
  ...['table', 'thead', 'tbody', 'tr', 'th', 'td'],
  // Discourse quotes (`aside.quote` with a `div.title`) and the cooker's elided e-mail part.
  ...['aside', 'div', 'details', 'summary'],
];

const ALLOWED_ATTR = [
  ...['href', 'title'],
  ...['src', 'alt', 'width', 'height'],
  // Numbered lists that do not start at 1.
  'start',
  // Classes are filtered value by value in the hook (CLASSES_BY_TAG).
  'class',
  // Who a quote quotes; read to attribute the collapsible quote block.
  ...['data-username', 'data-post', 'data-topic'],
];

/** The only class values kept, per tag; everything else is dropped so posts cannot borrow app styles. */
const CLASSES_BY_TAG: Record<string, readonly (string | RegExp)[]> = {
  a: ['mention', 'mention-group'],
  code: [/^lang-[\w-]{1,40}$/],
  aside: ['quote', 'no-group', 'onebox'],
  div: ['title', 'quote-controls'],
  details: ['elided'],
};

// Links: web, mail, same-site paths and in-page anchors. Protocol-relative `//host` is a
// remote link in disguise, so a path must not start with two slashes.
const ALLOWED_URI = /^(?:https?:|mailto:|\/(?!\/)|#)/i;

/** Images load only over https, or from this forum's own uploads (remote http could be tracked or tampered with). */
function allowedImageSource(src: string): boolean {
  if (/^https:\/\//i.test(src)) return true;
  if (/^\/uploads\//.test(src)) return true;
  try {
    const url = new URL(src, window.location.href);
    return url.origin === window.location.origin && url.pathname.startsWith('/uploads/');
  } catch {
    return false;
  }
}

const CONFIG: Config = {
  ALLOWED_TAGS,
  ALLOWED_ATTR,
  ALLOWED_URI_REGEXP: ALLOWED_URI,
  // DOMPurify drops listed data-* names too when this is false; the hook below keeps only
  // the three quote attributes. aria-* is not needed in posts.
  ALLOW_DATA_ATTR: true,
  ALLOW_ARIA_ATTR: false,
  // Drop what is inside these entirely: it is code or chrome, never prose.
  FORBID_CONTENTS: [
    'script',
    'style',
    'template',
    'noscript',
    'iframe',
    'object',
    'embed',
    'textarea',
    'select',
  ],
  WHOLE_DOCUMENT: false,
  SANITIZE_DOM: true,
};

function keepClasses(element: Element): void {
  const allowed = CLASSES_BY_TAG[element.tagName.toLowerCase()];
  if (!element.hasAttribute('class')) return;
  const kept = [...element.classList].filter((name) =>
    (allowed ?? []).some((rule) => (typeof rule === 'string' ? rule === name : rule.test(name))),
  );
  if (kept.length === 0) element.removeAttribute('class');
  else element.setAttribute('class', kept.join(' '));
}

const purifier = createDOMPurify(window);

const DATA_ATTRS = new Set(ALLOWED_ATTR.filter((name) => name.startsWith('data-')));

purifier.addHook('uponSanitizeAttribute', (node, data) => {
  if (!data.attrName.startsWith('data-')) return;
  // Only a quote's <aside> says whom it quotes.
  if (node.nodeName.toLowerCase() !== 'aside' || !DATA_ATTRS.has(data.attrName)) data.keepAttr = false;
});

purifier.addHook('afterSanitizeAttributes', (node) => {
  if (!(node instanceof window.Element)) return;
  keepClasses(node);
  const tag = node.tagName.toLowerCase();
  if (tag === 'a' && node.hasAttribute('href')) {
    // Every link opens outside the app's window, without a handle back to it (window.opener).
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer nofollow ugc');
  }
  if (tag === 'img') {
    const src = node.getAttribute('src') ?? '';
    if (!allowedImageSource(src)) node.removeAttribute('src');
    // A remote image must not tell its host where it was viewed from.
    node.setAttribute('referrerpolicy', 'no-referrer');
    node.setAttribute('loading', 'lazy');
  }
});

// Set once: DOMPurify re-reads (and rebuilds its allowlists from) a config passed to every
// sanitize() call, which dominated the cost of rendering a long thread.
purifier.setConfig({ ...CONFIG, RETURN_DOM_FRAGMENT: true });

/** Sanitized HTML as a detached fragment, for display code that restructures it further. */
export function sanitizeToFragment(html: string): DocumentFragment {
  return purifier.sanitize(html) as unknown as DocumentFragment;
}

/** Sanitized HTML as a string, safe to assign to innerHTML. */
export function sanitizeHtml(html: string): string {
  const container = document.createElement('div');
  container.append(sanitizeToFragment(html));
  return container.innerHTML;
}
