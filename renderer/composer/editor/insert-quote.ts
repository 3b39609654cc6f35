// Puts a Discourse quote where the caret is: between blocks (splitting a paragraph if the caret
// is inside one), never inside another quote, followed by an empty line for the answer with the
// caret on it. Clicking "Quote" in the thread moves focus out of the editor, so the caret the
// person left is passed in as `remembered`.
import { $insertNodeToNearestRoot } from '@lexical/utils';
import {
  $createParagraphNode,
  $getRoot,
  $getSelection,
  $isParagraphNode,
  $isRangeSelection,
  $isRootOrShadowRoot,
  $setSelection,
  type LexicalNode,
  type RangeSelection,
} from 'lexical';
import { $generateNodesFromMarkdownString } from '@lexical/markdown';
import { $isDiscourseQuoteNode } from '../markdown/discourse-quote-node';
import { quoteMarkdown, type QuoteSource } from '../markdown/discourse-markdown';
import { DISCOURSE_TRANSFORMERS } from '../markdown/discourse-transformers';

function $restore(remembered: RangeSelection | null): RangeSelection {
  const current = $getSelection();
  if ($isRangeSelection(current)) return current;
  if (remembered) {
    const copy = remembered.clone();
    // The remembered caret may point at nodes that were deleted since.
    if (copy.anchor.getNode().isAttached() && copy.focus.getNode().isAttached()) {
      $setSelection(copy);
      return copy;
    }
  }
  const root = $getRoot();
  if (root.getChildrenSize() === 0) root.append($createParagraphNode());
  return root.selectEnd();
}

function $outermostQuote(node: LexicalNode): LexicalNode | null {
  let found: LexicalNode | null = null;
  for (let n: LexicalNode | null = node; n; n = n.getParent()) if ($isDiscourseQuoteNode(n)) found = n;
  return found;
}

function $topLevelBlock(node: LexicalNode): LexicalNode | null {
  for (let n: LexicalNode | null = node; n; n = n.getParent()) {
    const parent: LexicalNode | null = n.getParent();
    if (parent && $isRootOrShadowRoot(parent) && parent.getParent() === null) return n;
  }
  return null;
}

export function $insertQuoteAtCaret(quote: QuoteSource, remembered: RangeSelection | null): void {
  const selection = $restore(remembered);
  const [quoteNode] = $generateNodesFromMarkdownString(quoteMarkdown(quote), DISCOURSE_TRANSFORMERS);
  if (!quoteNode) return;
  const anchor = selection.anchor.getNode();
  const insideQuote = $outermostQuote(anchor);
  const block = $topLevelBlock(anchor);
  if (insideQuote) {
    insideQuote.insertAfter(quoteNode);
  } else if (block && $isParagraphNode(block) && block.getTextContent().trim() === '') {
    block.replace(quoteNode);
  } else {
    $insertNodeToNearestRoot(quoteNode);
  }
  const next = quoteNode.getNextSibling();
  const answer = $isParagraphNode(next) && next.getTextContent() === '' ? next : $createParagraphNode();
  if (answer !== next) quoteNode.insertAfter(answer);
  answer.selectStart();
}
