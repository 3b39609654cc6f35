// Rich quoting (client.md §4): the text selected inside one post becomes a Discourse quote
// `[quote="user, post:N, topic:T"]` inserted at the caret of the open composer; with no
// composer open, a reply to the thread opens first and receives the quote once mounted.
import { insertQuote } from '../../composer';
import { useUi, type PendingQuote } from '../../stores/ui-store';

/** The post element (rendered by PostView) that contains a DOM node. */
function postOf(node: Node | null): HTMLElement | null {
  const element = node instanceof Element ? node : (node?.parentElement ?? null);
  return element?.closest<HTMLElement>('[data-post-number][data-topic-id]') ?? null;
}

function quoteFrom(post: HTMLElement, text: string): PendingQuote | null {
  const { username, postNumber, topicId } = post.dataset;
  const trimmed = text.trim();
  if (!username || !postNumber || !topicId || !trimmed) return null;
  return { username, postNumber: Number(postNumber), topicId: Number(topicId), text: trimmed };
}

/** The current selection as a quote, when it lies inside one post's body. */
export function selectionQuote(selection: Selection | null = window.getSelection()): PendingQuote | null {
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  const range = selection.getRangeAt(0);
  const post = postOf(range.startContainer);
  if (!post || postOf(range.endContainer) !== post) return null;
  if (!post.querySelector('.post-body')?.contains(range.commonAncestorContainer)) return null;
  return quoteFrom(post, selection.toString());
}

/** Sends a quote to the open composer, or opens a reply to its thread and queues it there. */
export function quote(q: PendingQuote, topicTitle: string): void {
  const ui = useUi.getState();
  if (ui.composer) {
    insertQuote(q);
    return;
  }
  ui.queueQuote(q);
  ui.openComposer({ kind: 'reply', topicId: q.topicId, title: topicTitle, replyToPostNumber: q.postNumber });
}

/** The `q` key: the selection if there is one, otherwise the newest post of the open thread. */
export function quoteSelectionOrLatest(topicTitle: string): boolean {
  const selected = selectionQuote();
  if (selected) {
    quote(selected, topicTitle);
    window.getSelection()?.removeAllRanges();
    return true;
  }
  const posts = document.querySelectorAll<HTMLElement>('.thread [data-post-number][data-topic-id]');
  const latest = posts[posts.length - 1];
  const body = latest?.querySelector<HTMLElement>('.post-body');
  const whole = latest && body ? quoteFrom(latest, body.innerText || body.textContent || '') : null;
  if (whole) quote(whole, topicTitle);
  return Boolean(whole);
}
