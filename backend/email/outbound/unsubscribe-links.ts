// One-click unsubscribe links for List-Unsubscribe (RFC 2369 §3.2, RFC 8058): the URL names
// the recipient and the conversation and is signed, so a POST to it needs no login and
// cannot be forged for someone else (RFC 8058 §3.1 "the URI must identify the recipient
// and the list, and be hard to guess"). Nothing is stored per email.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SiteSettings } from '../../settings/site-settings';
import { ensureUnsubscribeSecret } from './site-identity';

function mac(secret: string, userId: number, topicId: number): string {
  return createHmac('sha256', secret).update(`unsubscribe:${userId}:${topicId}`).digest('hex').slice(0, 32);
}

export async function unsubscribeUrl(
  settings: SiteSettings,
  baseUrl: string,
  userId: number,
  topicId: number,
): Promise<string> {
  const secret = await ensureUnsubscribeSecret(settings);
  return `${baseUrl.replace(/\/+$/, '')}/email/unsubscribe/${userId}.${topicId}.${mac(secret, userId, topicId)}`;
}

/** The recipient and conversation a token was made for, or undefined when it is not ours. */
export function verifyUnsubscribeToken(
  settings: SiteSettings,
  token: string,
): { userId: number; topicId: number } | undefined {
  const secret = settings.str('email_unsubscribe_secret');
  const m = /^(\d{1,15})\.(\d{1,15})\.([0-9a-f]{32})$/.exec(token.trim());
  if (!secret || !m?.[1] || !m[2] || !m[3]) return undefined;
  const userId = Number(m[1]);
  const topicId = Number(m[2]);
  const expected = Buffer.from(mac(secret, userId, topicId));
  const given = Buffer.from(m[3]);
  return timingSafeEqual(expected, given) ? { userId, topicId } : undefined;
}
