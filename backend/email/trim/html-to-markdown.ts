// HTML mail → markdown for a post (§3.6 of the handbook): client-specific quoted history and
// signatures are taken out first (client-quotes.ts), the rest goes through turndown, parsed with
// turndown's own server-side DOM (domino), so nothing here needs a browser.
import { createDocument } from '@mixmark-io/domino';
import TurndownService from 'turndown';

import { removeClientQuotes } from './client-quotes';
import { htmlToPlainText, MAX_HTML_DEPTH, nestingDepth } from './html-fallback';
import { cutAtDiscourseMarkers } from './discourse-markers';
import { trimReply } from './reply-trimmer';

export interface MarkdownParts {
  /** the new text, as markdown */
  readonly markdown: string;
  /** quoted history, forwarded email and signature that were taken out, as markdown (may be empty) */
  readonly elided: string;
}

export interface HtmlToMarkdownOptions {
  /** keep the clients' quoted history and signatures in the markdown (trimming switched off) */
  readonly keepQuotes?: boolean;
}

const DROPPED_ELEMENTS = [
  'head',
  'style',
  'script',
  'title',
  'meta',
  'noscript',
  'template',
  'object',
  'iframe',
];

function attribute(node: HTMLElement, name: string): string {
  return (node.getAttribute(name) ?? '').trim();
}

/** Open-tracking pixels: 1×1 (or 0×0) images, or images hidden by their style. */
function isTrackingPixel(image: HTMLElement): boolean {
  const tiny = (value: string): boolean => /^[01](?:px)?$/i.test(value);
  if (tiny(attribute(image, 'width')) && tiny(attribute(image, 'height'))) return true;
  const style = attribute(image, 'style').toLowerCase().replace(/\s+/g, '');
  return (
    /(?:^|;)display:none/.test(style) ||
    (/(?:^|;)width:[01]px/.test(style) && /(?:^|;)height:[01]px/.test(style))
  );
}

