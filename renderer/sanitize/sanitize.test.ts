// @vitest-environment jsdom
// The second fence: whatever HTML a server sends, nothing executable reaches the page, and
// the markup a mail reader needs (quotes, elided parts, links, images from uploads) survives.
import { describe, expect, it } from 'vitest';
import { sanitizeHtml, sanitizeToFragment } from './sanitize';

function dom(html: string): HTMLElement {
  const div = document.createElement('div');
  div.append(sanitizeToFragment(html));
  return div;
}

const XSS_VECTORS: Array<[string, string]> = [
  ['script element', '<p>hi</p><script>alert(1)</script>'],
  ['event handler', '<img src="/uploads/a.png" onerror="alert(1)">'],
  ['javascript: link', '<a href="javascript:alert(1)">x</a>'],
  ['javascript: link with whitespace and entities', '<a href=" &#14; java&#x09;script:alert(1)">x</a>'],
  ['data: link', '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>'],
  ['vbscript: link', '<a href="vbscript:msgbox(1)">x</a>'],
  ['svg onload', '<svg onload="alert(1)"><circle r="1"/></svg>'],
  ['svg script', '<svg><script>alert(1)</script></svg>'],
  ['math mXSS', '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>'],
  ['style element', '<style>body{display:none}</style><p>x</p>'],
  ['style attribute', '<p style="background:url(javascript:alert(1))">x</p>'],
  ['iframe srcdoc', '<iframe srcdoc="<script>alert(1)</script>"></iframe>'],
  ['object', '<object data="javascript:alert(1)"></object>'],
  ['form action', '<form action="javascript:alert(1)"><button>go</button></form>'],
  ['meta refresh', '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'],
  ['base href', '<base href="javascript:alert(1)//">'],
  ['noscript mXSS', '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'],
  ['template', '<template><img src=x onerror=alert(1)></template>'],
  ['details ontoggle', '<details open ontoggle="alert(1)"><summary>x</summary></details>'],
  ['input autofocus onfocus', '<input autofocus onfocus="alert(1)">'],
  ['id clobbering', '<img name="getElementById" id="location">'],
];

describe('sanitizeHtml strips executable content', () => {
  it.each(XSS_VECTORS)('%s', (_name, html) => {
    const out = sanitizeHtml(html);
    expect(out).not.toMatch(/<script|<style|<iframe|<object|<svg|<math|<form|<input|<meta|<base|<template/i);
    expect(out).not.toMatch(/\son\w+\s*=/i);
    expect(out).not.toMatch(/javascript:|vbscript:|data:text/i);
    expect(out).not.toMatch(/\sstyle\s*=/i);
    expect(out).not.toMatch(/\s(id|name)\s*=/i);
  });

  it('keeps the text of an ordinary paragraph', () => {
    expect(sanitizeHtml('<p>Hello <strong>there</strong></p>')).toBe('<p>Hello <strong>there</strong></p>');
  });
});

describe('links', () => {
  it('open in a new window without an opener', () => {
    const a = dom('<a href="https://example.com/x" rel="opener" target="_self">x</a>').querySelector('a');
    expect(a?.getAttribute('href')).toBe('https://example.com/x');
    expect(a?.getAttribute('target')).toBe('_blank');
    expect(a?.getAttribute('rel')).toBe('noopener noreferrer nofollow ugc');
  });

  it('keep mailto and same-site paths but not protocol-relative hosts', () => {
    expect(dom('<a href="mailto:a@b.example">m</a>').querySelector('a')?.getAttribute('href')).toBe(
      'mailto:a@b.example',
    );
    expect(dom('<a href="/t/12/3">q</a>').querySelector('a')?.getAttribute('href')).toBe('/t/12/3');
    expect(dom('<a href="//evil.example/x">e</a>').querySelector('a')?.hasAttribute('href')).toBe(false);
  });

  it('keep only the mention classes', () => {
    const a = dom('<a class="mention hijack" href="/u/bob">@bob</a>').querySelector('a');
    expect(a?.getAttribute('class')).toBe('mention');
  });
});

describe('images', () => {
  it('load from https and from our uploads only', () => {
    const root = dom(
      '<img src="https://cdn.example/a.png" alt="a"><img src="/uploads/b.png" alt="b">' +
        '<img src="http://tracker.example/c.gif" alt="c"><img src="data:image/svg+xml,<svg/>" alt="d">',
    );
    const srcs = [...root.querySelectorAll('img')].map((img) => img.getAttribute('src'));
    expect(srcs).toEqual(['https://cdn.example/a.png', '/uploads/b.png', null, null]);
    for (const img of root.querySelectorAll('img')) {
      expect(img.getAttribute('referrerpolicy')).toBe('no-referrer');
      expect(img.getAttribute('alt')).toMatch(/^[a-d]$/);
    }
  });
});

describe('quotes and elided parts', () => {
  const cookedQuote =
    '<aside class="quote no-group" data-username="alice" data-post="3" data-topic="12">\n' +
    '<div class="title">\n<div class="quote-controls"></div>\n<a href="/t/12/3">alice</a>:</div>\n' +
    '<blockquote>\n<p>The original words</p>\n</blockquote>\n</aside>\n<p>My answer</p>';

  it('keeps Discourse quote markup with its attribution', () => {
    const aside = dom(cookedQuote).querySelector('aside.quote');
    expect(aside).not.toBeNull();
    expect(aside?.getAttribute('data-username')).toBe('alice');
    expect(aside?.getAttribute('data-post')).toBe('3');
    expect(aside?.getAttribute('data-topic')).toBe('12');
    expect(aside?.querySelector('blockquote')?.textContent).toContain('The original words');
  });

  it('keeps the elided e-mail part folded in a details element', () => {
    const root = dom(
      "<p>Thanks!</p><details class='elided'><summary title='Show trimmed content'>&#183;&#183;&#183;</summary><p>On Monday Bob wrote: …</p></details>",
    );
    const details = root.querySelector('details.elided');
    expect(details?.querySelector('summary')).not.toBeNull();
    expect(details?.textContent).toContain('On Monday Bob wrote');
  });

  it('drops class values that are not part of the cooked vocabulary', () => {
    const root = dom('<div class="title modal-backdrop">x</div><aside class="quote sticky">y</aside>');
    expect(root.querySelector('div')?.getAttribute('class')).toBe('title');
    expect(root.querySelector('aside')?.getAttribute('class')).toBe('quote');
  });
});

describe('data attributes', () => {
  it('keeps only the quote identity attributes', () => {
    const p = dom('<p data-username="x" data-action="delete" data-bind="y">z</p>').querySelector('p');
    expect(p?.getAttributeNames()).toEqual([]);
  });
});
