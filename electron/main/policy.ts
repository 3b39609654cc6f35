// Security decisions of the desktop shell as pure functions (architecture.md, Electron
// rules). window.ts and ipc.ts only wire them to Electron events, so every rule here is
// unit-tested without an Electron binary.
import { maxExternalUrlLength } from '../../shared/ipc/channels';

function parseUrl(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/** True when `url` belongs to the app's own origin (the loopback backend that serves the renderer). */
export function isAppUrl(url: string | undefined, appOrigin: string | null): boolean {
  if (!url || !appOrigin) return false;
  const parsed = parseUrl(url);
  return parsed !== null && parsed.origin === appOrigin;
}

/**
 * The URL to hand to shell.openExternal, or null to refuse. Only https: and mailto: leave
 * the app: file:, javascript:, custom schemes and plain http: could run or leak local
 * things. https URLs with user:password@ are refused because they disguise the real host.
 */
export function externalUrl(raw: string): string | null {
  if (raw.length === 0 || raw.length > maxExternalUrlLength) return null;
  // Control characters and whitespace have no business in a link the OS will act on.
  if (hasControlOrSpace(raw)) return null;
  const url = parseUrl(raw);
  if (!url) return null;
  if (url.protocol === 'https:') {
    if (url.username || url.password || !url.hostname) return null;
    return url.href;
  }
  if (url.protocol === 'mailto:') {
    // mailto:addr[?subject=..]; at least one @ in the address part (RFC 6068 §2).
    const address = decodeURIComponentSafe(url.pathname);
    if (address === null || !/^[^@\s,]+@[^@\s,]+(,[^@\s,]+@[^@\s,]+)*$/.test(address)) return null;
    return url.href;
  }
  return null;
}

function hasControlOrSpace(value: string): boolean {
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (code <= 0x20 || code === 0x7f || /\s/.test(char)) return true;
  }
  return false;
}

function decodeURIComponentSafe(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

export type NavigationDecision =
  { kind: 'allow' } | { kind: 'open-external'; url: string } | { kind: 'deny' };

/** In-app navigation stays in the window; a safe external link goes to the OS browser; the rest is dropped. */
export function navigationDecision(target: string, appOrigin: string | null): NavigationDecision {
  if (isAppUrl(target, appOrigin)) return { kind: 'allow' };
  const external = externalUrl(target);
  return external ? { kind: 'open-external', url: external } : { kind: 'deny' };
}

/**
 * Permissions the renderer may get, and only for the app's own origin. Everything else
 * (camera, microphone, geolocation, midi, hid, serial, usb, display capture ...) is denied.
 */
export const allowedPermissions: ReadonlySet<string> = new Set([
  'notifications', // new-mail notifications (client.md, Desktop)
  'clipboard-sanitized-write', // "copy link" / copy quoted text
  'fullscreen',
]);

export function isPermissionAllowed(
  permission: string,
  requestingUrl: string,
  appOrigin: string | null,
): boolean {
  return allowedPermissions.has(permission) && isAppUrl(requestingUrl, appOrigin);
}

/**
 * The CSP the shell adds to every response from the app origin. It repeats the renderer's
 * meta policy as a header so it also covers responses the meta tag cannot (and wins if a
 * page ever drops the tag). 'unsafe-inline' styles: React style props and the theme block.
 */
export function contentSecurityPolicy(): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
