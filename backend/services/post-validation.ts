// Title and body rules shared by new PMs, topics, replies and edits. A PM has its own minimums
// (min_personal_message_*); a topic in a category uses min_topic_title_length, and its first
// post min_first_post_length, later posts min_post_length, as in Discourse.
import { DomainError } from '../../shared/domain/errors';
import type { SettingName } from '../settings/definitions';
import type { SiteSettings } from '../settings/site-settings';

/** Which minimum applies: a PM's posts, a topic's first post, or a reply in a topic. */
export type BodyKind = 'pm' | 'first_post' | 'reply';

const MIN_BODY: Record<BodyKind, SettingName> = {
  pm: 'min_personal_message_post_length',
  first_post: 'min_first_post_length',
  reply: 'min_post_length',
};

/** The minimum length of a post of this kind. */
export function minBodyLength(settings: SiteSettings, kind: BodyKind): number {
  return settings.int(MIN_BODY[kind]);
}

export function validateTitle(settings: SiteSettings, input: unknown, kind: 'pm' | 'topic' = 'pm'): string {
  if (typeof input !== 'string' || input.trim() === '') throw new DomainError('title_required');
  const title = input.trim().replace(/\s+/g, ' ');
  const min = settings.int(kind === 'pm' ? 'min_personal_message_title_length' : 'min_topic_title_length');
  if (title.length < min) throw new DomainError('title_too_short', { min });
  return title.slice(0, 255);
}

export function validatePostBody(settings: SiteSettings, input: unknown, kind: BodyKind = 'pm'): string {
  if (typeof input !== 'string' || input.trim() === '') throw new DomainError('raw_required');
  const min = minBodyLength(settings, kind);
  if (input.trim().length < min) throw new DomainError('raw_too_short', { min });
  const max = settings.int('max_post_length');
  if (input.length > max)
    throw new DomainError('invalid_parameters', {
      detail: `raw is longer than ${max} characters (max_post_length).`,
    });
  return input;
}
