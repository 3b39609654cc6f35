import { describe, expect, it } from 'vitest';
import { cookMarkdown } from './cook-markdown';
import type { CookContext } from './cook-markdown';

const known: Record<string, { kind: 'user' | 'group'; name: string }> = {
  alice: { kind: 'user', name: 'alice' },
  bob: { kind: 'user', name: 'bob' },
  team: { kind: 'group', name: 'team' },
};

function context(baseUrl = ''): CookContext {
  return { baseUrl, lookupMention: (name) => known[name.toLowerCase()] };
}

const cook = (raw: string, baseUrl = '') => cookMarkdown(raw, context(baseUrl));

/** Whitespace around block tags (and `<br>`) is not meaningful in these comparisons; drop it. */
const squash = (html: string) =>
  html
    .replace(/\s+/g, ' ')
    .replace(
      /\s*(<\/?(?:p|br|div|aside|blockquote|ul|ol|li|h\d|table|thead|tbody|tr|th|td|pre)\b[^>]*>)\s*/g,
      '$1',
    )
    .trim();

const aliceQuote = (baseUrl: string, body: string) =>
  squash(`<aside class="quote no-group" data-username="alice" data-post="3" data-topic="12">
<div class="title">
<div class="quote-controls"></div>
<a href="${baseUrl}/t/12/3">alice</a>:</div>
<blockquote>
${body}
</blockquote>
</aside>`);

describe('cookMarkdown: markdown basics', () => {
  it('makes paragraphs and turns single newlines into line breaks', () => {
    expect(squash(cook('one\ntwo\n\nthree'))).toBe('<p>one<br />two</p><p>three</p>');
  });

  it('renders bullet and numbered lists, keeping a start number', () => {
    expect(squash(cook('- a\n- b'))).toBe('<ul><li>a</li><li>b</li></ul>');
    expect(squash(cook('3. c\n4. d'))).toBe('<ol start="3"><li>c</li><li>d</li></ol>');
  });

  it('renders fenced code with a lang- class and leaves quotes and mentions inside it alone', () => {
    const html = cook('```js\n[quote="alice"]x[/quote] @alice\n```');
    expect(html).toBe('<pre><code class="lang-js">[quote="alice"]x[/quote] @alice\n</code></pre>\n');
  });

  it('leaves quotes and mentions inside indented code and code spans alone', () => {
    expect(cook('    [quote]x[/quote] @alice')).toBe('<pre><code>[quote]x[/quote] @alice\n</code></pre>\n');
    expect(cook('see `@alice` and `[quote]`')).toBe(
      '<p>see <code>@alice</code> and <code>[quote]</code></p>\n',
    );
  });

  it('renders markdown links and linkifies bare URLs, marking links that leave the forum', () => {
    expect(cook('[docs](https://example.com/docs) and https://example.org')).toBe(
      '<p><a href="https://example.com/docs" rel="noopener nofollow ugc">docs</a> and ' +
        '<a href="https://example.org" rel="noopener nofollow ugc">https://example.org</a></p>\n',
    );
  });

  it('does not mark links to its own base URL or relative links as external', () => {
    const html = cook('[a](http://127.0.0.1:4200/t/1) [b](/u/alice)', 'http://127.0.0.1:4200');
    expect(html).toBe('<p><a href="http://127.0.0.1:4200/t/1">a</a> <a href="/u/alice">b</a></p>\n');
  });

  it('renders emphasis, headings and tables without inline styles', () => {
    expect(squash(cook('# Title\n\n**b** *i* ~~s~~'))).toBe(
      '<h1>Title</h1><p><strong>b</strong> <em>i</em> <s>s</s></p>',
    );
    expect(squash(cook('| a | b |\n|--:|---|\n| 1 | 2 |'))).toBe(
      '<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>',
    );
  });

  it('keeps harmless inline HTML', () => {
    expect(cook('H<sub>2</sub>O and <kbd>x</kbd>')).toBe('<p>H<sub>2</sub>O and x</p>\n');
  });
});

