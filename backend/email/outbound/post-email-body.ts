// The text and HTML bodies of a post notification email (behaviour.md §3.1 "Body"): the post,
// earlier posts under "Previous Replies", the participants and a footer. Pure functions of
// what compose-post-email.ts hands in; every value from a person is escaped in the HTML
// (the post itself is cooked HTML, already sanitized when it was written).

export interface BodyPost {
  authorName: string;
  createdAt: string;
  raw: string;
  cooked: string;
}

export interface BodyParts {
  post: { raw: string; cooked: string };
  previous: BodyPost[];
  participants: string[];
  /** Footer paragraphs, plain text (the first-contact note, for one); URLs in them are linked in the HTML part. */
  footer: string[];
  baseUrl: string;
}

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * A plain-text rendering of a post's markdown: Discourse's [quote] blocks become "> " lines
 * under "<name> wrote:"; the rest of markdown already reads as text.
 */
export function plainTextOfRaw(raw: string): string {
  let text = raw.replace(/\r\n?/g, '\n');
  const quote = /\[quote(?:=("?)([^\]"]*)\1)?\]\n?((?:(?!\[quote)[\s\S])*?)\n?\[\/quote\]/i;
  // Innermost first, so nested quotes get nested "> " prefixes.
  for (let guard = 0; guard < 50; guard++) {
    const m = quote.exec(text);
    if (!m) break;
    const who = (m[2] ?? '').split(',')[0]?.trim();
    const body = (m[3] ?? '')
      .split('\n')
      .map((line) => (line ? `> ${line}` : '>'))
      .join('\n');
    text = text.slice(0, m.index) + (who ? `${who} wrote:\n` : '') + body + text.slice(m.index + m[0].length);
  }
  return text.trim();
}

/** Root-relative links and images in cooked HTML made absolute, as mail has no base URL. */
export function absoluteLinks(cooked: string, baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  return cooked.replace(
    /\b(href|src)=(["'])\/(?!\/)/gi,
    (_m, attr: string, q: string) => `${attr}=${q}${base}/`,
  );
}

function dateText(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toUTCString();
}

export function renderText(p: BodyParts): string {
  const out: string[] = [];
  out.push(plainTextOfRaw(p.post.raw));
  if (p.previous.length) {
    out.push('', '---', 'Previous Replies', '');
    for (const prev of p.previous)
      out.push(`${prev.authorName} — ${dateText(prev.createdAt)}`, plainTextOfRaw(prev.raw), '');
  }
  if (p.participants.length) out.push('', `Participants: ${p.participants.join(', ')}`);
  if (p.footer.length) out.push('', '---', ...p.footer);
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

// A URL ends before trailing punctuation: "(see https://x/t/1)." links https://x/t/1.
const linkify = (escaped: string): string =>
  escaped.replace(/https?:\/\/[^\s<>"']*[^\s<>"'.,;:!?)]/g, (url) => `<a href="${url}">${url}</a>`);

export function renderHtml(p: BodyParts): string {
  const parts: string[] = [];
  parts.push(`<div>${absoluteLinks(p.post.cooked, p.baseUrl)}</div>`);
  if (p.previous.length) {
    parts.push('<hr style="border:none;border-top:1px solid #ddd;margin:24px 0 8px">');
    parts.push('<h4 style="margin:8px 0;color:#666">Previous Replies</h4>');
    for (const prev of p.previous)
      parts.push(
        `<div style="margin:12px 0;padding-left:12px;border-left:3px solid #eee">` +
          `<p style="margin:0;color:#666"><strong>${escapeHtml(prev.authorName)}</strong> — ${escapeHtml(dateText(prev.createdAt))}</p>` +
          `<div>${absoluteLinks(prev.cooked, p.baseUrl)}</div></div>`,
      );
  }
  if (p.participants.length)
    parts.push(`<p style="color:#666">Participants: ${p.participants.map(escapeHtml).join(', ')}</p>`);
  if (p.footer.length) {
    parts.push('<hr style="border:none;border-top:1px solid #ddd;margin:16px 0">');
    parts.push(
      ...p.footer.map((line) => `<p style="color:#888;font-size:small">${linkify(escapeHtml(line))}</p>`),
    );
  }
  return `<!DOCTYPE html><html><body style="font-family:sans-serif;line-height:1.4">${parts.join('\n')}</body></html>`;
}
