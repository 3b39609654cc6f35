// @vitest-environment jsdom
// What the reading pane makes of cooked HTML: quotes become collapsible blocks that say who
// wrote them, trimmed e-mail history starts folded, and nothing unsafe survives.
import { describe, expect, it } from 'vitest';
import { buildPostFragment, postFragment } from './post-html';

function html(cooked: string): HTMLElement {
  const div = document.createElement('div');
  div.append(buildPostFragment(cooked));
  return div;
}

const QUOTE =
  '<aside class="quote no-group" data-username="alice" data-post="3" data-topic="12">\n' +
  '<div class="title">\n<div class="quote-controls"></div>\n<a href="/t/12/3">alice</a>:</div>\n' +
  '<blockquote>\n<p>The original words</p>\n</blockquote>\n</aside>\n<p>My answer</p>';

describe('buildPostFragment', () => {
  it('turns a Discourse quote into an open, attributed, collapsible block', () => {
    const root = html(QUOTE);
    const details = root.querySelector('details.quote');
    expect(details).not.toBeNull();
    expect(details?.hasAttribute('open')).toBe(true);
    expect(details?.querySelector('summary')?.textContent).toBe('alice wrote:');
    expect(details?.getAttribute('data-post')).toBe('3');
    expect(details?.querySelector('blockquote')?.textContent?.trim()).toBe('The original words');
    // The title line (with its link) is replaced by the summary, not repeated.
    expect(details?.querySelector('.title')).toBeNull();
    expect(root.querySelector('aside')).toBeNull();
    expect(root.textContent).toContain('My answer');
  });

  it('keeps nested quotes nested', () => {
    const nested = QUOTE.replace(
      '<p>The original words</p>',
      '<aside class="quote" data-username="bob"><blockquote><p>Older</p></blockquote></aside><p>The original words</p>',
    );
    const outer = html(nested).querySelector('details.quote');
    const inner = outer?.querySelector('blockquote details.quote');
    expect(inner?.querySelector('summary')?.textContent).toBe('bob wrote:');
    expect(inner?.textContent).toContain('Older');
  });

  it('folds the trimmed part of an e-mail reply', () => {
    const root = html(
      "<p>Sounds good.</p>\n<details class='elided'>\n<summary title='Show trimmed content'>&#183;&#183;&#183;</summary>\n<p>On Mon, Bob wrote:<br>&gt; earlier</p>\n</details>",
    );
    const details = root.querySelector('details.elided');
    expect(details?.hasAttribute('open')).toBe(false);
    expect(details?.querySelector('summary')?.textContent).toBe('Show trimmed content');
    expect(details?.textContent).toContain('On Mon, Bob wrote:');
  });

  it('sanitizes before restructuring', () => {
    const root = html(
      '<aside class="quote" data-username="x" onclick="alert(1)"><blockquote><img src=x onerror=alert(1)></blockquote></aside>',
    );
    expect(root.innerHTML).not.toMatch(/onclick|onerror/);
  });

  it('gives every caller its own copy of a cached fragment', () => {
    const a = postFragment('<p>same</p>');
    const b = postFragment('<p>same</p>');
    expect(a).not.toBe(b);
    expect(a.textContent).toBe(b.textContent);
  });
});
