import { describe, expect, it } from 'vitest';
import { cookMarkdown } from './cook-markdown';
import { excerptFromCooked } from './excerpt';

const cook = (raw: string) => cookMarkdown(raw, { baseUrl: '', lookupMention: () => undefined });

describe('excerptFromCooked', () => {
  it('strips tags and separates blocks with single spaces', () => {
    expect(excerptFromCooked('<h1>Title</h1><p>one<br>two</p><ul><li>a</li><li>b</li></ul>')).toBe(
      'Title one two a b',
    );
  });

  it('collapses whitespace and keeps inline spacing', () => {
    expect(excerptFromCooked('<p>  a\n\n  <strong>bold</strong>text\t b </p>')).toBe('a boldtext b');
  });

  it('decodes entities', () => {
    expect(
      excerptFromCooked(
        '<p>Tom &amp; Jerry &lt;3 &quot;cheese&quot; &#39;hi&#39; caf&eacute;&nbsp;au lait &#x1F600;</p>',
      ),
    ).toBe('Tom & Jerry <3 "cheese" \'hi\' café au lait 😀');
  });

  it('leaves out quotes, nested quotes and elided e-mail parts', () => {
    const cooked = cook(
      '[quote="alice, post:3, topic:12"]\nquoted\n[quote]deeper[/quote]\n[/quote]\nmy answer',
    );
    expect(excerptFromCooked(cooked)).toBe('my answer');
    expect(
      excerptFromCooked(
        "<p>reply</p><details class='elided'><summary title='Show trimmed content'>···</summary><p>history</p></details>",
      ),
    ).toBe('reply');
  });

  it('keeps the text of other asides and details', () => {
    expect(excerptFromCooked('<details><summary>More</summary><p>inside</p></details>')).toBe('More inside');
  });

  it('drops script and style content', () => {
    expect(excerptFromCooked('<p>a</p><script>alert(1)</script><style>p{}</style><p>b</p>')).toBe('a b');
  });

  it('returns short text whole', () => {
    expect(excerptFromCooked('<p>short</p>', 5)).toBe('short');
  });

  it('cuts at a word boundary and adds an ellipsis', () => {
    expect(excerptFromCooked('<p>The quick brown fox jumps</p>', 12)).toBe('The quick…');
    expect(excerptFromCooked('<p>The quick brown fox jumps</p>', 9)).toBe('The quick…');
  });

  it('cuts a single over-long word mid-word', () => {
    expect(excerptFromCooked('<p>Supercalifragilistic</p>', 5)).toBe('Super…');
  });

  it('defaults to 200 characters and counts code points, not UTF-16 units', () => {
    const long = excerptFromCooked(`<p>${'word '.repeat(100)}</p>`);
    expect(long).toBe(`${'word '.repeat(40).trimEnd()}…`);
    expect(excerptFromCooked('<p>😀😀😀 😀😀</p>', 4)).toBe('😀😀😀…');
  });

  it('excerpts cooked markdown end to end', () => {
    expect(excerptFromCooked(cook('# Hello\n\nSome *text* & `code`\nnext line'))).toBe(
      'Hello Some text & code next line',
    );
  });
});
