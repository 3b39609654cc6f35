// Discourse's short upload URLs: upload://<sha1 in base62>.<ext>. Composers write them into
// raw; cooking turns them into the served /uploads/<sha1>.<ext>, and publishing links the
// uploads a post shows to it (so its readers may fetch them).
const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function base62Sha1(sha1: string): string {
  let n = BigInt(`0x${sha1}`);
  if (n === 0n) return '0';
  let out = '';
  while (n > 0n) {
    out = ALPHABET[Number(n % 62n)] + out;
    n /= 62n;
  }
  return out;
}

export function sha1FromBase62(text: string): string | undefined {
  let n = 0n;
  for (const ch of text) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) return undefined;
    n = n * 62n + BigInt(v);
  }
  const hex = n.toString(16).padStart(40, '0');
  return hex.length === 40 ? hex : undefined;
}

export function shortUrl(sha1: string, extension: string | null): string {
  return `upload://${base62Sha1(sha1)}${extension ? `.${extension}` : ''}`;
}

const SHORT = /upload:\/\/([0-9a-zA-Z]{1,30})(\.[a-zA-Z0-9]{1,10})?/g;
const SERVED = /\/uploads\/([0-9a-f]{40})(?:\.[a-z0-9]{1,10})?/g;

/** raw with every upload:// URL replaced by the URL it is served at. */
export function resolveShortUploadUrls(raw: string): string {
  if (!raw.includes('upload://')) return raw;
  return raw.replace(SHORT, (whole, b62: string, ext: string | undefined) => {
    const sha1 = sha1FromBase62(b62);
    return sha1 ? `/uploads/${sha1}${ext?.toLowerCase() ?? ''}` : whole;
  });
}

/** The sha1 of every upload raw refers to, by short or served URL. */
export function uploadShas(raw: string): string[] {
  const out = new Set<string>();
  if (raw.includes('upload://'))
    for (const m of raw.matchAll(SHORT)) {
      const sha1 = m[1] ? sha1FromBase62(m[1]) : undefined;
      if (sha1) out.add(sha1);
    }
  if (raw.includes('/uploads/')) for (const m of raw.matchAll(SERVED)) if (m[1]) out.add(m[1]);
  return [...out];
}