/** A URL that cannot end a markdown link early: parentheses and whitespace percent-encoded. */
function markdownUrl(url: string): string {
  return url.replace(
    /[()\s]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

function isHidden(node: HTMLElement): boolean {
  return /(?:^|;)display:none/.test(attribute(node, 'style').toLowerCase().replace(/\s+/g, ''));
}

function createTurndown(): TurndownService {
  const service = new TurndownService({
    headingStyle: 'atx',
    hr: '---',
    bulletListMarker: '-',
    codeBlockStyle: 'fenced',
    emDelimiter: '*',
    strongDelimiter: '**',
    br: '', // a plain line break: Discourse renders single newlines as breaks
  });
  // Upstream's HtmlToMarkdown does not escape: people type markdown (**bold**, ### titles) in
  // their mail and expect it to render, as it does for plain-text replies.
  service.escape = (text: string): string => text;
  service.remove(DROPPED_ELEMENTS as TurndownService.TagName[]);
  // Preheaders and other text the reader never saw.
  service.addRule('hidden', { filter: (node) => isHidden(node), replacement: () => '' });
  service.addRule('image', {
    filter: 'img',
    replacement: (_content, node) => {
      const src = attribute(node, 'src');
      if (src === '' || isTrackingPixel(node)) return '';
      // `cid:` sources stay: the receiver swaps them for the uploaded inline attachment.
      const alt = attribute(node, 'alt').replace(/[[\]\n]/g, ' ');
      return `![${alt}](${markdownUrl(src)})`;
    },
  });
  service.addRule('link', {
    filter: (node) => node.nodeName === 'A' && attribute(node, 'href') !== '',
    replacement: (content, node) => {
      const href = attribute(node, 'href');
      const text = content.trim();
      // Mail clients link bare addresses and URLs; the text alone reads better and autolinks.
      if (text === '' || text === href || `mailto:${text}` === href) return text === '' ? '' : content;
      return `[${content}](${markdownUrl(href)})`;
    },
  });
  service.addRule('listItem', {
    filter: 'li',
    replacement: (content, node) => {
      const parent = node.parentNode as HTMLElement | null;
      let prefix = '- ';
      if (parent?.nodeName === 'OL') {
        const start = Number.parseInt(attribute(parent, 'start'), 10);
        const position = Array.prototype.indexOf.call(parent.children, node);
        prefix = `${(Number.isNaN(start) ? 1 : start) + position}. `;
      }
      const body = content
        .replace(/^\n+/, '')
        .replace(/\n+$/, '\n')
        .replace(/\n/g, `\n${' '.repeat(prefix.length)}`);
      return prefix + body + (node.nextSibling !== null && !body.endsWith('\n') ? '\n' : '');
    },
  });
  // A <pre> without <code> (plain-text parts shown as HTML, Thunderbird) is still preformatted.
  service.addRule('plainPre', {
    filter: (node) => node.nodeName === 'PRE' && node.firstChild?.nodeName !== 'CODE',
    replacement: (_content, node) => `\n\n\`\`\`\n${(node.textContent ?? '').replace(/\n$/, '')}\n\`\`\`\n\n`,
  });
  return service;
}

const turndown = createTurndown();

/**
 * Trailing spaces off (except inside fenced code, which stays verbatim), no more than one blank
 * line in a row, no leading or trailing blank lines.
 */
function tidy(markdown: string): string {
  let fenced = false;
  return markdown
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((line) => {
      if (line.startsWith('```')) fenced = !fenced;
      return fenced ? line : line.trimEnd();
    })
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const BLOCKS = new Set([
  'ADDRESS',
  'BLOCKQUOTE',
  'BR',
  'DIV',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HR',
  'LI',
  'P',
  'PRE',
  'TR',
]);

/** Text of `node` with a line break per block, without recursion (see `convert`). */
function plainText(node: Node): string {
  const parts: string[] = [];
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const current = stack.pop() as Node;
    if (current.nodeType === current.TEXT_NODE) parts.push(current.nodeValue ?? '');
    if (BLOCKS.has(current.nodeName)) parts.push('\n');
    if (
      current.nodeType !== current.ELEMENT_NODE ||
      DROPPED_ELEMENTS.includes(current.nodeName.toLowerCase())
    ) {
      continue;
    }
    for (let child = current.lastChild; child !== null; child = child.previousSibling) stack.push(child);
  }
  return parts.join('');
}

function convert(node: HTMLElement): string {
  try {
    return tidy(turndown.turndown(node));
  } catch (error) {
    // turndown recurses once per nesting level: absurdly nested mail overflows the stack, and
    // then the plain text is better than no post.
    if (!(error instanceof RangeError)) throw error;
    return tidy(plainText(node).replace(/[ \t]+/g, ' '));
  }
}

/**
 * HTML mail → markdown. Quoted history and signatures marked by the sender's mail client are taken
 * out first and returned, converted too, as `elided`.
 */
export function htmlToMarkdown(html: string, options: HtmlToMarkdownOptions = {}): MarkdownParts {
  if (nestingDepth(html) > MAX_HTML_DEPTH) {
    const text = htmlToPlainText(html)
      .split('\n')
      .map((line) => line.trim())
      .join('\n');
    return { markdown: tidy(text), elided: '' };
  }
  const document = createDocument(html);
  const { body } = document;
  const removed = options.keepQuotes === true ? [] : removeClientQuotes(body);
  const elided = document.createElement('div');
  for (const node of removed) elided.appendChild(node);
  return { markdown: convert(body), elided: convert(elided) };
}

/** Joins elided parts, dropping empty ones. */
export function joinElided(...parts: readonly string[]): string {
  return parts.filter((part) => part.trim() !== '').join('\n\n');
}

/**
 * The whole HTML path of §3.6: client quotes out, markdown, Discourse's markers cut, then the
 * reply trimmer. The elided part holds what the trimmer removed, then what the client rules removed.
 */
export function htmlToTrimmedMarkdown(html: string): MarkdownParts {
  const converted = htmlToMarkdown(html);
  const trimmed = trimReply(cutAtDiscourseMarkers(converted.markdown));
  return { markdown: trimmed.trimmed, elided: joinElided(trimmed.elided, converted.elided) };
}
