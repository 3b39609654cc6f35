// Reply and bounce addresses built from reply_by_email_address (behaviour.md §3.1): the
// template's %{reply_key} becomes a 32-hex reply key (one per post and recipient), or
// "verp-<32 hex>" for the envelope sender (VERP) when the template has a "+", so a bounce
// names the email log it is about. Inbound recognises the same shapes, for the main
// template and every alternative_reply_by_email_addresses entry.
import type { SiteSettings } from '../../settings/site-settings';

const PLACEHOLDER = '%{reply_key}';

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Regexes built from templates, by template (settings change rarely; a few templates at most). */
const keyRegexes = new Map<string, RegExp>();
const ownRegexes = new Map<string, RegExp>();

function cachedRegExp(cache: Map<string, RegExp>, template: string, build: (t: string) => RegExp): RegExp {
  let re = cache.get(template);
  if (!re) {
    if (cache.size >= 100) cache.clear();
    re = build(template);
    cache.set(template, re);
  }
  return re;
}

// The template list, kept while the two settings it comes from stay the same (the receiver
// asks for it several times per email).
let lastTemplates: { main: string; alternatives: string; list: string[] } | undefined;

function templates(settings: SiteSettings): string[] {
  const main = settings.str('reply_by_email_address');
  const alternatives = settings.str('alternative_reply_by_email_addresses');
  if (lastTemplates?.main === main && lastTemplates.alternatives === alternatives) return lastTemplates.list;
  const list = [main, ...alternatives.split('|')].map((t) => t.trim()).filter((t) => t !== '');
  lastTemplates = { main, alternatives, list };
  return list;
}

function bareAddress(address: string): string {
  return address.trim().replace(/^</, '').replace(/>$/, '').trim();
}

/** The main template, when it can carry a key. */
function mainTemplate(settings: SiteSettings): string | undefined {
  const t = settings.str('reply_by_email_address').trim();
  return t.includes(PLACEHOLDER) ? t : undefined;
}

/** Whether emails get a keyed Reply-To: reply-by-email on and a template with %{reply_key}. */
export function replyByEmailUsable(settings: SiteSettings): boolean {
  return settings.bool('reply_by_email_enabled') && mainTemplate(settings) !== undefined;
}

/** The Reply-To address for a reply key, or undefined when the template cannot carry one. */
export function replyAddressFor(settings: SiteSettings, key: string): string | undefined {
  return mainTemplate(settings)?.replace(PLACEHOLDER, key);
}

/**
 * The envelope sender carrying a bounce key (VERP), as Discourse's Email::Sender.bounce_address:
 * only when the template has a "+" (a subaddress the mail server delivers to the same mailbox).
 */
export function verpBounceAddress(settings: SiteSettings, bounceKey: string): string | undefined {
  const t = mainTemplate(settings);
  if (!t || !t.includes('+')) return undefined;
  return t.replace(PLACEHOLDER, `verp-${bounceKey}`);
}

/** The reply key (or VERP bounce key) in one of our reply addresses. Keys are compared lower-cased. */
export function replyKeyFromAddress(
  settings: SiteSettings,
  address: string,
): { key: string; verp: boolean } | undefined {
  const bare = bareAddress(address);
  for (const t of templates(settings)) {
    const at = t.indexOf(PLACEHOLDER);
    if (at < 0) continue;
    const re = cachedRegExp(
      keyRegexes,
      t,
      () =>
        new RegExp(
          `^${escapeRegExp(t.slice(0, at))}(verp-)?([0-9a-f]{32})${escapeRegExp(t.slice(at + PLACEHOLDER.length))}$`,
          'i',
        ),
    );
    const m = re.exec(bare);
    if (m?.[2]) return { key: m[2].toLowerCase(), verp: Boolean(m[1]) };
  }
  return undefined;
}

/**
 * Any of our reply addresses, with a key or without one ("reply@example.com" for the template
 * "reply+%{reply_key}@example.com"): Discourse's reply_by_email_address_regex makes the "+"
 * and the key optional. Used to drop mail from our own address (loop guard, §3.7).
 */
export function isOurReplyAddress(settings: SiteSettings, address: string): boolean {
  const bare = bareAddress(address);
  return templates(settings).some((t) =>
    cachedRegExp(ownRegexes, t, () => {
      const source = t
        .split(PLACEHOLDER)
        .map((part) => escapeRegExp(part).replace(/\\\+/g, '\\+?'))
        .join('(?:(?:verp-)?[0-9a-f]{32})?');
      return new RegExp(`^${source}$`, 'i');
    }).test(bare),
  );
}
