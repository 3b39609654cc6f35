// Texts an admin may rewrite (Discourse's site texts: an I18n key with an English default and
// an override stored per locale in translation_overrides). Each text lists the %{placeholders}
// it is filled with; an override may use those and no others.
import type { Db } from '../db/database';
import { nowIso } from '../util/clock';

export interface SiteTextDefinition {
  default: string;
  interpolationKeys: readonly string[];
}

export const DEFAULT_LOCALE = 'en';

export const siteTextDefinitions = {
  // "differs" 5: what a person who has never used this site reads under the first message sent
  // to their address.
  'system_messages.foyer_first_contact': {
    default: [
      '%{sender} wrote to you through %{site_title}. %{reply_instructions} To see the whole conversation, sign up at %{signup_url} with this email address.',
      '',
      'If you would rather not get email from %{site_title}, unsubscribe with one click: %{unsubscribe_url}',
    ].join('\n'),
    interpolationKeys: [
      'sender',
      'site_title',
      'topic_title',
      'reply_instructions',
      'signup_url',
      'unsubscribe_url',
      'base_url',
    ],
  },
} as const satisfies Record<string, SiteTextDefinition>;

export type SiteTextId = keyof typeof siteTextDefinitions;

export function isSiteTextId(id: string): id is SiteTextId {
  return Object.hasOwn(siteTextDefinitions, id);
}

export interface SiteText {
  id: SiteTextId;
  value: string;
  overridden: boolean;
}

export async function getSiteText(db: Db, id: SiteTextId, locale = DEFAULT_LOCALE): Promise<SiteText> {
  const row = await db
    .selectFrom('translation_overrides')
    .select('value')
    .where('locale', '=', locale)
    .where('translation_key', '=', id)
    .executeTakeFirst();
  return row
    ? { id, value: row.value, overridden: true }
    : { id, value: siteTextDefinitions[id].default, overridden: false };
}

/** Placeholders in a text that the site text does not provide. */
export function unknownInterpolationKeys(id: SiteTextId, value: string): string[] {
  const allowed = new Set<string>(siteTextDefinitions[id].interpolationKeys);
  const used = [...value.matchAll(/%\{(\w+)\}/g)].map((m) => m[1] ?? '');
  return [...new Set(used.filter((k) => !allowed.has(k)))];
}

export async function overrideSiteText(
  db: Db,
  id: SiteTextId,
  value: string,
  locale = DEFAULT_LOCALE,
): Promise<void> {
  const now = nowIso();
  await db
    .insertInto('translation_overrides')
    .values({ locale, translation_key: id, value, created_at: now, updated_at: now })
    .onConflict((oc) => oc.columns(['locale', 'translation_key']).doUpdateSet({ value, updated_at: now }))
    .execute();
}

export async function revertSiteText(db: Db, id: SiteTextId, locale = DEFAULT_LOCALE): Promise<void> {
  await db
    .deleteFrom('translation_overrides')
    .where('locale', '=', locale)
    .where('translation_key', '=', id)
    .execute();
}

/** Fills %{key} placeholders; an unknown one stays as written, so a typo is visible, not silent. */
export function interpolate(text: string, values: Record<string, string>): string {
  return text.replace(/%\{(\w+)\}/g, (whole, key: string) =>
    Object.hasOwn(values, key) ? (values[key] ?? '') : whole,
  );
}
