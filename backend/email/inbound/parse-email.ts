// Stage 1 of the receiver: raw bytes → a ParsedEmail (behaviour.md §3.3 step 3, §3.6 first bullet).
// postal-mime does the MIME work; this file adds what a receiver needs on top: bare
// Message-IDs, flattened lower-cased address lists, a clamped-later Date, and charset
// fallbacks (declared charset → UTF-8 → Windows-1252, as Discourse's fix_charset) for parts
// that are mislabelled. It never throws: when postal-mime gives up, the header block is read
// by hand so the email can still be stored and answered.
import PostalMime, { addressParser, decodeWords } from 'postal-mime';
import type { Attachment, Email } from 'postal-mime';

export interface Mailbox {
  /** Decoded display name, '' when none. */
  name: string;
  /** Lower-cased, trimmed address; '' when the header named no address. */
  address: string;
}

export interface ParsedEmail {
  /** The bytes as received (before any leniency), for hashing and storage. */
  raw: Buffer;
  /** Top-level headers in order, names lower-cased, values unfolded but not decoded. */
  headers: ReadonlyArray<{ key: string; value: string }>;
  /** Bare Message-ID (no angle brackets), undefined when the header is missing or empty. */
  messageId: string | undefined;
  subject: string;
  /** The From header as written, for the strict sender check. */
  fromHeader: string | undefined;
  from: Mailbox[];
  replyTo: Mailbox[];
  to: Mailbox[];
  cc: Mailbox[];
  bcc: Mailbox[];
  date: Date | undefined;
  /** Bare ids of In-Reply-To, then References (§3.4). */
  inReplyTo: string[];
  references: string[];
  text: string | undefined;
  html: string | undefined;
  attachments: Attachment[];
  /** Lower-cased top-level MIME type with its parameters, e.g. "multipart/report; report-type=…". */
  contentType: string;
  /** Set when postal-mime could not parse the message; only the header block was read. */
  parseError?: string;
}

/** First value of a header (name case-insensitive). */
export function header(email: Pick<ParsedEmail, 'headers'>, name: string): string | undefined {
  const key = name.toLowerCase();
  return email.headers.find((h) => h.key === key)?.value;
}

export function headerValues(email: Pick<ParsedEmail, 'headers'>, name: string): string[] {
  const key = name.toLowerCase();
  return email.headers.filter((h) => h.key === key).map((h) => h.value);
}

/** Parses an address header value (RFC 5322 §3.4) leniently into flat mailboxes. */
export function parseAddressList(value: string | undefined): Mailbox[] {
  if (!value) return [];
  try {
    return addressParser(value, { flatten: true }).map((m) => ({
      name: (m.name ?? '').trim(),
      address: (m.address ?? '').trim().toLowerCase(),
    }));
  } catch {
    return [];
  }
}

export function bareId(id: string): string {
  return id.trim().replace(/^<+/, '').replace(/>+$/, '').trim();
}

/** In-Reply-To / References: ids split on whitespace and commas, brackets removed (§3.4). */
export function splitIds(value: string | undefined): string[] {
  if (!value) return [];
  const bracketed = value.match(/<[^<>]+>/g);
  const parts = bracketed ?? value.split(/[\s,]+/);
  return parts.map(bareId).filter((p) => p !== '' && p.length <= 998);
}

/** A message starts with its header block; some senders (and old fixtures) prepend blank lines. */
function skipLeadingBlankLines(raw: Buffer): Buffer {
  let i = 0;
  while (i < raw.length && (raw[i] === 0x0a || raw[i] === 0x0d || raw[i] === 0x20 || raw[i] === 0x09)) i++;
  // Only skip whole blank lines: stop at the start of the line holding the first visible byte.
  while (i > 0 && raw[i - 1] !== 0x0a) i--;
  return i === 0 ? raw : raw.subarray(i);
}

const REPLACEMENT = /\uFFFD/g;
const replacementCount = (s: string | undefined): number => (s ? (s.match(REPLACEMENT) ?? []).length : 0);

