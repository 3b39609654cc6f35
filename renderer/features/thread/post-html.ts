// Turns a post's cooked HTML into what the reading pane shows: sanitized (by the one
// sanitizer), Discourse quotes as collapsible attributed blocks, and the trimmed part of an
// e-mail reply folded away. Works on DOM nodes only (no re-serialisation between the
// sanitizer and the page, so there is no mutation-XSS round trip).
import { sanitizeToFragment } from '../../sanitize/sanitize';

export interface QuoteAttribution {
  username: string | null;
  postNumber: number | null;
  topicId: number | null;
}

function numberAttr(element: Element, name: string): number | null {
  const value = element.getAttribute(name);
  return value !== null && /^\d{1,10}$/.test(value) ? Number(value) : null;
}

export function quoteAttribution(aside: Element): QuoteAttribution {
  return {
    username: aside.getAttribute('data-username'),
    postNumber: numberAttr(aside, 'data-post'),
    topicId: numberAttr(aside, 'data-topic'),
  };
}

/** `<aside class="quote">` → `<details class="quote" open>` with "alice wrote:" as its summary. */
function collapsibleQuote(doc: Document, aside: Element): Element {
  const who = quoteAttribution(aside);
  const details = doc.createElement('details');
  details.className = 'quote';
  details.open = true;
  for (const name of ['data-username', 'data-post', 'data-topic']) {
    const value = aside.getAttribute(name);
    if (value !== null) details.setAttribute(name, value);
  }
  const summary = doc.createElement('summary');
  summary.textContent = who.username ? `${who.username} wrote:` : 'Quote';
  details.append(summary);
  const body = aside.querySelector(':scope > blockquote') ?? aside;
  const content = doc.createElement('blockquote');
  content.append(...[...body.childNodes].filter((n) => !(n instanceof Element && n.matches('div.title'))));
  details.append(content);
  return details;
}

export function buildPostFragment(cooked: string): DocumentFragment {
  const fragment = sanitizeToFragment(cooked);
  const doc = fragment.ownerDocument;
  // Innermost first, so a nested quote is already converted when its parent moves it.
  const asides = [...fragment.querySelectorAll('aside.quote')].reverse();
  for (const aside of asides) aside.replaceWith(collapsibleQuote(doc, aside));
  for (const details of fragment.querySelectorAll('details.elided')) {
    details.removeAttribute('open');
    let summary = details.querySelector(':scope > summary');
    if (!summary) {
      summary = doc.createElement('summary');
      details.prepend(summary);
    }
    summary.textContent = 'Show trimmed content';
  }
  return fragment;
}

// Posts re-render often (selection, live updates); sanitizing is the expensive part.
const MAX_CACHED = 1000;
const cache = new Map<string, DocumentFragment>();

/** A fresh copy of the display fragment for this cooked HTML, memoised by content. */
export function postFragment(cooked: string): DocumentFragment {
  let fragment = cache.get(cooked);
  if (!fragment) {
    fragment = buildPostFragment(cooked);
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
    cache.set(cooked, fragment);
  }
  return fragment.cloneNode(true) as DocumentFragment;
}
