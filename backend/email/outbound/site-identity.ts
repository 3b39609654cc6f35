// What every email we send says about the site: its name, the loop-guard stamp and the
// headers that mark it as machine-sent (behaviour.md §3.1 "Headers", §3.7, "differs" 7).
import type { SiteSettings } from '../../settings/site-settings';
import type { SettingName } from '../../settings/definitions';
import { newHexKey } from './reply-keys';

/** Stamped on all outgoing mail; incoming mail carrying our own value is dropped ("differs" 7). */
export const LOOP_GUARD_HEADER = 'X-Foyer-Loop';

async function generatedSetting(settings: SiteSettings, name: SettingName): Promise<string> {
  const current = settings.str(name);
  if (current) return current;
  // Another process (the admin CLI) may have generated it meanwhile: reload before writing.
  await settings.load();
  const reloaded = settings.str(name);
  if (reloaded) return reloaded;
  const value = newHexKey();
  await settings.set(name, value);
  return value;
}

/** This forum's stable random id (hidden setting site_id), created on first use. */
export function ensureSiteId(settings: SiteSettings): Promise<string> {
  return generatedSetting(settings, 'site_id');
}

/** The key that signs one-click unsubscribe links, created on first use. */
export function ensureUnsubscribeSecret(settings: SiteSettings): Promise<string> {
  return generatedSetting(settings, 'email_unsubscribe_secret');
}

/** "<X> via <this>" in From, and the site's name in footers. */
export function emailSiteTitle(settings: SiteSettings): string {
  return settings.str('email_site_title').trim() || settings.str('title');
}

/** A display name as a quoted RFC 5322 §3.2.4 string, so commas and "@" in names stay inside it. */
export function mailbox(name: string, address: string): string {
  const phrase = quotedPhrase(name);
  return phrase ? `${phrase} <${address}>` : address;
}

/** `"name"` with quotes and backslashes escaped; empty for an empty name. */
export function quotedPhrase(name: string): string {
  const clean = name.replace(/[\r\n]+/g, ' ').trim();
  return clean ? `"${clean.replace(/(["\\])/g, '\\$1')}"` : '';
}

/** email_custom_headers: "Name: value|Name: value" (default "Auto-Submitted: auto-generated"). */
export function customHeaders(settings: SiteSettings): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of settings.str('email_custom_headers').split('|')) {
    const colon = entry.indexOf(':');
    if (colon <= 0) continue;
    const name = entry.slice(0, colon).trim();
    const value = entry.slice(colon + 1).trim();
    // A header name is printable ASCII without ":" or spaces (RFC 5322 §2.2); skip anything else.
    if (/^[!-9;-~]+$/.test(name) && value && !/[\r\n]/.test(value)) out[name] = value;
  }
  return out;
}

/**
 * Headers on every email we send: the site's custom headers (Auto-Submitted: auto-generated
 * by default, RFC 3834 §5), X-Auto-Response-Suppress: All (asks Exchange/Outlook not to send
 * out-of-office replies) and the loop-guard stamp.
 */
export function machineHeaders(settings: SiteSettings, siteId: string): Record<string, string> {
  return {
    ...customHeaders(settings),
    'X-Auto-Response-Suppress': 'All',
    [LOOP_GUARD_HEADER]: siteId,
  };
}
