// The closed error taxonomy. Every failure the forum can report is one of these codes;
// `errorCatalog` maps each to an HTTP status, Discourse's `error_type` and a message that
// says what was wrong and what to do; the incoming-email failures live in email-errors.ts.
// Adding a code without mapping it fails the type check.

import { emailErrorCatalog, emailErrorCodes } from './email-errors';

export const errorCodes = [
  ...emailErrorCodes,
  'invalid_parameters',
  'not_logged_in',
  'invalid_access',
  'not_found',
  'topic_not_found',
  'post_not_found',
  'user_not_found',
  'group_not_found',
  'login_failed',
  'login_not_activated',
  'login_staged',
  'rate_limited',
  'pm_no_recipients',
  'pm_not_allowed',
  'pm_email_not_allowed',
  'pm_staged_users_disabled',
  'pm_invalid_email',
  'pm_too_many_recipients',
  'pm_unknown_username',
  'pm_unknown_group',
  'pm_group_not_messageable',
  'pm_group_too_large',
  'pm_target_not_accepting',
  'pm_recipient_identifier_invalid',
  'title_required',
  'title_too_short',
  'raw_required',
  'raw_too_short',
  'topic_closed',
  'not_a_private_message',
  'already_invited',
  'username_taken',
  'username_invalid',
  'email_taken',
  'email_invalid',
  'password_too_short',
  'setting_not_found',
  'setting_invalid_value',
  'group_name_taken',
  'group_name_invalid',
  'cannot_delete_first_post_only',
  'validation_failed',
  'setup_already_done',
  'idempotency_key_reused',
  'upload_too_large',
  'upload_extension_not_allowed',
  'scheduled_post_not_found',
  'email_token_invalid',
  'invite_not_allowed',
  'invite_not_found',
  'invite_user_exists',
  'invite_redeem_user_exists',
  'invite_already_exists',
  'user_cannot_be_changed',
  'category_not_found',
  'category_topic_not_allowed',
  'category_post_not_allowed',
  'reviewable_not_pending',
  'reviewable_conflict',
  'tag_not_found',
  'tags_not_allowed',
  'tag_create_not_allowed',
  'tags_too_many',
  'staged_tracking_locked',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export type ErrorParams = Record<string, string | number>;

export interface ErrorSpec {
  status: number;
  /** Discourse's `error_type` field. */
  errorType: string;
  message: (p: ErrorParams) => string;
  /**
   * For incoming-email failures: whether the sender gets a rejection email (at most one per
   * sender, code and day; never to a bounce or our own address) or nothing.
   */
  rejection?: 'reply' | 'none';
}

const s = (p: ErrorParams, k: string): string => String(p[k] ?? '');

export const errorCatalog = {
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
  login_failed: {
    status: 200,
    errorType: 'login_failed',
    message: () => 'Incorrect username, email or password.',
  },
  login_not_activated: {
    status: 200,
    errorType: 'not_activated',
    message: () => "You can't log in yet: activate your account with the link in the email we sent you.",
  },
  login_staged: {
    status: 200,
    errorType: 'login_failed',
    message: () => 'Incorrect username, email or password.',
  },
  rate_limited: {
    status: 429,
    errorType: 'rate_limit',
    message: (p) =>
      `You've performed this action too many times. Please wait ${s(p, 'seconds') || 'a few'} seconds before trying again.`,
  },
  pm_no_recipients: {
    status: 422,
    errorType: 'invalid_parameters',
    message: () =>
      'You must choose a valid user: put at least one username, group or email address in target_recipients.',
  },
  pm_not_allowed: {
    status: 422,
    errorType: 'invalid_access',
    message: () =>
      'You are not allowed to send personal messages; ask an admin to add you to personal_message_enabled_groups.',
  },
  pm_email_not_allowed: {
    status: 422,
    errorType: 'invalid_access',
    message: () =>
      'You are not allowed to send personal messages to email addresses; ask an admin to add you to send_email_messages_allowed_groups, or remove the address.',
  },
  pm_staged_users_disabled: {
    status: 422,
    errorType: 'invalid_access',
    message: () =>
      'Sending personal messages to email addresses is disabled on this site (enable_staged_users is off); remove the address.',
  },
  pm_invalid_email: {
    status: 422,
    errorType: 'invalid_parameters',
    message: (p) =>
      `"${s(p, 'email')}" is not a valid email address; correct it or remove it from the recipients.`,
  },
  pm_too_many_recipients: {
    status: 422,
    errorType: 'invalid_parameters',
    message: (p) =>
      `Sorry, you can only send a message to at most ${s(p, 'limit')} recipients; remove some recipients and try again.`,
  },
  pm_unknown_username: {
    status: 422,
    errorType: 'invalid_parameters',
    message: (p) => `There is no user or group called "${s(p, 'name')}"; check the spelling.`,
  },
  pm_unknown_group: {
    status: 422,
    errorType: 'invalid_parameters',
    message: (p) => `There is no group called "${s(p, 'name')}"; check the spelling.`,
  },
  pm_group_not_messageable: {
    status: 422,
    errorType: 'invalid_access',
    message: (p) => `You are not allowed to send messages to the group "${s(p, 'name')}".`,
  },
  pm_group_too_large: {
    status: 422,
    errorType: 'invalid_parameters',
    message: (p) =>
      `The group "${s(p, 'name')}" has more than ${s(p, 'limit')} members (group_pm_user_limit); message fewer people.`,
  },
  pm_target_not_accepting: {
    status: 422,
    errorType: 'invalid_access',
    message: (p) => `Sorry, ${s(p, 'name')} is not accepting personal messages from you.`,
  },
  pm_recipient_identifier_invalid: {
    status: 422,
    errorType: 'invalid_parameters',
    message: () =>
      'Recipients must be given as strings: a comma-separated list of usernames, groups and email addresses.',
  },
  title_required: {
    status: 422,
    errorType: 'invalid_parameters',
    message: () => 'Title is required for a new message; add a title.',
  },
  title_too_short: {
    status: 422,
    errorType: 'invalid_parameters',
    message: (p) => `Title must be at least ${s(p, 'min')} characters.`,
  },
  raw_required: {
    status: 422,
    errorType: 'invalid_parameters',
    message: () => "Body can't be empty; write something in raw.",
  },
  raw_too_short: {
    status: 422,
    errorType: 'invalid_parameters',
    message: (p) => `Body is too short (minimum is ${s(p, 'min')} characters).`,
  },
  topic_closed: {
    status: 422,
    errorType: 'invalid_access',
    message: () => 'This topic is closed: it no longer accepts replies.',
  },
  not_a_private_message: {
    status: 422,
    errorType: 'invalid_parameters',
    message: () => 'That topic is not a personal message.',
  },
  already_invited: {
    status: 422,
    errorType: 'invalid_parameters',
    message: (p) => `${s(p, 'name')} is already part of this message.`,
  },
  username_taken: {
    status: 422,
    errorType: 'invalid_parameters',
    message: (p) => `The username "${s(p, 'username')}" is not available; choose another.`,
  },
  username_invalid: {
    status: 422,
    errorType: 'invalid_parameters',
    message: () =>
      'Usernames are 3–20 characters of letters, digits, dots, dashes and underscores, starting with a letter, digit or underscore.',
  },
  email_taken: {
    status: 422,
    errorType: 'invalid_parameters',
    message: () => 'That email address cannot be used for a new account; log in, or reset your password.',
  },
  email_invalid: {
    status: 422,
    errorType: 'invalid_parameters',
    message: () => 'That is not a valid email address.',
  },
  password_too_short: {
    status: 422,
    errorType: 'invalid_parameters',
    message: (p) => `Password is too short: use at least ${s(p, 'min')} characters.`,
  },
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
  cannot_delete_first_post_only: {
    status: 422,
    errorType: 'invalid_access',
    message: () => 'You cannot delete this post.',
  },
  validation_failed: {
    status: 422,
    errorType: 'invalid_parameters',
    message: (p) => s(p, 'detail') || 'Check the fields and try again.',
  },
  setup_already_done: {
    status: 403,
    errorType: 'invalid_access',
    message: () =>
      'This forum is already set up: it has an admin. Log in with that account, or ask its admin to invite you.',
  },
  idempotency_key_reused: {
    status: 422,
    errorType: 'invalid_parameters',
    message: () =>
      'idempotency key reused with a different message: send a new Idempotency-Key for a new message.',
  },
  upload_too_large: {
    status: 422,
    errorType: 'invalid_parameters',
    message: (p) =>
      `Sorry, the file you are trying to upload is too big (maximum size is ${s(p, 'max')}; max_attachment_size_kb).`,
  },
  upload_extension_not_allowed: {
    status: 422,
    errorType: 'invalid_parameters',
    message: (p) =>
      `Sorry, files of this type cannot be uploaded. Allowed extensions: ${s(p, 'allowed')} (authorized_extensions).`,
  },
  scheduled_post_not_found: {
    status: 404,
    errorType: 'not_found',
    message: () => 'That scheduled message does not exist, or it was already sent.',
  },
  email_token_invalid: {
    status: 422,
    errorType: 'invalid_access',
    message: () =>
      'This link is no longer valid: it was already used, has expired, or was mistyped. Ask for a new email.',
  },
  invite_not_allowed: {
    status: 403,
    errorType: 'invalid_access',
    message: (p) =>
      s(p, 'detail') ||
      'You are not allowed to invite people to the forum: an admin can add you to invite_allowed_groups.',
  },
  invite_not_found: {
    status: 404,
    errorType: 'not_found',
    message: () =>
      'This invite does not exist, has expired or was already used; ask the person who invited you for a new one.',
  },
  invite_user_exists: {
    status: 422,
    errorType: 'invalid_parameters',
    message: () => 'There is already an account with that email address, so it cannot be invited.',
  },
  invite_redeem_user_exists: {
    status: 412,
    errorType: 'invalid_parameters',
    message: () => 'There is already an account with that email address: log in, or reset your password.',
  },
  invite_already_exists: {
    status: 422,
    errorType: 'invalid_parameters',
    message: () => 'That address already has an open invite; wait for it to be used or to expire.',
  },
  user_cannot_be_changed: {
    status: 403,
    errorType: 'invalid_access',
    message: (p) => `This account cannot be ${s(p, 'action')}: ${s(p, 'reason')}.`,
  },
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
