// The closed error taxonomy. Every failure the forum can report is one of these codes;
// `errorCatalog` maps each to an HTTP status, Discourse's `error_type` and a message that
// says what was wrong and what to do. It is one catalog kept in a file per family of
// failures (requests, accounts, posting, categories and tags, staff work, incoming email);
// this file joins them and is where everyone imports it from. Adding a code without mapping
// it fails the type check; a code in two families fails errors.test.ts.

import { accountErrorCatalog, accountErrorCodes } from './account-errors';
import { adminErrorCatalog, adminErrorCodes } from './admin-errors';
import { categoryTagErrorCatalog, categoryTagErrorCodes } from './category-tag-errors';
import { emailErrorCatalog, emailErrorCodes } from './email-errors';
import type { ErrorParams, ErrorSpec } from './error-spec';
import { postingErrorCatalog, postingErrorCodes } from './posting-errors';
import { requestErrorCatalog, requestErrorCodes } from './request-errors';

export type { ErrorParams, ErrorSpec } from './error-spec';

export const errorCodes = [
  ...emailErrorCodes,
  ...requestErrorCodes,
  ...accountErrorCodes,
  ...postingErrorCodes,
  ...categoryTagErrorCodes,
  ...adminErrorCodes,
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export const errorCatalog = {
  ...requestErrorCatalog,
  ...accountErrorCatalog,
  ...postingErrorCatalog,
  ...categoryTagErrorCatalog,
  ...adminErrorCatalog,
  ...emailErrorCatalog,
} as const satisfies Record<ErrorCode, ErrorSpec>;

/** A named failure from a service: routes turn it into `{ errors: [...], error_type }`. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly params: ErrorParams;
  constructor(code: ErrorCode, params: ErrorParams = {}) {
    super(errorCatalog[code].message(params));
    this.name = 'DomainError';
    this.code = code;
    this.params = params;
  }
}

export interface DiscourseErrorBody {
  errors: string[];
  error_type: string;
}

export function errorBody(err: DomainError): DiscourseErrorBody {
  return { errors: [err.message], error_type: errorCatalog[err.code].errorType };
}
