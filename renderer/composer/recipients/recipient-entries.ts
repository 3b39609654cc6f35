// The rules of the one "To" field: usernames, group names and email addresses side by side.
// Staged (email-only) people never come back from the user search, so anything shaped like an
// address is an email recipient; everything else must name a user or group the search knows.
import type { RecipientSuggestion } from '../../api/users-search';
import type { RecipientEntry } from '../../drafts/draft-content';
import { isValidEmail, looksLikeEmail, normalizeEmail } from '../../../shared/util/email-address';

export type RecipientChip = {
  value: string;
  /** unverified: name-shaped but not yet confirmed by the user search (e.g. offline). */
  kind: 'user' | 'group' | 'email' | 'invalid' | 'unverified';
  displayName?: string | null;
  /** Why an invalid chip cannot be sent to, in words a person can act on. */
  problem?: string;
};

// Discourse usernames and group names: word characters, dots and dashes (lengths are site settings).
const NAME_SHAPE = /^[\p{L}\p{N}_.-]{1,60}$/u;

/** `"Ann Lee" <ann@x.org>` → `ann@x.org`; `@alice` → `alice`. */
export function cleanEntry(raw: string): string {
  const trimmed = raw.trim();
  const angle = /<([^<>]+)>\s*$/.exec(trimmed);
  const bare = (angle ? angle[1]! : trimmed).trim().replace(/^mailto:/i, '');
  return bare.startsWith('@') && !bare.slice(1).includes('@') ? bare.slice(1) : bare;
}

/** Pasted lists: "a@x.org, b@y.org", one per line, or `Name <addr>; …` from a mail client. */
export function splitEntries(text: string): string[] {
  const parts: string[] = [];
  // Commas inside a quoted display name ("Lee, Ann" <ann@x.org>) do not separate entries.
  for (const match of text.matchAll(/"[^"]*"\s*<[^>]*>|[^,;\n\r\t]+/g)) {
    const cleaned = cleanEntry(match[0]);
    if (cleaned) parts.push(cleaned);
  }
  return parts;
}

export function isMultiEntryPaste(text: string): boolean {
  return /[,;\n\r]/.test(text.trim()) || splitEntries(text).length > 1;
}

/** A chip for typed or pasted text, using what the search already told us. */
export function classifyEntry(raw: string, known: RecipientSuggestion[] = []): RecipientChip {
  const value = cleanEntry(raw);
  if (looksLikeEmail(value)) {
    return isValidEmail(value)
      ? { value: normalizeEmail(value), kind: 'email' }
      : { value, kind: 'invalid', problem: `“${value}” is not a valid email address.` };
  }
  if (!NAME_SHAPE.test(value)) {
    return { value, kind: 'invalid', problem: `“${value}” is not a valid username or address.` };
  }
  const match = known.find((s) => s.name.toLowerCase() === value.toLowerCase());
  return match ? chipFromSuggestion(match) : { value, kind: 'unverified' };
}

export function chipFromSuggestion(s: RecipientSuggestion): RecipientChip {
  return { value: s.name, kind: s.kind, displayName: s.displayName };
}

/** After a search for an unverified chip: it names someone, or it is explained as invalid. */
export function resolveChip(chip: RecipientChip, results: RecipientSuggestion[]): RecipientChip {
  const match = results.find((s) => s.name.toLowerCase() === chip.value.toLowerCase());
  if (match) return chipFromSuggestion(match);
  return {
    value: chip.value,
    kind: 'invalid',
    problem: `“${chip.value}” is not a valid username or address: no user or group has that name.`,
  };
}

export function sameRecipient(a: RecipientChip, b: RecipientChip): boolean {
  return a.value.toLowerCase() === b.value.toLowerCase();
}

/** Adds chips, skipping ones already present. */
export function addChips(existing: RecipientChip[], added: RecipientChip[]): RecipientChip[] {
  const result = [...existing];
  for (const chip of added) if (!result.some((c) => sameRecipient(c, chip))) result.push(chip);
  return result;
}

export function emailedRecipients(chips: RecipientChip[]): string[] {
  return chips.filter((c) => c.kind === 'email').map((c) => c.value);
}

/** Discourse's target_recipients: one comma list of usernames, groups and addresses. */
export function targetRecipients(chips: RecipientChip[]): string {
  return chips
    .filter((c) => c.kind !== 'invalid')
    .map((c) => c.value)
    .join(',');
}

/** What a draft keeps: every chip, invalid ones included, so nothing typed is lost. */
export function chipsToEntries(chips: RecipientChip[]): RecipientEntry[] {
  return chips.map((c) => ({
    kind: c.kind === 'email' || c.kind === 'group' ? c.kind : 'user',
    value: c.value,
  }));
}

/**
 * Chips for a reopened draft. Names come back unverified and are checked again, so a name that
 * stopped existing (or was never valid) is explained rather than silently sent.
 */
export function entriesToChips(entries: RecipientEntry[]): RecipientChip[] {
  return entries.map((e) => classifyEntry(e.value));
}
