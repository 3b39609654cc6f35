// The quick path must give exactly what sanitize-html gives whenever it answers at all, and
// must answer for ordinary replies (or it saves nothing). Checked on hand-made shapes, on every
// reply of the email corpora as the receiver would cook it, and on hostile HTML.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emailBody, postRaw } from '../email/inbound/email-body';
import { parseEmail } from '../email/inbound/parse-email';
import { renderMarkdown, type CookContext } from './cook-markdown';
import { sanitizeCooked, sanitizeCookedSlowly } from './sanitize-cooked';
import { sanitizeKnownShapes } from './sanitize-fast-path';

const corpus = join(process.cwd(), '..', 'shared', 'corpus');
const BASE = 'https://forum.example';
const context: CookContext = {
  baseUrl: BASE,
  lookupMention: (name) =>
    name === 'bob'
      ? { kind: 'user', name: 'Bob' }
      : name === 'team'
        ? { kind: 'group', name: 'team' }
        : undefined,
};

/** Asserts the two sanitizers agree on `html`; returns whether the quick path answered. */
function agree(html: string): boolean {
  const slow = sanitizeCookedSlowly(html, { baseUrl: BASE });
  expect(sanitizeCooked(html, { baseUrl: BASE }), html).toBe(slow);
  return sanitizeKnownShapes(html, () => false) !== undefined;
}

describe('the quick sanitizer path', () => {
  it('answers for the shapes markdown gives, exactly as sanitize-html', () => {
    const raws = [
      'Thanks, that works.\n\nBest,\nGuest',
      '**bold** _em_ ~~gone~~ `code` and a [link](https://example.org/a?b=1&c=2 "title")',
      'Mail me at <alice@example.org> or see www.example.com',
      '@bob and @team and @nobody, quotes "double" & \'single\' < > done',
      '> quoted\n> lines\n\nreply',
      '1. one\n2. two\n\n5. five\n6. six\n\n- a\n- b\n  - nested',
      '```js\nconst x = "<b>";\n```\n\n    indented code',
      '# Title\n\n## Sub\n\n---\n\n![pic](https://example.org/p.png "t") ![](/uploads/x.png)',
      '| a | b |\n| - | - |\n| 1 | 2 |',
      'link to [us](/t/slug/1/2) and [there](//cdn.example.org/x)',
      `text${postRaw({ markdown: '', elided: 'On Mon, X wrote:\n> old & "quoted" <text>' }, true)}`,
    ];
    const quick = raws.filter((raw) => agree(renderMarkdown(raw, context)));
    // Tables with alignment, and the like, may go the slow way; ordinary text must not.
    expect(quick.length).toBeGreaterThanOrEqual(raws.length - 1);
    expect(agree(renderMarkdown(raws[0] as string, context))).toBe(true);
  });

  it('marks external links as sanitize-html does, and only those', () => {
    const html =
      '<p><a href="https://elsewhere.example/x">x</a> <a href="https://forum.example/t/1">y</a></p>';
    expect(agree(html)).toBe(true);
    expect(sanitizeCooked(html, { baseUrl: BASE })).toContain('rel="noopener nofollow ugc"');
  });

  it('leaves everything unusual to sanitize-html', () => {
    const hostile = [
      '<p>a<script>alert(1)</script></p>',
      '<a href="javascript:alert(1)">x</a>',
      '<a href="&#106;avascript:alert(1)">x</a>',
      '<a href="java\nscript:alert(1)">x</a>',
      '<a href="ftp://example.org">x</a>',
      '<img src="data:image/png;base64,AAAA" alt="x">',
      '<img src=x onerror=alert(1)>',
      '<p onclick="x">a</p>',
      '<p style="color:red">a</p>',
      '<a class="mention evil" href="/u/a">@a</a>',
      '<a rel="opener" href="/x">x</a>',
      '<code class="lang-a b">x</code>',
      '<p>a<!-- comment --></p>',
      '<p>unclosed',
      '<p>a</b>',
      '<p><p>nested</p></p>',
      '<li>a<li>b',
      '<P>upper</P>',
      'a < b',
      'a &nbsp; b &copy',
      '&#0; &#128; &#xD800;',
      '<a href="">empty</a>',
      '<details class="elided other"><summary>x</summary></details>',
      '<svg><circle/></svg>',
    ];
    for (const html of hostile) {
      expect(
        sanitizeKnownShapes(html, () => false),
        html,
      ).toBeUndefined();
      agree(html);
    }
  });

  it('agrees with sanitize-html on every reply of the email corpora, and answers for most', async () => {
    const files = [
      ...readdirSync(join(corpus, 'reply-trimmer', 'emails')).map((f) =>
        join(corpus, 'reply-trimmer', 'emails', f),
      ),
      ...readdirSync(join(corpus, 'discourse-emails'))
        .filter((f) => f.endsWith('.eml'))
        .map((f) => join(corpus, 'discourse-emails', f)),
    ];
    let quick = 0;
    let total = 0;
    for (const file of files) {
      const email = await parseEmail(readFileSync(file));
      for (const trim of [true, false]) {
        const body = emailBody(email, { preferHtml: true, trim, stripLines: false });
        if (body.markdown === '') continue;
        total += 1;
        if (agree(renderMarkdown(postRaw(body, true), context))) quick += 1;
      }
    }
    expect(total).toBeGreaterThan(200);
    expect(quick / total).toBeGreaterThan(0.5);
  });
});
