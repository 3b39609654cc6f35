// Categories and tags of the error catalog (errors.ts): seeing and posting in a category,
// using, creating and counting tags, and watching either as a staged person.
import { paramText as s, type ErrorSpec } from './error-spec';

export const categoryTagErrorCodes = [
  'category_not_found',
  'category_topic_not_allowed',
  'category_post_not_allowed',
  'tag_not_found',
  'tags_not_allowed',
  'tag_create_not_allowed',
  'tags_too_many',
  'staged_tracking_locked',
] as const;

export type CategoryTagErrorCode = (typeof categoryTagErrorCodes)[number];

export const categoryTagErrorCatalog = {
  category_not_found: {
    status: 404,
    errorType: 'not_found',
    message: () => 'That category does not exist or you cannot see it.',
  },
  category_topic_not_allowed: {
    status: 403,
    errorType: 'invalid_access',
    message: (p) =>
      `You are not allowed to start topics in the category "${s(p, 'name')}"; choose another category or ask staff for access.`,
  },
  category_post_not_allowed: {
    status: 403,
    errorType: 'invalid_access',
    message: (p) => `You are not allowed to reply in the category "${s(p, 'name')}"; ask staff for access.`,
  },
  tag_not_found: {
    status: 404,
    errorType: 'not_found',
    message: () => 'That tag does not exist or you cannot see it; /tags.json lists the tags you can use.',
  },
  tags_not_allowed: {
    status: 422,
    errorType: 'invalid_parameters',
    message: (p) => `Tags cannot be used here: ${s(p, 'reason')}.`,
  },
  tag_create_not_allowed: {
    status: 422,
    errorType: 'invalid_access',
    message: (p) =>
      `You are not allowed to create the new tag(s) ${s(p, 'names')}; use tags from /tags.json or ask staff to create them.`,
  },
  tags_too_many: {
    status: 422,
    errorType: 'invalid_parameters',
    message: (p) => `A topic can carry at most ${s(p, 'max')} tags (max_tags_per_topic); remove some.`,
  },
  staged_tracking_locked: {
    status: 403,
    errorType: 'invalid_access',
    message: () =>
      'A person without an account (staged) keeps their category and tag tracking unless an admin turns on allow_changing_staged_user_tracking; nothing was changed.',
  },
} as const satisfies Record<CategoryTagErrorCode, ErrorSpec>;
