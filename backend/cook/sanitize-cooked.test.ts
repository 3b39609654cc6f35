import { describe, expect, it } from 'vitest';
import { sanitizeCooked } from './sanitize-cooked';

describe('sanitizeCooked', () => {
  it('keeps Discourse quote markup as cooked', () => {
    const quote =
      '<aside class="quote no-group" data-username="alice" data-post="3" data-topic="12">\n' +
      '<div class="title">\n<div class="quote-controls"></div>\n<a href="/t/12/3">alice</a>:</div>\n' +
      '<blockquote>\n<p>text</p>\n</blockquote>\n</aside>\n';
    expect(sanitizeCooked(quote)).toBe(quote);
  });

  it('keeps elided e-mail parts', () => {
    const elided =
      "<details class='elided'><summary title='Show trimmed content'>···</summary><p>old</p></details>";
    expect(sanitizeCooked(elided)).toBe(
      '<details class="elided"><summary title="Show trimmed content">···</summary><p>old</p></details>',
    );
  });

  it('keeps only known classes', () => {
    expect(sanitizeCooked('<a class="mention evil" href="/u/a">@a</a>')).toBe(
      '<a class="mention" href="/u/a">@a</a>',
    );
    expect(sanitizeCooked('<code class="lang-ts hljs">x</code>')).toBe('<code class="lang-ts">x</code>');
    expect(sanitizeCooked('<aside class="quote onebox fixed">x</aside>')).toBe(
      '<aside class="quote onebox">x</aside>',
    );
  });

  it('keeps image dimensions and list starts, and drops style and align', () => {
    expect(
      sanitizeCooked('<img src="https://x.example/a.png" alt="a" width="10" height="20" style="x">'),
    ).toBe('<img src="https://x.example/a.png" alt="a" width="10" height="20" />');
    expect(sanitizeCooked('<ol start="4"><li>x</li></ol>')).toBe('<ol start="4"><li>x</li></ol>');
    expect(sanitizeCooked('<td style="text-align:right" align="right">1</td>')).toBe('<td>1</td>');
  });

  it('drops data: image sources', () => {
    expect(sanitizeCooked('<img src="data:image/png;base64,AAAA" alt="x">')).toBe('<img alt="x" />');
  });

  it('adds rel="noopener nofollow ugc" to links that leave the forum, replacing any author rel', () => {
    const rel = 'rel="noopener nofollow ugc"';
    const options = { baseUrl: 'https://forum.example' };
    expect(sanitizeCooked('<a href="https://other.example/" rel="opener">x</a>', options)).toBe(
      `<a href="https://other.example/" ${rel}>x</a>`,
    );
    expect(sanitizeCooked('<a href="//other.example/">x</a>', options)).toBe(
      `<a href="//other.example/" ${rel}>x</a>`,
    );
    expect(sanitizeCooked('<a href="https://forum.example/t/1" rel="me">x</a>', options)).toBe(
      '<a href="https://forum.example/t/1">x</a>',
    );
    expect(sanitizeCooked('<a href="/t/1">x</a><a href="mailto:a@b.example">m</a>', options)).toBe(
      '<a href="/t/1">x</a><a href="mailto:a@b.example">m</a>',
    );
  });

  it('treats every absolute http link as external when the base is relative', () => {
    expect(sanitizeCooked('<a href="http://127.0.0.1:4200/">x</a>', { baseUrl: '' })).toBe(
      '<a href="http://127.0.0.1:4200/" rel="noopener nofollow ugc">x</a>',
    );
  });

  it('removes forbidden elements, keeping the text of harmless wrappers', () => {
    expect(sanitizeCooked('<span class="x">kept</span><form><input value="v">form text</form>')).toBe(
      'keptform text',
    );
    expect(sanitizeCooked('<style>p{}</style><textarea>t</textarea><iframe>i</iframe>ok')).toBe('ok');
  });
});
