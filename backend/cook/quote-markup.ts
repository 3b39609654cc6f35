// Discourse's `[quote="alice, post:3, topic:12"]…[/quote]` BBCode as a markdown-it block rule.
// A block rule (rather than a regex pre-pass) keeps quotes inside fenced or indented code
// literal, and lets a quote open inside a list item or a `>` blockquote like Discourse.
import type { MarkdownIt, RendererRule, StateBlock } from 'markdown-it';
import type { Env } from './markdown-env';

export interface QuoteMarkupOptions {
  /** Prefix for the `/t/{topic}/{post}` title link; read per render because one parser serves every context. */
  baseUrl(env: Env | undefined): string;
}

interface QuoteParams {
  displayName: string;
  username: string;
  post: string | undefined;
  topic: string | undefined;
}

interface Span {
  start: number;
  end: number;
}

// Opening tag (`[quote]`, `[quote=alice]`, `[quote="alice, post:3, topic:12"]`, where `\"`
// escapes a quote inside the quoted form) or closing tag; case-insensitive like Discourse.
const TAG_SOURCE = String.raw`\[quote(?:=(?:"((?:[^"\\\n]|\\.)*)"|([^\]\n]*)))?\]|\[\/quote\]`;
const OPEN_AT = new RegExp(TAG_SOURCE, 'iy');
const ANY_TAG = new RegExp(TAG_SOURCE, 'gi');

// Each level re-parses its content, so unbounded nesting would cost depth × length and
// recurse without limit; deeper `[quote]`s stay literal text.
const MAX_DEPTH = 20;
let depth = 0;

// Opening-tag offset → its matching `[/quote]`, computed once per source string so that a
// post full of unterminated `[quote]` lines costs linear, not quadratic, time.
const pairsByState = new WeakMap<StateBlock, Map<number, Span>>();

function pairTags(src: string): Map<number, Span> {
  const pairs = new Map<number, Span>();
  const openings: number[] = [];
  for (const match of src.matchAll(ANY_TAG)) {
    if (match[0].startsWith('[/')) {
      const open = openings.pop();
      if (open !== undefined) pairs.set(open, { start: match.index, end: match.index + match[0].length });
    } else {
      openings.push(match.index);
    }
  }
  return pairs;
}

function pairsFor(state: StateBlock): Map<number, Span> {
  let pairs = pairsByState.get(state);
  if (!pairs) {
    pairs = pairTags(state.src);
    pairsByState.set(state, pairs);
  }
  return pairs;
}

/** The line in [from, to) holding `span`, or undefined when the tag lies outside this container. */
function lineOf(state: StateBlock, span: Span, from: number, to: number): number | undefined {
  let low = from;
  let high = to - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((state.eMarks[mid] ?? Infinity) < span.end) low = mid + 1;
    else high = mid;
  }
  const begin = state.bMarks[low];
  const end = state.eMarks[low];
  if (low >= to || begin === undefined || end === undefined) return undefined;
  return begin <= span.start && span.end <= end ? low : undefined;
}

/** Discourse's `name, post:N, topic:N, username:x, full:true` parameter list. */
export function parseQuoteParams(raw: string): QuoteParams {
  const [first = '', ...rest] = raw.split(',');
  const params: QuoteParams = {
    displayName: first.trim(),
    username: first.trim(),
    post: undefined,
    topic: undefined,
  };
  for (const part of rest) {
    const [key = '', value = ''] = part.trim().split(/:(.*)/s);
    const digits = /^\d{1,10}$/.test(value) ? value : undefined;
    if (key === 'post') params.post = digits;
    else if (key === 'topic') params.topic = digits;
    else if (key === 'username' && value) params.username = value;
    // `full:true` only marks a whole-post quote in Discourse's composer; it changes no markup here.
  }
  return params;
}

function paramsOf(match: RegExpExecArray): QuoteParams | undefined {
  const quoted = match[1];
  const raw = quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : match[2];
  if (raw === undefined || raw.trim() === '') return undefined;
  return parseQuoteParams(raw);
}

