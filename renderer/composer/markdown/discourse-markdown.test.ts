// @vitest-environment jsdom
// Round trip: Discourse markdown → editor → markdown must give back the same text, so a draft
// saved, reloaded and sent is the text the person wrote. Inputs are in the form the editor writes
// (4-space nested lists, `*` emphasis); other spellings must settle on that form in one pass.
import { $createListItemNode, $createListNode } from '@lexical/list';
import { $createParagraphNode, $createTextNode, $getRoot, type ElementNode, type LexicalNode } from 'lexical';
import { describe, expect, it } from 'vitest';
import { $isDiscourseQuoteNode, parseQuoteAttribution } from './discourse-quote-node';
import {
  $exportMarkdown,
  $importMarkdown,
  createHeadlessComposerEditor,
  normalizeThroughEditor,
  quoteMarkdown,
} from './discourse-markdown';
import { $isUploadNode } from './upload-node';

const roundTrips: Array<[string, string]> = [
  ['bold', 'Some **bold** text'],
  ['italic', 'Some *italic* text'],
  ['bold and italic together', 'Mixed **bold** and *italic* and ***both*** here'],
  ['inline code', 'Run `npm test` now'],
  ['strikethrough', 'This is ~~wrong~~ right'],
  ['link', 'See [the guide](https://example.org/guide?a=1&b=2) first'],
  ['bold link text', 'See [**the guide**](https://example.org/g) first'],
  ['several paragraphs', 'First paragraph.\n\nSecond paragraph.\n\nThird.'],
  ['line breaks inside a paragraph (Discourse renders them)', 'Dear Ann,\nthanks for the note.\nBest, Bob'],
  ['bulleted list', '- one\n- two\n- three'],
  ['nested bulleted list', '- fruit\n    - apple\n    - pear\n        - conference\n- veg'],
  ['numbered list', '1. first\n2. second\n3. third'],
  ['nested numbered list', '1. first\n    1. first a\n    2. first b\n2. second'],
  ['mixed nested lists', '- tasks\n    1. plan\n    2. build\n- notes'],
  ['list items with formatting', '- **bold** item\n- item with `code`\n- [link](https://x.org)'],
  ['code fence with language', '```ts\nconst a = 1;\n\nfunction f() {\n  return a * 2;\n}\n```'],
  ['code fence without language', '```\nplain code\n```'],
  ['code fence keeps markdown literal', '```\n**not bold** [quote="a, post:1, topic:2"]\n- not a list\n```'],
  ['block quote', '> quoted line\n> second line'],
  ['heading', '## Agenda\n\nItems below.'],
  ['mention', 'Thanks @alice and @team-support'],
  ['image upload', 'Here: ![screenshot.png|690x388](upload://aBc123.png)'],
  ['attachment upload', '[report.pdf|attachment](upload://xYz789.pdf) (12.4 KB)'],
  ['Discourse quote', '[quote="alice, post:3, topic:12"]\nWe should ship on Friday.\n[/quote]\n\nAgreed.'],
  ['Discourse quote with extra keys', '[quote="alice, post:1, topic:7, full:true"]\nWhole post.\n[/quote]'],
  ['bare quote', '[quote]\nSomeone said this.\n[/quote]'],
  [
    'quote holding lists, code and formatting',
    '[quote="bob, post:2, topic:9"]\nSteps:\n\n- **one**\n    - one a\n- two\n\n```sh\nmake all\n```\n[/quote]',
  ],
  [
    'nested Discourse quotes',
    '[quote="carol, post:5, topic:9"]\n[quote="bob, post:2, topic:9"]\nOriginal point.\n[/quote]\n\nMy reply to Bob.\n[/quote]\n\nMy answer.',
  ],
  [
    'several quotes in one reply',
    '[quote="alice, post:1, topic:4"]\nFirst point.\n[/quote]\n\nYes.\n\n[quote="bob, post:2, topic:4"]\nSecond point.\n[/quote]\n\nNo.',
  ],
  ['unclosed quote stays text', '[quote="alice, post:1, topic:4"]\nnever closed'],
];

