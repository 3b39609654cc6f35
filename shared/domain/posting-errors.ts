// Writing of the error catalog (errors.ts): personal messages and their recipients, titles
// and bodies, replies, edits, uploads, scheduled posts and repeated sends.
import { paramText as s, type ErrorSpec } from './error-spec';

export const postingErrorCodes = [
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
  'cannot_delete_first_post_only',
  'idempotency_key_reused',
  'upload_too_large',
  'upload_extension_not_allowed',
  'scheduled_post_not_found',
] as const;

export type PostingErrorCode = (typeof postingErrorCodes)[number];

export const postingErrorCatalog = {
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
  cannot_delete_first_post_only: {
    status: 422,
    errorType: 'invalid_access',
    message: () => 'You cannot delete this post.',
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
} as const satisfies Record<PostingErrorCode, ErrorSpec>;