/** The same message with every charset parameter relabelled, for the fallback decode. */
function relabelCharsets(raw: Buffer, charset: string): Buffer {
  const text = raw.toString('latin1');
  const relabelled = text.replace(/(charset\s*=\s*)("?)[^";\s]+\2/gi, `$1"${charset}"`);
  return Buffer.from(relabelled, 'latin1');
}

async function postal(raw: Buffer): Promise<Email> {
  return PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer', maxNestingDepth: 100 });
}

/**
 * Declared charset first; when that left undecodable bytes (U+FFFD), UTF-8, then
 * Windows-1252 (which decodes every byte, so it is the last resort), keeping whichever
 * result has the fewest replacement characters (§3.6).
 */
async function withCharsetFallback(raw: Buffer, parsed: Email): Promise<Pick<Email, 'text' | 'html'>> {
  let best = { text: parsed.text, html: parsed.html };
  let bad = replacementCount(best.text) + replacementCount(best.html);
  for (const charset of ['utf-8', 'windows-1252']) {
    if (bad === 0) break;
    try {
      const again = await postal(relabelCharsets(raw, charset));
      const count = replacementCount(again.text) + replacementCount(again.html);
      if (count < bad) {
        best = { text: again.text, html: again.html };
        bad = count;
      }
    } catch {
      // The relabelled copy is only a second opinion; keep the first decode.
    }
  }
  return best;
}

/** Header values written as raw 8-bit bytes in a legacy charset decode to U+FFFD as UTF-8. */
function rawHeaderFallback(head: Buffer, name: string): string | undefined {
  const text = head.toString('latin1');
  const re = new RegExp(`^${name}:([^\\n]*(?:\\n[ \\t][^\\n]*)*)`, 'im');
  const m = re.exec(text);
  if (!m?.[1]) return undefined;
  const bytes = Buffer.from(m[1].replace(/\r?\n[ \t]/g, ' '), 'latin1');
  try {
    return decodeWords(new TextDecoder('windows-1252').decode(bytes)).trim();
  } catch {
    return undefined;
  }
}

/**
 * A multipart message whose body never uses its boundary has no parts, and postal-mime finds no
 * text at all. The sender still wrote something: the body is taken as plain text (UTF-8, else
 * Windows-1252) instead of rejecting the email as empty.
 */
function unstructuredBody(body: Buffer, parsed: Email): string | undefined {
  if (parsed.html !== undefined || parsed.attachments.length > 0) return undefined;
  const text = body.toString('latin1');
  const m = /\r?\n\r?\n/.exec(text);
  if (!m) return undefined;
  const rest = body.subarray(m.index + m[0].length);
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(rest);
  } catch {
    decoded = new TextDecoder('windows-1252').decode(rest);
  }
  return decoded.trim() === '' ? undefined : decoded;
}

function headerBlock(raw: Buffer): Buffer {
  const text = raw.toString('latin1');
  const m = /\r?\n\r?\n/.exec(text);
  return m ? raw.subarray(0, m.index) : raw;
}

/** Reads only the header block (RFC 5322 §2.2: unfold, split at the first colon). */
function readHeaderBlock(head: Buffer): Array<{ key: string; value: string }> {
  const lines = head.toString('utf8').split(/\r?\n/);
  const out: Array<{ key: string; value: string }> = [];
  for (const line of lines) {
    const last = out[out.length - 1];
    if (/^[ \t]/.test(line) && last) {
      last.value += ' ' + line.trim();
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    out.push({ key: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1).trim() });
  }
  return out;
}

function safeDecode(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    return decodeWords(value);
  } catch {
    return value;
  }
}

function mailboxes(list: Email['to']): Mailbox[] {
  const out: Mailbox[] = [];
  for (const a of list ?? []) {
    if (a.group) {
      for (const m of a.group) out.push({ name: m.name.trim(), address: m.address.trim().toLowerCase() });
    } else out.push({ name: a.name.trim(), address: (a.address ?? '').trim().toLowerCase() });
  }
  return out;
}

