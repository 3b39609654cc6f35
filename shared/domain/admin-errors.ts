// Staff work of the error catalog (errors.ts): site settings, groups, and the review queue.
import { paramText as s, type ErrorSpec } from './error-spec';

export const adminErrorCodes = [
  'setting_not_found',
  'setting_invalid_value',
  'group_name_taken',
  'group_name_invalid',
  'reviewable_not_pending',
  'reviewable_conflict',
] as const;

export type AdminErrorCode = (typeof adminErrorCodes)[number];

export const adminErrorCatalog = {
  setting_not_found: {
    status: 404,
    errorType: 'not_found',
    message: (p) => `There is no site setting called "${s(p, 'name')}".`,
  },
  setting_invalid_value: {
    status: 422,
    errorType: 'invalid_parameters',
    message: (p) => `Invalid value for ${s(p, 'name')}: ${s(p, 'detail')}`,
  },
  group_name_taken: {
    status: 422,
    errorType: 'invalid_parameters',
    message: (p) => `The name "${s(p, 'name')}" is already taken by a user or group; choose another.`,
  },
  group_name_invalid: {
    status: 422,
    errorType: 'invalid_parameters',
    message: () => 'Group names are 3–20 characters of letters, digits, dots, dashes and underscores.',
  },
  reviewable_not_pending: {
    status: 422,
    errorType: 'invalid_parameters',
    message: (p) =>
      `This item of the review queue was already ${s(p, 'status') || 'handled'}; reload the queue to see what is still waiting.`,
  },
  reviewable_conflict: {
    status: 409,
    errorType: 'invalid_parameters',
    message: () =>
      'This item of the review queue was changed by someone else meanwhile (its version is newer); reload it and try again.',
  },
} as const satisfies Record<AdminErrorCode, ErrorSpec>;