describe('cookMarkdown: [quote]', () => {
  it('produces Discourse quote markup linking the quoted post', () => {
    const html = cook('[quote="alice, post:3, topic:12"]text[/quote]', 'http://127.0.0.1:4200');
    expect(squash(html)).toBe(aliceQuote('http://127.0.0.1:4200', '<p>text</p>'));
  });

  it('uses a root-relative link for an empty base and trims a trailing slash from the base', () => {
    const raw = '[quote="alice, post:3, topic:12"]text[/quote]';
    expect(squash(cook(raw))).toBe(aliceQuote('', '<p>text</p>'));
    expect(squash(cook(raw, 'https://forum.example/'))).toBe(
      aliceQuote('https://forum.example', '<p>text</p>'),
    );
  });

  it('accepts full:true, any tag case and the closing tag on its own line', () => {
    const html = cook('[QUOTE="alice, post:3, topic:12, full:true"]\ntext\n[/Quote]');
    expect(squash(html)).toBe(aliceQuote('', '<p>text</p>'));
  });

  it('cooks the quoted text as markdown, across blank lines', () => {
    const html = cook('[quote="alice, post:3, topic:12"]\nfirst *one*\n\n- item\n\n> deeper\n[/quote]');
    expect(squash(html)).toBe(
      aliceQuote('', '<p>first <em>one</em></p><ul><li>item</li></ul><blockquote><p>deeper</p></blockquote>'),
    );
  });

  it('renders an anonymous quote without a title', () => {
    expect(squash(cook('[quote]anonymous[/quote]'))).toBe(
      '<aside class="quote no-group"><blockquote><p>anonymous</p></blockquote></aside>',
    );
  });

  it('renders a quote without a post reference with an unlinked title', () => {
    expect(squash(cook('[quote=alice]hi[/quote]'))).toBe(
      '<aside class="quote no-group" data-username="alice"><div class="title">' +
        '<div class="quote-controls"></div>alice:</div><blockquote><p>hi</p></blockquote></aside>',
    );
  });

  it('nests quotes', () => {
    const html = cook(
      '[quote="alice, post:3, topic:12"]\nouter\n[quote="bob, post:1, topic:12"]\ninner\n[/quote]\n[/quote]',
    );
    expect(squash(html)).toBe(
      aliceQuote(
        '',
        '<p>outer</p><aside class="quote no-group" data-username="bob" data-post="1" data-topic="12">' +
          '<div class="title"><div class="quote-controls"></div><a href="/t/12/1">bob</a>:</div>' +
          '<blockquote><p>inner</p></blockquote></aside>',
      ),
    );
  });

  it('continues with ordinary paragraphs after the quote, on the next line or the same one', () => {
    const expected = `${aliceQuote('', '<p>text</p>')}<p>my reply</p>`;
    expect(squash(cook('[quote="alice, post:3, topic:12"]\ntext\n[/quote]\nmy reply'))).toBe(expected);
    expect(squash(cook('[quote="alice, post:3, topic:12"]text[/quote] my reply'))).toBe(expected);
  });

  it('interrupts a paragraph that runs straight into a quote', () => {
    expect(squash(cook('intro\n[quote]q[/quote]'))).toBe(
      '<p>intro</p><aside class="quote no-group"><blockquote><p>q</p></blockquote></aside>',
    );
  });

  it('leaves an unterminated [quote] as literal text', () => {
    expect(cook('[quote="alice, post:3, topic:12"]\nno end')).toBe(
      '<p>[quote="alice, post:3, topic:12"]<br />\nno end</p>\n',
    );
  });

  it('resolves mentions inside quoted text', () => {
    expect(cook('[quote]hi @bob[/quote]')).toContain('<p>hi <a class="mention" href="/u/bob">@bob</a></p>');
  });

  it('works inside a list item and a markdown blockquote', () => {
    expect(squash(cook('- [quote]\n  in list\n  [/quote]\n- two'))).toBe(
      '<ul><li><aside class="quote no-group"><blockquote><p>in list</p></blockquote></aside></li><li>two</li></ul>',
    );
    expect(squash(cook('> [quote]\n> in blockquote\n> [/quote]'))).toBe(
      '<blockquote><aside class="quote no-group"><blockquote><p>in blockquote</p></blockquote></aside></blockquote>',
    );
  });
});

describe('cookMarkdown: @mentions', () => {
  it('links users and groups differently', () => {
    expect(cook('hi @alice and @team', 'http://127.0.0.1:4200')).toBe(
      '<p>hi <a class="mention" href="http://127.0.0.1:4200/u/alice">@alice</a> and ' +
        '<a class="mention-group" href="http://127.0.0.1:4200/groups/team">@team</a></p>\n',
    );
  });

  it('leaves unknown names and e-mail addresses as they are', () => {
    expect(cook('@nobody wrote to bob@example.com')).toBe(
      '<p>@nobody wrote to <a href="mailto:bob@example.com">bob@example.com</a></p>\n',
    );
  });

  it('does not link a mention inside a link', () => {
    expect(cook('[ask @alice](/t/1)')).toBe('<p><a href="/t/1">ask @alice</a></p>\n');
  });
});
