// `@name` → a link to the user or group, as a markdown-it core rule over inline text tokens.
// Working on tokens (not on the source or the HTML) is what keeps code spans, code blocks
// and link text out of reach: they are never `text` tokens outside a link.
import type { MarkdownIt, StateCore, Token } from 'markdown-it';
import type { Env } from './markdown-env';
import type { CookContext } from './cook-markdown';

export interface MentionsOptions {
  /** The render's context; undefined turns the rule off (for example when rendering without one). */
  context(env: Env): Pick<CookContext, 'baseUrl' | 'lookupMention'> | undefined;
}

type MentionTarget = NonNullable<ReturnType<CookContext['lookupMention']>>;

// Discourse's username characters. Unicode letters count because Discourse allows Unicode usernames.
const MENTION = /@([\p{L}\p{M}\p{Nd}_.-]+)/gu;
// A mention starts a word: `bob@example.com` or `a/@b` are not mentions.
const WORD_BEFORE = /[\p{L}\p{M}\p{Nd}_.\-@/]$/u;
// Discourse's longest username; longer runs cannot name anyone, so they cost no lookup.
const MAX_NAME_LENGTH = 60;

function mentionHref(baseUrl: string, target: MentionTarget): string {
  // Discourse links users by their lower-case username and groups by their name as stored.
  return target.kind === 'user'
    ? `${baseUrl}/u/${encodeURIComponent(target.name.toLowerCase())}`
    : `${baseUrl}/groups/${encodeURIComponent(target.name)}`;
}

function textToken(state: StateCore, content: string, level: number): Token {
  const token = new state.Token('text', '', 0);
  token.content = content;
  token.level = level;
  return token;
}

function mentionTokens(
  state: StateCore,
  typed: string,
  href: string,
  kind: MentionTarget['kind'],
  level: number,
) {
  const open = new state.Token('link_open', 'a', 1);
  open.attrs = [
    ['class', kind === 'user' ? 'mention' : 'mention-group'],
    ['href', href],
  ];
  open.level = level;
  open.markup = 'mention';
  const close = new state.Token('link_close', 'a', -1);
  close.level = level;
  close.markup = 'mention';
  return [open, textToken(state, `@${typed}`, level + 1), close];
}

/** Splits one text token around the mentions it holds; returns it unchanged when there are none. */
function splitText(
  state: StateCore,
  token: Token,
  charBefore: string,
  resolve: (name: string) => MentionTarget | undefined,
  baseUrl: string,
): Token[] {
  const text = token.content;
  const out: Token[] = [];
  let done = 0;
  for (const match of text.matchAll(MENTION)) {
    const before = match.index === 0 ? charBefore : text.slice(Math.max(0, match.index - 2), match.index);
    if (WORD_BEFORE.test(before)) continue;
    // A trailing dot ends the sentence, not the name (Discourse usernames cannot end with one).
    const name = (match[1] ?? '').replace(/\.+$/, '');
    if (name === '' || name.length > MAX_NAME_LENGTH) continue;
    const target = resolve(name);
    if (!target) continue;
    if (match.index > done) out.push(textToken(state, text.slice(done, match.index), token.level));
    out.push(...mentionTokens(state, name, mentionHref(baseUrl, target), target.kind, token.level));
    done = match.index + 1 + name.length;
  }
  if (out.length === 0) return [token];
  if (done < text.length) out.push(textToken(state, text.slice(done), token.level));
  return out;
}

function linkDepthChange(token: Token): number {
  if (token.type === 'link_open') return 1;
  if (token.type === 'link_close') return -1;
  // With `html: true` a raw `<a href>` is an html_inline token, and its text is link text too.
  if (token.type === 'html_inline') {
    if (/^<a[\s>]/i.test(token.content)) return 1;
    if (/^<\/a\s*>/i.test(token.content)) return -1;
  }
  return 0;
}

function linkMentions(
  state: StateCore,
  children: Token[],
  resolve: (name: string) => MentionTarget | undefined,
  baseUrl: string,
): Token[] {
  const out: Token[] = [];
  let linkDepth = 0;
  let charBefore = '';
  for (const child of children) {
    linkDepth = Math.max(0, linkDepth + linkDepthChange(child));
    if (child.type === 'text' && linkDepth === 0)
      out.push(...splitText(state, child, charBefore, resolve, baseUrl));
    else out.push(child);
    // Only adjacent text continues a word; any other token (emphasis, break, code) is a boundary.
    charBefore = child.type === 'text' ? child.content.slice(-2) : '';
  }
  return out;
}

export function mentions(md: MarkdownIt, options: MentionsOptions): void {
  // After `linkify` (so bare URLs and e-mail addresses are already links) and `text_join`
  // (so escaped characters are merged back into their text token).
  md.core.ruler.push('mentions', (state) => {
    const context = options.context(state.env);
    if (!context) return;
    // Lookups may hit the database; a post that repeats a name asks once. Names are case-insensitive.
    const seen = new Map<string, MentionTarget | undefined>();
    const resolve = (name: string): MentionTarget | undefined => {
      const key = name.toLowerCase();
      if (!seen.has(key)) seen.set(key, context.lookupMention(name));
      return seen.get(key);
    };
    for (const token of state.tokens) {
      if (token.type === 'inline' && token.children) {
        token.children = linkMentions(state, token.children, resolve, context.baseUrl);
      }
    }
  });
}
