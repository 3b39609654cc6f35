import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import type { CookContext } from './cook-markdown';
import { mentions } from './mentions';

type Target = ReturnType<CookContext['lookupMention']>;

const directory: Record<string, Target> = {
  alice: { kind: 'user', name: 'alice' },
  'mary.jane': { kind: 'user', name: 'Mary.Jane' },
  'jo-el_2': { kind: 'user', name: 'jo-el_2' },
  zoë: { kind: 'user', name: 'zoë' },
  team: { kind: 'group', name: 'Team' },
};

/** The plugin alone (no sanitizer), recording which names it asked about. */
function renderer(baseUrl = '') {
  const asked: string[] = [];
  const context: CookContext = {
    baseUrl,
    lookupMention: (name) => {
      asked.push(name);
      return directory[name.toLowerCase()];
    },
  };
  const md = new MarkdownIt({ html: true, linkify: true }).use(mentions, { context: () => context });
  return { render: (raw: string) => md.render(raw), asked };
}

const render = (raw: string) => renderer().render(raw);
const userLink = (href: string, text: string) => `<a class="mention" href="${href}">${text}</a>`;

describe('mentions', () => {
  it('links a user mention under the base URL', () => {
    expect(renderer('https://forum.example').render('hi @alice!')).toBe(
      `<p>hi ${userLink('https://forum.example/u/alice', '@alice')}!</p>\n`,
    );
  });

  it('links a group mention to the group page', () => {
    expect(render('ping @team')).toBe('<p>ping <a class="mention-group" href="/groups/Team">@team</a></p>\n');
  });

  it('keeps the typed case in the text and lower-cases the user URL', () => {
    expect(render('@ALICE and @Mary.Jane')).toBe(
      `<p>${userLink('/u/alice', '@ALICE')} and ${userLink('/u/mary.jane', '@Mary.Jane')}</p>\n`,
    );
  });

  it('accepts letters, digits, underscore, dot and hyphen, including non-ASCII letters', () => {
    expect(render('@jo-el_2 @zoë')).toBe(
      `<p>${userLink('/u/jo-el_2', '@jo-el_2')} ${userLink('/u/zo%C3%AB', '@zoë')}</p>\n`,
    );
  });

  it('treats a trailing dot as punctuation', () => {
    expect(render('Thanks @alice.')).toBe(`<p>Thanks ${userLink('/u/alice', '@alice')}.</p>\n`);
    expect(render('See @mary.jane...')).toBe(`<p>See ${userLink('/u/mary.jane', '@mary.jane')}...</p>\n`);
  });

  it('leaves unknown names as plain text', () => {
    expect(render('@nobody here')).toBe('<p>@nobody here</p>\n');
  });

  it('does not treat an e-mail address or a word-joined @ as a mention', () => {
    expect(render('mail bob@alice or x.@alice or a/@alice or @@alice')).toBe(
      '<p>mail bob@alice or x.@alice or a/@alice or @@alice</p>\n',
    );
    expect(render('bob@example.com')).toBe('<p><a href="mailto:bob@example.com">bob@example.com</a></p>\n');
  });

  it('finds mentions right after punctuation and markup', () => {
    expect(render('(@alice) **@alice**')).toBe(
      `<p>(${userLink('/u/alice', '@alice')}) <strong>${userLink('/u/alice', '@alice')}</strong></p>\n`,
    );
  });

  it('skips code spans, code blocks and fences', () => {
    expect(render('`@alice`\n\n    @alice\n\n```\n@alice\n```')).toBe(
      '<p><code>@alice</code></p>\n<pre><code>@alice\n</code></pre>\n<pre><code>@alice\n</code></pre>\n',
    );
  });

  it('skips markdown links, raw HTML links and linkified URLs', () => {
    expect(render('[to @alice](/x) <a href="/y">@alice</a> https://example.com/@alice')).toBe(
      '<p><a href="/x">to @alice</a> <a href="/y">@alice</a> ' +
        '<a href="https://example.com/@alice">https://example.com/@alice</a></p>\n',
    );
  });

  it('resumes after a link closes', () => {
    expect(render('[x](/x) @alice')).toBe(`<p><a href="/x">x</a> ${userLink('/u/alice', '@alice')}</p>\n`);
  });

  it('asks about each name once per render, whatever its case', () => {
    const { render: renderOnce, asked } = renderer();
    renderOnce('@alice @Alice @ALICE @nobody @nobody');
    expect(asked).toEqual(['alice', 'nobody']);
  });

  it('does not look up names longer than any username', () => {
    const { render: renderLong, asked } = renderer();
    expect(renderLong(`@${'a'.repeat(61)}`)).toBe(`<p>@${'a'.repeat(61)}</p>\n`);
    expect(asked).toEqual([]);
  });

  it('escapes a resolved name that contains markup', () => {
    const md = new MarkdownIt().use(mentions, {
      context: () => ({ baseUrl: '', lookupMention: () => ({ kind: 'group', name: 'a"<b>' }) }),
    });
    expect(md.render('@ab')).toBe('<p><a class="mention-group" href="/groups/a%22%3Cb%3E">@ab</a></p>\n');
  });

  it('does nothing without a context', () => {
    const md = new MarkdownIt().use(mentions, { context: () => undefined });
    expect(md.render('@alice')).toBe('<p>@alice</p>\n');
  });
});