function parseNested(state: StateBlock, src: string): void {
  const from = state.tokens.length;
  depth += 1;
  try {
    state.md.block.parse(src, state.md, state.env, state.tokens);
  } finally {
    depth -= 1;
  }
  // The nested parser counts levels from zero; shift them so tight-list logic sees real depth.
  for (const token of state.tokens.slice(from)) token.level += state.level;
}

function quoteRule(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const indent = state.sCount[startLine] ?? 0;
  const start = (state.bMarks[startLine] ?? 0) + (state.tShift[startLine] ?? 0);
  if (indent - state.blkIndent >= 4 || state.src.charCodeAt(start) !== 0x5b /* [ */) return false;
  OPEN_AT.lastIndex = start;
  const open = OPEN_AT.exec(state.src);
  if (!open || open[0].startsWith('[/') || depth >= MAX_DEPTH) return false;
  const close = pairsFor(state).get(start);
  if (!close) return false;
  const closeLine = lineOf(state, close, startLine, endLine);
  if (closeLine === undefined) return false;
  if (silent) return true;

  const openEnd = start + open[0].length;
  const closeLineEnd = state.eMarks[closeLine] ?? close.end;
  let content: string;
  if (closeLine === startLine) {
    content = state.src.slice(openEnd, close.start);
  } else {
    const middle = state.getLines(startLine + 1, closeLine, state.blkIndent, true);
    // getLines may expand tabs in the indent, so measure the last line from its end.
    const last = state.getLines(closeLine, closeLine + 1, state.blkIndent, false);
    const lastPrefix = last.slice(0, last.length - (closeLineEnd - close.start));
    content = `${state.src.slice(openEnd, state.eMarks[startLine] ?? openEnd)}\n${middle}${lastPrefix}`;
  }

  const params = paramsOf(open);
  const token = state.push('bbcode_quote_open', 'aside', 1);
  token.markup = open[0];
  token.map = [startLine, closeLine + 1];
  token.attrs = [['class', 'quote no-group']];
  if (params) {
    token.content = params.displayName;
    token.attrPush(['data-username', params.username]);
    if (params.post !== undefined) token.attrPush(['data-post', params.post]);
    if (params.topic !== undefined) token.attrPush(['data-topic', params.topic]);
  }
  parseNested(state, content);
  state.push('bbcode_quote_close', 'aside', -1).markup = '[/quote]';

  const trailing = state.src.slice(close.end, closeLineEnd);
  if (trailing.trim() !== '') parseNested(state, trailing);
  state.line = closeLine + 1;
  return true;
}

export function quoteMarkup(md: MarkdownIt, options: QuoteMarkupOptions): void {
  // Same position and alternatives as fences: a quote may interrupt a paragraph or list.
  md.block.ruler.before('fence', 'bbcode_quote', quoteRule, {
    alt: ['paragraph', 'reference', 'blockquote', 'list'],
  });

  const escape = md.utils.escapeHtml;
  const renderOpen: RendererRule = (tokens, idx, _options, env, self) => {
    const token = tokens[idx];
    if (!token) return '';
    let html = `<aside${self.renderAttrs(token)}>\n`;
    if (token.attrGet('data-username') !== null) {
      const post = token.attrGet('data-post');
      const topic = token.attrGet('data-topic');
      const name = escape(token.content);
      const title =
        post !== null && topic !== null
          ? `<a href="${escape(`${options.baseUrl(env)}/t/${topic}/${post}`)}">${name}</a>`
          : name;
      html += `<div class="title">\n<div class="quote-controls"></div>\n${title}:</div>\n`;
    }
    return `${html}<blockquote>\n`;
  };
  md.renderer.rules['bbcode_quote_open'] = renderOpen;
  md.renderer.rules['bbcode_quote_close'] = () => '</blockquote>\n</aside>\n';
}
