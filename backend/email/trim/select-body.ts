// Which part of an incoming email becomes the post, and how it is cleaned (§3.6 of the handbook,
// upstream Email::Receiver#select_body): the text part is cut at Discourse's markers and trimmed;
// the HTML part loses its clients' quotes, becomes markdown and goes the same way. The HTML-derived
// markdown wins when HTML is preferred (the default) or when the text part gives nothing.
import { cutAtDiscourseMarkers } from './discourse-markers';
import { htmlToMarkdown, joinElided } from './html-to-markdown';
import { trimReply } from './reply-trimmer';
import { isBlank, rubyStrip } from './ruby-text';

export interface SelectedBody {
  /** the post's raw markdown (may be empty: the caller decides whether that is "no body") */
  readonly markdown: string;
  /** removed quoted history, forwarded email and signatures, for a collapsed block (may be empty) */
  readonly elided: string;
  readonly source: 'html' | 'text';
}

export interface SelectBodyOptions {
  /** `incoming_email_prefer_html` */
  readonly preferHtml: boolean;
  /** `trim_incoming_emails`: when off, the whole part is posted and nothing is elided */
  readonly trim: boolean;
}

interface Candidate {
  readonly markdown: string;
  readonly elided: string;
}

function fromText(text: string, trim: boolean): Candidate {
  const cut = cutAtDiscourseMarkers(text);
  if (!trim) return { markdown: rubyStrip(cut.replaceAll('\r\n', '\n')), elided: '' };
  const { trimmed, elided } = trimReply(cut);
  return { markdown: trimmed, elided };
}

function fromHtml(html: string, trim: boolean): Candidate {
  const converted = htmlToMarkdown(html, { keepQuotes: !trim });
  const cut = cutAtDiscourseMarkers(converted.markdown);
  if (!trim) return { markdown: rubyStrip(cut), elided: '' };
  const { trimmed, elided } = trimReply(cut);
  // What the trimmer removed sits above what the client marked (the "On … wrote:" line, then its quote).
  return { markdown: trimmed, elided: joinElided(elided, converted.elided) };
}

export function selectBody(parsed: { text?: string; html?: string }, opts: SelectBodyOptions): SelectedBody {
  const text = parsed.text === undefined || isBlank(parsed.text) ? null : fromText(parsed.text, opts.trim);
  const html = parsed.html === undefined || isBlank(parsed.html) ? null : fromHtml(parsed.html, opts.trim);
  const textIsEmpty = text === null || isBlank(text.markdown);
  if (html !== null && (textIsEmpty || (opts.preferHtml && !isBlank(html.markdown)))) {
    return { ...html, source: 'html' };
  }
  return { ...(text ?? { markdown: '', elided: '' }), source: 'text' };
}