function toDate(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Control characters (NUL in a decoded subject, for example) have no place in a title. */
function cleanSubject(s: string | undefined): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  return (s ?? '').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim();
}

/** What identifies an email before it is parsed: its bytes, bare Message-ID and subject. */
export type EmailIdentity = Pick<ParsedEmail, 'raw' | 'messageId' | 'subject'>;

/**
 * The Message-ID and subject from the header block alone (no MIME work, no address parsing):
 * all the receiver needs to answer a redelivery or drop an ignored title before the full parse.
 */
export function parseIdentity(input: Buffer | string): EmailIdentity {
  const raw = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const headers = readHeaderBlock(headerBlock(skipLeadingBlankLines(raw)));
  const get = (n: string) => header({ headers }, n);
  const messageId = get('message-id') ? bareId(get('message-id') ?? '') : undefined;
  return { raw, messageId: messageId || undefined, subject: cleanSubject(safeDecode(get('subject'))) };
}

export async function parseEmail(input: Buffer | string): Promise<ParsedEmail> {
  const raw = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const body = skipLeadingBlankLines(raw);
  const head = headerBlock(body);
  let parsed: Email;
  try {
    parsed = await postal(body);
  } catch (e) {
    return fromHeadersOnly(raw, head, e);
  }
  const decoded = await withCharsetFallback(body, parsed);
  const text = decoded.text ?? unstructuredBody(body, parsed);
  const html = decoded.html;
  let subject = cleanSubject(parsed.subject);
  if (subject.includes('\uFFFD')) subject = cleanSubject(rawHeaderFallback(head, 'subject') ?? subject);
  const headers = parsed.headers.map((h) => ({ key: h.key, value: h.value }));
  const fromHeader = header({ headers }, 'from');
  let from = parsed.from ? mailboxes([parsed.from]) : [];
  if (from.some((m) => m.name.includes('\uFFFD'))) {
    const again = parseAddressList(rawHeaderFallback(head, 'from'));
    if (again.length > 0) from = again;
  }
  const contentType = (header({ headers }, 'content-type') ?? 'text/plain').toLowerCase();
  const messageId = parsed.messageId ? bareId(parsed.messageId) : undefined;
  return {
    raw,
    headers,
    messageId: messageId || undefined,
    subject,
    fromHeader,
    from,
    replyTo: mailboxes(parsed.replyTo),
    to: mailboxes(parsed.to),
    cc: mailboxes(parsed.cc),
    bcc: mailboxes(parsed.bcc),
    date: toDate(parsed.date),
    inReplyTo: splitIds(parsed.inReplyTo),
    references: splitIds(parsed.references),
    text,
    html,
    attachments: parsed.attachments,
    contentType,
  };
}

function fromHeadersOnly(raw: Buffer, head: Buffer, error: unknown): ParsedEmail {
  const headers = readHeaderBlock(head);
  const get = (n: string) => header({ headers }, n);
  const messageId = get('message-id') ? bareId(get('message-id') ?? '') : undefined;
  const fromHeader = get('from');
  return {
    raw,
    headers,
    messageId: messageId || undefined,
    subject: cleanSubject(safeDecode(get('subject'))),
    fromHeader,
    from: parseAddressList(fromHeader),
    replyTo: parseAddressList(get('reply-to')),
    to: parseAddressList(get('to')),
    cc: parseAddressList(get('cc')),
    bcc: parseAddressList(get('bcc')),
    date: toDate(get('date')),
    inReplyTo: splitIds(get('in-reply-to')),
    references: splitIds(get('references')),
    text: undefined,
    html: undefined,
    attachments: [],
    contentType: (get('content-type') ?? 'text/plain').toLowerCase(),
    parseError: error instanceof Error ? error.message : String(error),
  };
}
