// An uploaded file inside the text: Discourse writes images as `![name|690x400](upload://…)` and
// other files as `[name|attachment](upload://…)`. The editor shows a compact chip instead of the
// raw markdown; the node keeps the label and URL verbatim so markdown round-trips unchanged.
import {
  $applyNodeReplacement,
  DecoratorNode,
  type LexicalNode,
  type NodeKey,
  type SerializedLexicalNode,
  type Spread,
} from 'lexical';
import type { JSX } from 'react';

export type UploadEmbed = 'image' | 'link';

export type SerializedUploadNode = Spread<
  { embed: UploadEmbed; label: string; url: string },
  SerializedLexicalNode
>;

/** The file name a person recognises: the label before Discourse's `|size` / `|attachment` suffix. */
export function uploadDisplayName(label: string): string {
  return label.split('|')[0] || label;
}

export function uploadMarkdown(embed: UploadEmbed, label: string, url: string): string {
  return `${embed === 'image' ? '!' : ''}[${label}](${url})`;
}

export class UploadNode extends DecoratorNode<JSX.Element> {
  __embed: UploadEmbed;
  __label: string;
  __url: string;

  static override getType(): string {
    return 'discourse-upload';
  }

  static override clone(node: UploadNode): UploadNode {
    return new UploadNode(node.__embed, node.__label, node.__url, node.__key);
  }

  constructor(embed: UploadEmbed, label: string, url: string, key?: NodeKey) {
    super(key);
    this.__embed = embed;
    this.__label = label;
    this.__url = url;
  }

  static override importJSON(serialized: SerializedUploadNode): UploadNode {
    return $createUploadNode(serialized.embed, serialized.label, serialized.url);
  }

  override exportJSON(): SerializedUploadNode {
    const self = this.getLatest();
    return { ...super.exportJSON(), embed: self.__embed, label: self.__label, url: self.__url };
  }

  toMarkdown(): string {
    const self = this.getLatest();
    return uploadMarkdown(self.__embed, self.__label, self.__url);
  }

  override getTextContent(): string {
    return this.toMarkdown();
  }

  override createDOM(): HTMLElement {
    const span = document.createElement('span');
    span.className = 'composer-upload';
    return span;
  }

  override updateDOM(): false {
    return false;
  }

  override isInline(): true {
    return true;
  }

  override decorate(): JSX.Element {
    const name = uploadDisplayName(this.__label);
    const kind = this.__embed === 'image' ? 'Image' : 'Attachment';
    return (
      <span className="composer-upload-chip" role="img" aria-label={`${kind}: ${name}`} title={this.__url}>
        <span className="composer-upload-kind">{kind}</span> {name}
      </span>
    );
  }
}

export function $createUploadNode(embed: UploadEmbed, label: string, url: string): UploadNode {
  return $applyNodeReplacement(new UploadNode(embed, label, url));
}

export function $isUploadNode(node: LexicalNode | null | undefined): node is UploadNode {
  return node instanceof UploadNode;
}
