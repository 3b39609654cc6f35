// The request itself failed the forum's rules: bad parameters, no login, no access, nothing
// found under that id, too many requests. Part of the one error catalog (errors.ts).
import { paramText as s, type ErrorSpec } from './error-spec';

export const requestErrorCodes = [
  'invalid_parameters',
  'not_logged_in',
  'invalid_access',
  'not_found',
  'topic_not_found',
  'post_not_found',
  'user_not_found',
  'group_not_found',
  'rate_limited',
  'validation_failed',
] as const;

export type RequestErrorCode = (typeof requestErrorCodes)[number];

export const requestErrorCatalog = {
  invalid_parameters: {
    status: 400,
    errorType: 'invalid_parameters',
    message: (p) => `Invalid parameters: ${s(p, 'detail') || 'check the request fields and try again.'}`,
  },
  not_logged_in: {
    status: 403,
    errorType: 'not_logged_in',
    message: () => 'You need to be logged in to do that: send Api-Key and Api-Username headers, or log in.',
  },
  invalid_access: {
    status: 403,
    errorType: 'invalid_access',
    message: () => 'You are not permitted to view the requested resource.',
  },
  not_found: {
    status: 404,
    errorType: 'not_found',
    message: () => 'The requested URL or resource could not be found.',
  },
  topic_not_found: {
    status: 404,
    errorType: 'not_found',
    message: () => 'That topic does not exist or you cannot see it.',
  },
  post_not_found: {
    status: 404,
    errorType: 'not_found',
    message: () => 'That post does not exist or you cannot see it.',
  },
  user_not_found: {
    status: 404,
    errorType: 'not_found',
    message: () => 'That user does not exist.',
  },
  group_not_found: {
    status: 404,
    errorType: 'not_found',
    message: () => 'That group does not exist or you cannot see it.',
  },
  rate_limited: {
    status: 429,
    errorType: 'rate_limit',
    message: (p) =>
      `You've performed this action too many times. Please wait ${s(p, 'seconds') || 'a few'} seconds before trying again.`,
  },
  validation_failed: {
    status: 422,
    errorType: 'invalid_parameters',
    message: (p) => s(p, 'detail') || 'Check the fields and try again.',
  },
} as const satisfies Record<RequestErrorCode, ErrorSpec>;
