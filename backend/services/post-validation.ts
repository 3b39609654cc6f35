// Title and body rules shared by new PMs, replies and edits.
import { DomainError } from '../../shared/domain/errors';
import type { SiteSettings } from '../settings/site-settings';

export function validateTitle(settings: SiteSettings, input: unknown): string {
  if (typeof input !== 'string' || input.trim() === '') throw new DomainError('title_required');
  const title = input.trim().replace(/\s+/g, ' ');
  const min = settings.int('min_personal_message_title_length');
  if (title.length < min) throw new DomainError('title_too_short', { min });
  return title.slice(0, 255);
}

export function validatePostBody(settings: SiteSettings, input: unknown): string {
  if (typeof input !== 'string' || input.trim() === '') throw new DomainError('raw_required');
  const min = settings.int('min_personal_message_post_length');
  if (input.trim().length < min) throw new DomainError('raw_too_short', { min });
  const max = settings.int('max_post_length');
  if (input.length > max)
    throw new DomainError('invalid_parameters', {
      detail: `raw is longer than ${max} characters (max_post_length).`,
    });
  return input;
}
