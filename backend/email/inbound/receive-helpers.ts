// Small pieces of the receiver's first steps (behaviour.md §3.2, §3.3 steps 1–2): the record's
// identity, the raw as stored text, and the ignore_by_title drop.
import { createHash } from 'node:crypto';
import type { SiteSettings } from '../../settings/site-settings';
import type { ParsedEmail } from './parse-email';

// A Message-ID longer than this is stored as its hash (RFC 5322 allows 998-character lines).
const MESSAGE_ID_MAX = 500;

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The record's identity: the bare Message-ID, or the raw's hash when there is none. */
export function storedMessageId(email: Pick<ParsedEmail, 'messageId' | 'raw'>): string {
  const id = email.messageId;
  if (!id) return sha256(email.raw);
  return id.length > MESSAGE_ID_MAX ? sha256(id) : id;
}

/** Mail is bytes: UTF-8 raws are stored as text; anything else byte for byte as latin1. */
export function rawAsText(raw: Buffer): { text: string; encoding: 'utf8' | 'latin1' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(raw), encoding: 'utf8' };
  } catch {
    return { text: raw.toString('latin1'), encoding: 'latin1' };
  }
}

/** The stored raw back as bytes. */
export function rawBytes(text: string, encoding: string): Buffer {
  return Buffer.from(text, encoding === 'latin1' ? 'latin1' : 'utf8');
}

/** §3.3 step 1: the subject matches ignore_by_title. */
export function ignoredByTitle(settings: SiteSettings, subject: string): boolean {
  const pattern = settings.str('ignore_by_title');
  if (!pattern) return false;
  try {
    return new RegExp(pattern, 'i').test(subject);
  } catch {
    // An invalid pattern ignores nothing rather than failing every email.
    return false;
  }
}
