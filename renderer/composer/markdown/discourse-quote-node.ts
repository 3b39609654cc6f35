// Discourse's attributed quote, `[quote="alice, post:3, topic:12"] … [/quote]`, as one editor
// block. It holds whole blocks (paragraphs, lists, code, nested quotes) like Discourse's BBCode
// does, so it is a shadow root: blocks inside behave as they do at the top level. The attribution
// is kept verbatim (Discourse adds keys like `full:true`) so markdown round-trips unchanged, and
// it is shown in the editor as a header the text cannot be typed into (a Lexical DOM slot puts
// the quote's blocks after it).
import {
  $applyNodeReplacement,
  $createParagraphNode,
  ElementNode,
  type EditorConfig,
  type ElementDOMSlot,
  type LexicalNode,
  type LexicalUpdateJSON,
  type NodeKey,
  type ParagraphNode,
  type RangeSelection,
  type SerializedElementNode,
  type Spread,
} from 'lexical';

export type QuoteAttribution = { username?: string; postNumber?: number; topicId?: number };

export type SerializedDiscourseQuoteNode = Spread<{ attribution: string }, SerializedElementNode>;

/** Reads `alice, post:3, topic:12` (Discourse's order; extra keys are ignored). */
export function parseQuoteAttribution(attribution: string): QuoteAttribution {
  const parts = attribution.split(',').map((part) => part.trim());
  const result: QuoteAttribution = {};
  for (const part of parts) {
    const keyed = /^(post|topic):\s*(\d+)$/.exec(part);
    if (keyed) {
      if (keyed[1] === 'post') result.postNumber = Number(keyed[2]);
      else result.topicId = Number(keyed[2]);
    } else if (part && !part.includes(':') && result.username === undefined) {
      result.username = part;
    }
  }
  return result;
}

export function formatQuoteAttribution(q: { username: string; postNumber: number; topicId: number }): string {
  return `${q.username}, post:${q.postNumber}, topic:${q.topicId}`;
}

/** What a person sees above the quote: "alice wrote (post 3):" or "Quote:". */
export function describeQuoteAttribution(attribution: string): string {
  const { username, postNumber } = parseQuoteAttribution(attribution);
  if (!username) return 'Quote';
  return postNumber ? `${username} wrote (post ${postNumber})` : `${username} wrote`;
}

export class DiscourseQuoteNode extends ElementNode {
  __attribution: string;

  static override getType(): string {
    return 'discourse-quote';
  }

  static override clone(node: DiscourseQuoteNode): DiscourseQuoteNode {
    return new DiscourseQuoteNode(node.__attribution, node.__key);
  }

  constructor(attribution = '', key?: NodeKey) {
    super(key);
    this.__attribution = attribution;
  }

  getAttribution(): string {
    return this.getLatest().__attribution;
  }

  override createDOM(_config: EditorConfig): HTMLElement {
    const element = document.createElement('blockquote');
    element.className = 'composer-discourse-quote';
    const header = document.createElement('div');
    header.className = ATTRIBUTION_CLASS;
    header.setAttribute('contenteditable', 'false');
    element.append(header);
    applyAttribution(element, this.__attribution);
    return element;
  }

  override updateDOM(prevNode: this, dom: HTMLElement): boolean {
    if (prevNode.__attribution !== this.__attribution) applyAttribution(dom, this.__attribution);
    return false;
  }

  // The quote's blocks live after the attribution header.
  override getDOMSlot(element: HTMLElement): ElementDOMSlot<HTMLElement> {
    return super.getDOMSlot(element).withAfter(element.querySelector(`:scope > .${ATTRIBUTION_CLASS}`));
  }

  static override importJSON(serialized: SerializedDiscourseQuoteNode): DiscourseQuoteNode {
    return $createDiscourseQuoteNode(serialized.attribution).updateFromJSON(serialized);
  }

  override updateFromJSON(serialized: LexicalUpdateJSON<SerializedDiscourseQuoteNode>): this {
    return super.updateFromJSON(serialized);
  }

  override exportJSON(): SerializedDiscourseQuoteNode {
    return { ...super.exportJSON(), attribution: this.getAttribution() };
  }

  // Blocks inside behave like top-level blocks (lists, code blocks, nested quotes).
  override isShadowRoot(): boolean {
    return true;
  }

  override canBeEmpty(): boolean {
    return false;
  }

  // Backspace at the very start dissolves the quote and keeps its text, as Lexical's own
  // shadow-root quote does: nothing typed is lost by accident.
  override collapseAtStart(_selection: RangeSelection): true {
    for (const child of this.getChildren()) this.insertBefore(child);
    this.remove();
    return true;
  }

  override insertNewAfter(_selection: RangeSelection, restoreSelection?: boolean): ParagraphNode {
    const paragraph = $createParagraphNode();
    this.insertAfter(paragraph, restoreSelection);
    return paragraph;
  }
}

const ATTRIBUTION_CLASS = 'composer-quote-attribution';

function applyAttribution(element: HTMLElement, attribution: string): void {
  const label = describeQuoteAttribution(attribution);
  const header = element.querySelector(`:scope > .${ATTRIBUTION_CLASS}`);
  if (header) header.textContent = `${label}:`;
  element.setAttribute('aria-label', label);
}

export function $createDiscourseQuoteNode(attribution = ''): DiscourseQuoteNode {
  return $applyNodeReplacement(new DiscourseQuoteNode(attribution));
}

export function $isDiscourseQuoteNode(node: LexicalNode | null | undefined): node is DiscourseQuoteNode {
  return node instanceof DiscourseQuoteNode;
}
