// Accounts of the error catalog (errors.ts): logging in, signing up, the first admin,
// emailed links, invitations, and changes to an account staff may not make.
import { paramText as s, type ErrorSpec } from './error-spec';

export const accountErrorCodes = [
  'login_failed',
  'login_not_activated',
  'login_staged',
  'username_taken',
  'username_invalid',
  'email_taken',
  'email_invalid',
  'password_too_short',
  'setup_already_done',
  'email_token_invalid',
  'invite_not_allowed',
  'invite_not_found',
  'invite_user_exists',
  'invite_redeem_user_exists',
  'invite_already_exists',
  'user_cannot_be_changed',
] as const;

export type AccountErrorCode = (typeof accountErrorCodes)[number];

export const accountErrorCatalog = {
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
  setup_already_done: {
    status: 403,
    errorType: 'invalid_access',
    message: () =>
      'This forum is already set up: it has an admin. Log in with that account, or ask its admin to invite you.',
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
} as const satisfies Record<AccountErrorCode, ErrorSpec>;
