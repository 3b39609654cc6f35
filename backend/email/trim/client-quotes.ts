// Mail clients mark the quoted history and the signature of an HTML reply in their own way. These
// rules find them so they can be taken out before the HTML becomes markdown (upstream
// Email::Receiver's HTML_EXTRACTERS; §3.6 of the handbook). What they take out is kept: it becomes
// the elided part of the post.
import { classifyLine, EMAIL_HEADER } from './line-classifier';

/** `node`: only the element; `rest`: the element and everything after it in the document. */
type Scope = 'node' | 'rest';

interface ClientRule {
  readonly client: string;
  readonly selector: string;
  readonly scope: Scope;
  /** further check on a matching element */
  readonly accept?: (element: Element) => boolean;
}

function normalisedStyle(element: Element): string {
  return (element.getAttribute('style') ?? '').toLowerCase().replace(/\s+/g, '');
}

function firstTextLine(element: Element): string {
  const text = (element.textContent ?? '').replace(/\u00a0/g, ' ').trim();
  const lineBreak = text.indexOf('\n');
  return lineBreak === -1 ? text : text.slice(0, lineBreak);
}

/** Outlook's "From: … Sent: …" header block sits in a div with only a top border. */
function isBorderedHeaderBlock(element: Element): boolean {
  const style = normalisedStyle(element);
  const topBorder = style.includes('border-top:solid') || style.includes('border-top-style:solid');
  return topBorder && classifyLine(firstTextLine(element)) === EMAIL_HEADER;
}

/** A Word paragraph that starts a quoted email's headers ("From: …", "Von: …"). */
function isHeaderParagraph(element: Element): boolean {
  return classifyLine(firstTextLine(element)) === EMAIL_HEADER;
}

/**
 * Word keeps what was typed in paragraphs and lists of `.WordSection1`; the first other block
 * there is the quoted email or the signature (upstream elides `:not(p):not(ul)` onwards; ordered
 * lists and headings are kept here since people type them too).
 */
function isFirstWordBlock(element: Element): boolean {
  const typed = new Set(['P', 'UL', 'OL', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'PRE']);
  if (typed.has(element.tagName)) return false;
  for (let sibling = element.previousElementSibling; sibling; sibling = sibling.previousElementSibling) {
    if (!typed.has(sibling.tagName)) return false;
  }
  return true;
}

/** Exchange: the reply section is only quoted history when there is a body section beside it. */
function hasExchangeBody(element: Element): boolean {
  // domino answers `undefined` rather than null when nothing matches.
  return element.ownerDocument.querySelector('div[name="messageBodySection"]') != null;
}

export const CLIENT_RULES: readonly ClientRule[] = [
  { client: 'Gmail', selector: '.gmail_quote, .gmail_quote_container, .gmail_extra', scope: 'node' },
  {
    client: 'Gmail',
    selector: '.gmail_signature, .gmail_signature_prefix, [data-smartmail="gmail_signature"]',
    scope: 'node',
  },
  { client: 'Outlook', selector: '#divRplyFwdMsg, #appendonsend, #Signature', scope: 'rest' },
  { client: 'Outlook', selector: 'div[style]', scope: 'rest', accept: isBorderedHeaderBlock },
  { client: 'Word', selector: '.WordSection1 > p.MsoNormal', scope: 'rest', accept: isHeaderParagraph },
  { client: 'Word', selector: '.WordSection1 > *', scope: 'rest', accept: isFirstWordBlock },
  { client: 'Exchange', selector: 'div[name="messageReplySection"]', scope: 'node', accept: hasExchangeBody },
  { client: 'Apple Mail', selector: 'blockquote[type="cite"]', scope: 'node' },
  { client: 'Thunderbird', selector: '.moz-cite-prefix, .moz-forward-container', scope: 'node' },
  { client: 'Thunderbird', selector: '.moz-signature', scope: 'rest' },
  {
    client: 'ProtonMail',
    selector:
      '.protonmail_quote, [class^="protonmail_signature_block"], [class*=" protonmail_signature_block"]',
    scope: 'rest',
  },
  { client: 'Zimbra', selector: 'hr[data-marker="__DIVIDER__"]', scope: 'rest' },
  {
    client: 'Zimbra',
    selector: '[data-marker="__HEADERS__"], [data-marker="__QUOTED_TEXT__"]',
    scope: 'node',
  },
  { client: 'Newton', selector: '[id^="cm_"], [class^="cm_"]', scope: 'node' },
  { client: 'Front', selector: '.front-blockquote, [class^="front-"]', scope: 'node' },
  { client: 'Yahoo', selector: '.yahoo_quoted, [class^="yahoo_quoted"]', scope: 'node' },
];

function previousElement(node: Node): Element | null {
  let sibling = node.previousSibling;
  while (
    sibling !== null &&
    sibling.nodeType === sibling.TEXT_NODE &&
    (sibling.textContent ?? '').trim() === ''
  ) {
    sibling = sibling.previousSibling;
  }
  return sibling !== null && sibling.nodeType === sibling.ELEMENT_NODE ? (sibling as Element) : null;
}

function markRest(element: Element, body: Element, marked: Set<Node>): void {
  marked.add(element);
  for (let node: Node | null = element; node !== null && node !== body; node = node.parentNode) {
    for (let next = node.nextSibling; next !== null; next = next.nextSibling) marked.add(next);
  }
}

function markMatches(body: Element): Set<Node> {
  const marked = new Set<Node>();
  for (const rule of CLIENT_RULES) {
    for (const element of Array.from(body.querySelectorAll(rule.selector))) {
      if (rule.accept !== undefined && !rule.accept(element)) continue;
      if (rule.scope === 'rest') markRest(element, body, marked);
      else marked.add(element);
      const before = previousElement(element);
      // Outlook draws a rule above its reply header; Thunderbird's "On … wrote:" prefix is
      // followed by the quote it introduces.
      if (element.id === 'divRplyFwdMsg' && before?.tagName === 'HR') marked.add(before);
      if (element.classList.contains('moz-cite-prefix')) {
        const quote = element.nextElementSibling;
        if (quote?.tagName === 'BLOCKQUOTE') marked.add(quote);
      }
    }
  }
  return marked;
}

/**
 * Takes the quoted history and signatures out of `body` (in place) and returns them, in document
 * order. A node inside a taken-out node goes with it.
 */
export function removeClientQuotes(body: Element): Node[] {
  const marked = markMatches(body);
  const removed: Node[] = [];
  if (marked.size === 0) return removed;
  // Iterative pre-order walk: hostile mail can nest deeper than the call stack allows.
  const stack: Node[] = [body];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if (node !== body && marked.has(node)) {
      removed.push(node);
      continue;
    }
    for (let child = node.lastChild; child !== null; child = child.previousSibling) stack.push(child);
  }
  for (const node of removed) node.parentNode?.removeChild(node);
  return removed;
}
