import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { parseQuoteParams, quoteMarkup } from './quote-markup';

// The plugin alone, without the sanitizer, so these tests see exactly what it emits.
const md = new MarkdownIt({ html: false }).use(quoteMarkup, { baseUrl: () => 'https://forum.example' });

describe('parseQuoteParams', () => {
  it('reads the name, post and topic', () => {
    expect(parseQuoteParams('alice, post:3, topic:12')).toEqual({
      displayName: 'alice',
      username: 'alice',
      post: '3',
      topic: '12',
    });
  });

  it('ignores full:true and spacing, and takes username: over the display name', () => {
    expect(parseQuoteParams('Alice Liddell,post:3,  topic:12, full:true, username:alice')).toEqual({
      displayName: 'Alice Liddell',
      username: 'alice',
      post: '3',
      topic: '12',
    });
  });

  it('drops post and topic values that are not numbers', () => {
    expect(parseQuoteParams('alice, post:3x, topic:"><script>')).toMatchObject({
      post: undefined,
      topic: undefined,
    });
  });
});

describe('quoteMarkup', () => {
  it('escapes the username in both the attribute and the title', () => {
    const html = md.render('[quote="x\\" onmouseover=\\"alert(1)<b>, post:1, topic:1"]hi[/quote]');
    expect(html).toContain('data-username="x&quot; onmouseover=&quot;alert(1)&lt;b&gt;"');
    expect(html).toContain(
      '<a href="https://forum.example/t/1/1">x&quot; onmouseover=&quot;alert(1)&lt;b&gt;</a>:',
    );
  });

  it('treats an unquoted value up to the bracket as the name', () => {
    expect(md.render('[quote=alice smith]hi[/quote]')).toContain('data-username="alice smith"');
  });
  it('pairs nested tags, so an inner [/quote] does not close the outer quote', () => {
    // Tags are paired by nesting, so an inner [quote]…[/quote] pair does not close the outer one.
    const html = md.render('[quote]\na\n[quote]b[/quote]\nc\n[/quote]');
    expect(html.match(/<aside/g)).toHaveLength(2);
    expect(html).toMatch(/<p>c<\/p>\n<\/blockquote>\n<\/aside>\n$/);
  });

  it('keeps a fenced code block inside a quote intact', () => {
    const html = md.render('[quote]\n```\ncode @x\n```\n[/quote]');
    expect(html).toContain('<blockquote>\n<pre><code>code @x\n</code></pre>\n</blockquote>');
  });

  it('keeps a closing tag without an opening one as text', () => {
    expect(md.render('text [/quote]')).toBe('<p>text [/quote]</p>\n');
  });

  it('does not close a quote opened in a blockquote with a tag outside it', () => {
    expect(md.render('> [quote]\n> a\n\n[/quote]')).toBe(
      '<blockquote>\n<p>[quote]\na</p>\n</blockquote>\n<p>[/quote]</p>\n',
    );
  });

  it('stops nesting at a fixed depth, leaving deeper tags as text', () => {
    const depth = 30;
    const raw = `${'[quote]\n'.repeat(depth)}core\n${'[/quote]\n'.repeat(depth)}`;
    const html = md.render(raw);
    expect(html.match(/<aside/g)).toHaveLength(20);
    expect(html).toContain('[quote]');
    expect(html).toContain('core');
  });

  it('stays fast on many unterminated opening tags', () => {
    const raw = '[quote="a, post:1, topic:1"]\n'.repeat(20_000);
    const started = performance.now();
    const html = md.render(raw);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(html).not.toContain('<aside');
  });
});
