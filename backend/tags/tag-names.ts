// Tag names as Discourse cleans them (DiscourseTagging.clean_tag with force_lowercase_tags):
// lower-case, trimmed, runs of spaces become one dash, characters that break URLs or markup
// are dropped, dashes are squeezed and trimmed, and the name is cut to max_tag_length
// characters (Discourse cuts rather than refuses). A name that cleans to nothing is no tag.
import { DomainError } from '../../shared/domain/errors';
import { listParam } from '../services/tracking-levels';

/**
 * Discourse's DiscourseTagging::TAGS_FILTER_REGEXP: URL and markup characters a tag name may not
 * hold. /site.json hands it to clients as tags_filter_regexp, so they clean names the same way.
 */
export const TAGS_FILTER_REGEXP = '[\\/\\?#\\[\\]@!\\$&\'\\(\\)\\*\\+,;=\\.%\\\\`^\\s|\\{\\}"<>]+';
const FILTERED = new RegExp(TAGS_FILTER_REGEXP, 'gu');
/** Anything that is neither a word character nor punctuation or a symbol (control characters, …). */
const NOT_WORD_OR_PUNCT = /[^\p{L}\p{M}\p{N}\p{Pc}\p{P}\p{S}]+/gu;

export function cleanTagName(raw: string, maxLength: number): string {
  const cleaned = raw
    .toLowerCase()
    .trim()
    .replace(/\s+/gu, '-')
    .replace(NOT_WORD_OR_PUNCT, '')
    .replace(FILTERED, '')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
  // By characters, not UTF-16 units, so a name is never cut inside an emoji.
  return Array.from(cleaned).slice(0, maxLength).join('').replace(/-+$/, '');
}

/**
 * Tag names as clients send them (an array, "a,b", tags[]=a, or "" for none), cleaned, each
 * once, in the order given. Anything but text is refused with what to send instead.
 */
export function tagNameList(value: unknown, field: string, maxLength: number): string[] {
  if (value !== undefined && value !== null && typeof value === 'object' && !Array.isArray(value))
    throw new DomainError('invalid_parameters', { detail: `${field} must be a list of tag names.` });
  const names: string[] = [];
  for (const raw of listParam(value, field, 'tag names')) {
    const name = cleanTagName(raw, maxLength);
    if (name !== '' && !names.includes(name)) names.push(name);
  }
  return names;
}
