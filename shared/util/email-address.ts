// Email address rules shared by the forum and the client's recipient field.

/** An address's identity: trimmed and lower-cased (behaviour.md §1.4: case and spaces don't matter). */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

// A deliberately practical check (RFC 5321 lengths, one @, a dotted domain), not full RFC 5322.
const EMAIL_RE =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export function isValidEmail(email: string): boolean {
  const e = email.trim();
  if (e.length > 254) return false;
  const at = e.lastIndexOf('@');
  if (at < 1 || at > 64) return false;
  return EMAIL_RE.test(e);
}

/** Whether a recipient entry is meant as an email address rather than a username or group. */
export function looksLikeEmail(entry: string): boolean {
  return entry.includes('@');
}
