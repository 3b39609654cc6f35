// Classic XSS vectors through the whole cooking pipeline (markdown-it with raw HTML on,
// quote and mention plugins, then the sanitizer). Each case names what must be gone and
// what harmless text must survive; every case also passes the structural checks below.
import { describe, expect, it } from 'vitest';
import { cookMarkdown } from './cook-markdown';
import type { CookContext } from './cook-markdown';

const context: CookContext = {
  baseUrl: 'https://forum.example',
  // "ali" resolves to a stored name full of markup, to prove the link is built safely.
  lookupMention: (name) => (name.toLowerCase() === 'ali' ? { kind: 'user', name: 'ali<b>"x' } : undefined),
};

const ALLOWED_TAGS = new Set(
  'p br hr h1 h2 h3 h4 h5 h6 strong b em i s del ins sub sup code pre blockquote ul ol li a img table thead tbody tr th td aside div details summary'.split(
    ' ',
  ),
);

interface Tag {
  name: string;
  attributes: [string, string][];
}

/** Tags of sanitizer output, which always double-quotes attribute values and escapes `"` inside them. */
function tagsOf(html: string): Tag[] {
  return [...html.matchAll(/<([a-zA-Z][\w-]*)([^>]*)>/g)].map((tag) => ({
    name: (tag[1] ?? '').toLowerCase(),
    attributes: [...(tag[2] ?? '').matchAll(/([^\s="/]+)(?:="([^"]*)")?/g)].map(
      (attribute): [string, string] => [(attribute[1] ?? '').toLowerCase(), attribute[2] ?? ''],
    ),
  }));
}

function decodeAttribute(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function expectInert(html: string): void {
  for (const tag of tagsOf(html)) {
    expect(ALLOWED_TAGS, `tag <${tag.name}> in ${html}`).toContain(tag.name);
    for (const [name, value] of tag.attributes) {
      expect(name, `event handler in ${html}`).not.toMatch(/^on/);
      expect(name, `style attribute in ${html}`).not.toBe('style');
      if (name === 'href' || name === 'src') {
        // eslint-disable-next-line no-control-regex -- browsers ignore these inside a scheme
        const url = decodeAttribute(value).replace(/[\x00-\x20]/g, '');
        expect(url, `dangerous URL in ${html}`).not.toMatch(/^(?:javascript|vbscript|data):/i);
      }
    }
  }
}

interface Vector {
  name: string;
  raw: string;
  /** Must not appear in the cooked HTML. */
  gone: RegExp;
  /** Harmless text that must still be there. */
  survives: string;
}

const vectors: Vector[] = [
  {
    name: 'script element',
    raw: 'before <script>alert(1)</script> after',
    gone: /script|alert/i,
    survives: 'after',
  },
  {
    name: 'img onerror',
    raw: 'pic <img src=x onerror=alert(1)> after',
    gone: /onerror|alert/,
    survives: 'pic',
  },
  {
    name: 'svg onload',
    raw: 'icon <svg onload=alert(1)><circle r="1"/></svg> after',
    gone: /svg|onload/,
    survives: 'after',
  },
  {
    name: 'markdown javascript: link',
    raw: '[click](javascript:alert(1))',
    gone: /href="javascript/i,
    survives: 'click',
  },
  {
    name: 'mixed-case javascript: href',
    raw: '<a href="JaVaScRiPt:alert(1)">click</a>',
    gone: /href|alert/i,
    survives: 'click',
  },
  {
    name: 'entity-encoded javascript: href',
    raw: '<a href="&#106;&#97;vascript:alert(1)">click</a>',
    gone: /href|alert/,
    survives: 'click',
  },
  {
    name: 'tab inside the scheme',
    raw: '<a href="jav&#x09;ascript:alert(1)">click</a>',
    gone: /href|alert/,
    survives: 'click',
  },
  {
    name: 'newline inside the scheme',
    raw: '<a href="java\nscript:alert(1)">click</a>',
    gone: /href|alert/,
    survives: 'click',
  },
  {
    name: 'leading spaces before the scheme',
    raw: '<a href="  javascript:alert(1)">click</a>',
    gone: /href|alert/,
    survives: 'click',
  },
  {
    name: 'vbscript: href',
    raw: '<a href="vbscript:msgbox(1)">click</a>',
    gone: /href|msgbox/,
    survives: 'click',
  },
  {
    name: 'data:text/html link',
    raw: '<a href="data:text/html;base64,PHNjcmlwdD4=">click</a>',
    gone: /href|base64/,
    survives: 'click',
  },
  {
    name: 'javascript: image source',
    raw: '<img src="javascript:alert(1)" alt="pic"> after',
    gone: /src|alert/,
    survives: 'after',
  },
  {
    name: 'data: SVG image',
    raw: '<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="pic"> after',
    gone: /src=|base64/,
    survives: 'after',
  },
  {
    name: 'iframe',
    raw: 'see <iframe src="https://evil.example/">inner</iframe> after',
    gone: /iframe|evil|inner/,
    survives: 'after',
  },
  {
    name: 'object and embed',
    raw: 'x <object data="a.swf">o</object><embed src="b.swf"> after',
    gone: /object|embed|swf/,
    survives: 'after',
  },
  {
    name: 'style attribute with expression()',
    raw: '<p style="width: expression(alert(1))">styled</p>',
    gone: /style=|expression/,
    survives: 'styled',
  },
  {
    name: 'style element',
    raw: 'x <style>body{background:url(javascript:alert(1))}</style> after',
    gone: /style|body/,
    survives: 'after',
  },
  {
    name: 'math/style namespace confusion',
    raw: '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math> after',
    gone: /math|mglyph|style|onerror/,
    survives: 'after',
  },
  {
    name: 'noscript breakout',
    raw: '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript> after',
    gone: /onerror|noscript/,
    survives: 'after',
  },
  {
    name: 'form and input',
    raw: '<form action="https://evil.example"><input name="q">go</form>',
    gone: /form|input|evil/,
    survives: 'go',
  },
  {
    name: 'details ontoggle',
    raw: '<details open ontoggle=alert(1)><summary>s</summary>body</details>',
    gone: /ontoggle|alert/,
    survives: 'body',
  },
  {
    name: 'unclosed tag with a handler',
    raw: '<b onmouseover=alert(1)>bold',
    gone: /onmouseover/,
    survives: 'bold',
  },
  { name: 'unterminated tag', raw: 'text <img src=x onerror=alert(1)', gone: /<img/, survives: 'text' },
  {
    name: 'unclosed link',
    raw: 'text <div><a href="javascript:alert(1)">unclosed',
    gone: /javascript/,
    survives: 'unclosed',
  },
  {
    name: 'attribute breaking in a quote username',
    raw: '[quote="x\\" onmouseover=\\"alert(1), post:1, topic:1"]quoted[/quote]',
    gone: /<[^>]*onmouseover="/,
    survives: 'quoted',
  },
  {
    name: 'mention followed by markup',
    raw: 'hi @ali<script>alert(1)</script> there',
    gone: /script|alert/,
    survives: '@ali',
  },
  {
    name: 'mention of a name containing <',
    raw: 'hi @<img src=x onerror=alert(1)> there',
    gone: /onerror/,
    survives: 'there',
  },
];

describe('XSS corpus through cookMarkdown', () => {
  it.each(vectors)('$name', ({ raw, gone, survives }) => {
    const html = cookMarkdown(raw, context);
    expect(html).not.toMatch(gone);
    expect(html).toContain(survives);
    expectInert(html);
  });

  it('keeps the hostile quote username only as an escaped attribute value', () => {
    const html = cookMarkdown(
      '[quote="x\\" onmouseover=\\"alert(1), post:1, topic:1"]quoted[/quote]',
      context,
    );
    const aside = tagsOf(html).find((tag) => tag.name === 'aside');
    expect(aside?.attributes.map(([name]) => name)).toEqual([
      'class',
      'data-username',
      'data-post',
      'data-topic',
    ]);
    expect(html).toContain('data-username="x&quot; onmouseover=&quot;alert(1)"');
  });

  it('builds a mention link from a stored name with markup without breaking out', () => {
    const html = cookMarkdown('hi @ali', context);
    expect(html).toBe(
      '<p>hi <a class="mention" href="https://forum.example/u/ali%3Cb%3E%22x">@ali</a></p>\n',
    );
  });
});