describe('Discourse markdown round trip', () => {
  it.each(roundTrips)('%s', (_name, markdown) => {
    expect(normalizeThroughEditor(markdown)).toBe(markdown);
  });

  it.each([
    ['2-space nested lists', '- a\n  - b\n- c', '- a\n    - b\n- c'],
    ['underscore emphasis', 'an _idea_ and __more__', 'an *idea* and **more**'],
    ['extra blank lines', 'one\n\n\n\ntwo', 'one\n\ntwo'],
    ['unquoted quote attribution', '[quote=alice]\nhi\n[/quote]', '[quote="alice"]\nhi\n[/quote]'],
  ])('%s settle on the editor form in one pass', (_name, input, expected) => {
    const once = normalizeThroughEditor(input);
    expect(once).toBe(expected);
    expect(normalizeThroughEditor(once)).toBe(once);
  });

  it('keeps the quote attribution on the editor node', () => {
    const editor = createHeadlessComposerEditor();
    editor.update(() => $importMarkdown('[quote="alice, post:3, topic:12"]\nhello\n[/quote]'), {
      discrete: true,
    });
    editor.getEditorState().read(() => {
      const quote = $getRoot().getFirstChild();
      expect($isDiscourseQuoteNode(quote)).toBe(true);
      if (!$isDiscourseQuoteNode(quote)) return;
      expect(parseQuoteAttribution(quote.getAttribution())).toEqual({
        username: 'alice',
        postNumber: 3,
        topicId: 12,
      });
      expect(quote.getTextContent()).toBe('hello');
    });
  });

  it('shows who is quoted in the editor itself', () => {
    const editor = createHeadlessComposerEditor();
    const root = document.createElement('div');
    root.contentEditable = 'true';
    document.body.append(root);
    editor.setRootElement(root);
    editor.update(() => $importMarkdown('[quote="alice, post:3, topic:12"]\nhello\n[/quote]'), {
      discrete: true,
    });
    const block = root.querySelector('blockquote.composer-discourse-quote');
    expect(block?.getAttribute('aria-label')).toBe('alice wrote (post 3)');
    expect(block?.firstElementChild?.getAttribute('contenteditable')).toBe('false');
    expect(block?.textContent).toBe('alice wrote (post 3):hello');
    // Editing inside the quote keeps the header where it is and out of the text.
    editor.update(
      () => {
        const quote = $getRoot().getFirstChild();
        if ($isDiscourseQuoteNode(quote))
          quote.append($createParagraphNode().append($createTextNode('more')));
      },
      { discrete: true },
    );
    expect(block?.textContent).toBe('alice wrote (post 3):hellomore');
    expect(editor.getEditorState().read(() => $exportMarkdown())).toBe(
      '[quote="alice, post:3, topic:12"]\nhello\n\nmore\n[/quote]',
    );
    editor.setRootElement(null);
    root.remove();
  });

  it('turns uploads into one node each, not raw link text', () => {
    const editor = createHeadlessComposerEditor();
    editor.update(
      () => $importMarkdown('A ![pic.png|10x10](upload://a.png) and [f.zip|attachment](upload://b.zip)'),
      {
        discrete: true,
      },
    );
    editor.getEditorState().read(() => {
      const nodes: LexicalNode[] = $getRoot().getFirstChildOrThrow<ElementNode>().getChildren();
      expect(nodes.filter($isUploadNode).map((n) => n.toMarkdown())).toEqual([
        '![pic.png|10x10](upload://a.png)',
        '[f.zip|attachment](upload://b.zip)',
      ]);
    });
  });

  it('writes content built in the editor (not imported) as Discourse markdown', () => {
    const editor = createHeadlessComposerEditor();
    editor.update(
      () => {
        const paragraph = $createParagraphNode().append(
          $createTextNode('Hello '),
          $createTextNode('world').toggleFormat('bold'),
          $createTextNode(' and '),
          $createTextNode('you').toggleFormat('italic'),
        );
        const list = $createListNode('bullet').append(
          $createListItemNode().append($createTextNode('x')),
          $createListItemNode().append($createTextNode('y')),
        );
        $getRoot().clear().append(paragraph, list);
      },
      { discrete: true },
    );
    expect(editor.getEditorState().read(() => $exportMarkdown())).toBe(
      'Hello **world** and *you*\n\n- x\n- y',
    );
  });

  it('builds a Discourse quote block from a selection', () => {
    const md = quoteMarkdown({ username: 'alice', postNumber: 3, topicId: 12, text: '  picked text\n' });
    expect(md).toBe('[quote="alice, post:3, topic:12"]\npicked text\n[/quote]');
    expect(normalizeThroughEditor(md)).toBe(md);
  });
});
