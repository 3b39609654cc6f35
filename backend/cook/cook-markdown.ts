// Raw post markdown → the "cooked" HTML stored beside it, as Discourse does on save.
// Cooking happens once, on the way in; readers get the stored HTML.
import MarkdownIt from 'markdown-it';
import type { Env } from './markdown-env';
import { mentions } from './mentions';
import { quoteMarkup } from './quote-markup';
import { sanitizeCooked } from './sanitize-cooked';

export interface CookContext {
  /** Absolute or root-relative base for links, e.g. "" or "http://127.0.0.1:4200". */
  baseUrl: string;
  /** Resolve an @mention name (case-insensitive) to a user or group that exists; undefined leaves the text alone. */
  lookupMention(name: string): { kind: 'user' | 'group'; name: string } | undefined;
}

// One parser serves every call (building one compiles linkify's patterns); the per-call
// context travels in markdown-it's `env` under a key nobody else can write.
const CONTEXT = Symbol('foyer.cook-context');

function contextOf(env: Env | undefined): CookContext | undefined {
  // `env` values are `unknown` to markdown-it; only cookMarkdown writes this key, always a CookContext.
  return env?.[CONTEXT] as CookContext | undefined;
}

const markdown = new MarkdownIt({
  // Discourse accepts a safe subset of inline HTML; sanitizeCooked enforces the subset.
  html: true,
  linkify: true,
  // Discourse renders a single newline as a line break, as people expect from e-mail.
  breaks: true,
  typographer: false,
  // Discourse's class for fenced code languages (`lang-js`), which its highlighter reads.
  langPrefix: 'lang-',
})
  .use(quoteMarkup, { baseUrl: (env: Env | undefined) => contextOf(env)?.baseUrl ?? '' })
  .use(mentions, { context: contextOf });

/** The markdown rendered, before sanitizing (cookMarkdown's first half; tests compare sanitizers on it). */
export function renderMarkdown(raw: string, ctx: CookContext): string {
  // "http://host/" and "http://host" must give the same links, never "//t/1/2".
  const baseUrl = ctx.baseUrl.replace(/\/+$/, '');
  const context: CookContext = { baseUrl, lookupMention: (name) => ctx.lookupMention(name) };
  const env: Env = { [CONTEXT]: context };
  return markdown.render(raw, env);
}

/** Cooks raw post markdown into sanitized HTML, resolving quotes and @mentions against `ctx`. */
export function cookMarkdown(raw: string, ctx: CookContext): string {
  return sanitizeCooked(renderMarkdown(raw, ctx), { baseUrl: ctx.baseUrl.replace(/\/+$/, '') });
}
