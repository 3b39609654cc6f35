// The markdown dialect the composer reads and writes: Discourse's. Lexical's transformers cover
// CommonMark basics; this adds Discourse's `[quote="…"]` blocks and `upload://` embeds and drops
// what Discourse does not render (`==highlight==`, task lists).
import { CodeHighlightNode, CodeNode } from '@lexical/code';
import { AutoLinkNode, LinkNode } from '@lexical/link';
import { ListItemNode, ListNode } from '@lexical/list';
import {
  $convertToMarkdownString,
  $generateNodesFromMarkdownString,
  BOLD_ITALIC_STAR,
  BOLD_ITALIC_UNDERSCORE,
  BOLD_STAR,
  BOLD_UNDERSCORE,
  CODE,
  HEADING,
  INLINE_CODE,
  ITALIC_STAR,
  ITALIC_UNDERSCORE,
  LINK,
  ORDERED_LIST,
  QUOTE,
  STRIKETHROUGH,
  UNORDERED_LIST,
  type MultilineElementTransformer,
  type TextMatchTransformer,
  type Transformer,
} from '@lexical/markdown';
import { HeadingNode, QuoteNode } from '@lexical/rich-text';
import { $createParagraphNode, type Klass, type LexicalNode } from 'lexical';
import { $createDiscourseQuoteNode, $isDiscourseQuoteNode, DiscourseQuoteNode } from './discourse-quote-node';
import { $createUploadNode, $isUploadNode, UploadNode } from './upload-node';

/** Every node the composer's editor must register. */
export const COMPOSER_NODES: Klass<LexicalNode>[] = [
  HeadingNode,
  QuoteNode,
  ListNode,
  ListItemNode,
  LinkNode,
  AutoLinkNode,
  CodeNode,
  CodeHighlightNode,
  DiscourseQuoteNode,
  UploadNode,
];

// `[quote="alice, post:3, topic:12"]`, `[quote=alice]` or a bare `[quote]`, alone on its line.
const QUOTE_OPEN = /^\s*\[quote(?:=(?:"([^"\]]*)"|([^\]]*)))?\]\s*$/i;
const QUOTE_CLOSE = /^\s*\[\/quote\]\s*$/i;
const FENCE = /^\s*(```+|~~~+)/;

/** The line that closes the quote opened at `start`, counting nested quotes; skips code fences. */
function findQuoteEnd(lines: string[], start: number): number {
  let depth = 0;
  let fence: string | null = null;
  for (let i = start; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const fenceMatch = FENCE.exec(line);
    if (fence) {
      if (fenceMatch && fenceMatch[1]?.startsWith(fence)) fence = null;
      continue;
    }
    if (fenceMatch && i !== start) {
      fence = fenceMatch[1] ?? null;
      continue;
    }
    if (QUOTE_OPEN.test(line)) depth++;
    else if (QUOTE_CLOSE.test(line) && --depth === 0) return i;
  }
  return -1;
}

export const DISCOURSE_QUOTE: MultilineElementTransformer = {
  type: 'multiline-element',
  dependencies: [DiscourseQuoteNode],
  regExpStart: QUOTE_OPEN,
  regExpEnd: QUOTE_CLOSE,
  handleImportAfterStartMatch({ lines, rootNode, startLineIndex, startMatch }) {
    const end = findQuoteEnd(lines, startLineIndex);
    // An unclosed [quote] is ordinary text, as it is for Discourse's BBCode parser.
    if (end < 0) return null;
    const attribution = (startMatch[1] ?? startMatch[2] ?? '').trim();
    const quote = $createDiscourseQuoteNode(attribution);
    const inner = lines.slice(startLineIndex + 1, end).join('\n');
    const children = $generateNodesFromMarkdownString(inner, DISCOURSE_TRANSFORMERS);
    quote.append(...(children.length > 0 ? children : [$createParagraphNode()]));
    rootNode.append(quote);
    return [true, end];
  },
  replace() {
    // Import goes through handleImportAfterStartMatch; quotes are not created by typing.
    return false;
  },
  export(node) {
    if (!$isDiscourseQuoteNode(node)) return null;
    const attribution = node.getAttribution();
    const open = attribution ? `[quote="${attribution}"]` : '[quote]';
    return `${open}\n${$convertToMarkdownString(DISCOURSE_TRANSFORMERS, node)}\n[/quote]`;
  },
};

const UPLOAD_PATTERN = String.raw`(!?)\[([^\]\n]*)\]\((upload:\/\/[^)\s]+)\)`;

export const UPLOAD: TextMatchTransformer = {
  type: 'text-match',
  dependencies: [UploadNode],
  importRegExp: new RegExp(UPLOAD_PATTERN),
  regExp: new RegExp(`${UPLOAD_PATTERN}$`),
  trigger: ')',
  replace(textNode, match) {
    textNode.replace($createUploadNode(match[1] ? 'image' : 'link', match[2] ?? '', match[3] ?? ''));
  },
  export(node) {
    return $isUploadNode(node) ? node.toMarkdown() : null;
  },
};

// Order matters: Discourse quotes and uploads must win over Lexical's `>` quote and links.
export const DISCOURSE_TRANSFORMERS: Transformer[] = [
  DISCOURSE_QUOTE,
  HEADING,
  QUOTE,
  UNORDERED_LIST,
  ORDERED_LIST,
  CODE,
  INLINE_CODE,
  BOLD_ITALIC_STAR,
  BOLD_ITALIC_UNDERSCORE,
  BOLD_STAR,
  BOLD_UNDERSCORE,
  ITALIC_STAR,
  ITALIC_UNDERSCORE,
  STRIKETHROUGH,
  UPLOAD,
  LINK,
];
