// The post an email's body becomes (behaviour.md §3.6): the selected part, trimmed, optionally
// with each line stripped, and the trimmed part folded below it. Pure functions of the parsed
// email and three settings, so the parse worker (parse-pool.ts) can compute them off the main
// thread; process-email.ts recomputes only when the settings changed in between.
import type { SiteSettings } from '../../settings/site-settings';
import { selectBody } from '../trim/select-body';
import type { ParsedEmail } from './parse-email';

export interface EmailBody {
  markdown: string;
  elided: string;
}

/** The settings the body depends on. */
export interface BodyOptions {
  /** incoming_email_prefer_html */
  preferHtml: boolean;
  /** trim_incoming_emails */
  trim: boolean;
  /** strip_incoming_email_lines */
  stripLines: boolean;
}

export function bodyOptionsOf(settings: SiteSettings): BodyOptions {
  return {
    preferHtml: settings.bool('incoming_email_prefer_html'),
    trim: settings.bool('trim_incoming_emails'),
    stripLines: settings.bool('strip_incoming_email_lines'),
  };
}

export function sameBodyOptions(a: BodyOptions, b: BodyOptions): boolean {
  return a.preferHtml === b.preferHtml && a.trim === b.trim && a.stripLines === b.stripLines;
}

export function emailBody(email: Pick<ParsedEmail, 'text' | 'html'>, opts: BodyOptions): EmailBody {
  const selected = selectBody({ text: email.text, html: email.html }, opts);
  const markdown = opts.stripLines ? stripLines(selected.markdown) : selected.markdown;
  return { markdown: markdown.trim(), elided: selected.elided.trim() };
}

/** strip_incoming_email_lines: trim each line, except list items and code (indented or fenced). */
export function stripLines(text: string): string {
  let fenced = false;
  return text
    .split('\n')
    .map((line) => {
      if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
      if (fenced || /^( {4}|\t)/.test(line) || /^\s*([-*+]|\d+[.)])\s/.test(line)) return line;
      return line.trim();
    })
    .join('\n');
}

/** Discourse's Email::Receiver.elided_html: the trimmed part, folded. */
export function elidedBlock(elided: string): string {
  return [
    '',
    '',
    "<details class='elided'>",
    "<summary title='Show trimmed content'>&#183;&#183;&#183;</summary>",
    '',
    elided,
    '',
    '</details>',
    '',
  ].join('\n');
}

/** The post's raw: the body, and the trimmed part folded below it when it is shown. */
export function postRaw(body: EmailBody, showElided: boolean): string {
  return body.elided.trim() && showElided ? body.markdown + elidedBlock(body.elided) : body.markdown;
}
