// The incoming-email failures of the error taxonomy (behaviour.md §3.9): recorded on the
// incoming email and, where `rejection` is 'reply', answered with a rejection email.
import { paramText as s, type ErrorSpec } from './error-spec';

export const emailErrorCodes = [
  'email_empty',
  'email_no_body',
  'email_no_sender',
  'email_from_reply_address',
  'email_loop',
  'email_ignored_by_title',
  'email_screened',
  'email_user_not_found',
  'email_not_allowed',
  'email_auto_generated',
  'email_inactive_user',
  'email_silenced_user',
  'email_bad_destination',
  'email_strangers_not_allowed',
  'email_insufficient_trust',
  'email_invalid_access',
  'email_reply_user_not_matching',
  'email_reply_not_allowed',
  'email_topic_not_found',
  'email_topic_closed',
  'email_too_short',
  'email_invalid_post',
  'email_invalid_post_action',
  'email_unsubscribe_not_allowed',
  'email_old_destination',
  'email_reply_to_digest',
  'email_too_many_recipients',
  'email_bounced',
  'email_held_for_review',
  'email_queued_for_review',
  'email_rejected_in_review',
  'email_unrecognised',
] as const;

export type EmailErrorCode = (typeof emailErrorCodes)[number];

export const emailErrorCatalog = {
  email_empty: {
    status: 422,
    errorType: 'email_rejected',
    rejection: 'reply',
    message: () =>
      'Your email was empty: we received nothing to post. Write your reply above the quoted text and send it again.',
  },
  email_no_body: {
    status: 422,
    errorType: 'email_rejected',
    rejection: 'reply',
    message: () =>
      "We couldn't find any text in your email. Write your reply above the quoted text (plain text or HTML) and send it again.",
  },
  email_no_sender: {
    status: 422,
    errorType: 'email_rejected',
    rejection: 'none',
    message: () => 'The email had no valid From address.',
  },
  email_from_reply_address: {
    status: 422,
    errorType: 'email_rejected',
    rejection: 'none',
    message: () => 'The email came from one of our own reply addresses (a mail loop); it was dropped.',
  },
  email_loop: {
    status: 422,
    errorType: 'email_rejected',
    rejection: 'none',
    message: () =>
      'The email carries our own loop-guard header: it is mail we sent coming back; it was dropped.',
  },
  email_ignored_by_title: {
    status: 422,
    errorType: 'email_rejected',
    rejection: 'none',
    message: () => 'The subject matches ignore_by_title; the email was dropped.',
  },
  email_screened: {
    status: 422,
    errorType: 'email_rejected',
    rejection: 'reply',
    message: () => 'Your email address is blocked on this site.',
  },
  email_user_not_found: {
    status: 422,
    errorType: 'email_rejected',
    rejection: 'reply',
    message: () =>
      "Your reply was sent from an address we don't know, and this site does not accept email from unknown senders. Reply from the address we wrote to, or sign up first.",
  },
  email_not_allowed: {
    status: 422,
    errorType: 'email_rejected',
    rejection: 'reply',
    message: () => 'Your email address is not allowed to post here.',
  },
  email_auto_generated: {
    status: 422,
    errorType: 'email_rejected',
    rejection: 'reply',
    message: () =>
      'Your email looked automatically generated (an auto-reply or bulk mail), so it was not posted. If a person wrote it, send it again without auto-reply headers.',
  },
  email_inactive_user: {
    status: 422,
    errorType: 'email_rejected',
    rejection: 'reply',
    message: () =>
      'Your account is not activated yet: activate it with the link we emailed you, then reply again.',
  },
  email_silenced_user: {
    status: 422,
    errorType: 'email_rejected',
    rejection: 'reply',
    message: () => 'Your account is silenced, so your email could not be posted.',
  },
  email_bad_destination: {
    status: 422,
    errorType: 'email_rejected',
    rejection: 'reply',
    message: () =>
      'We could not tell where your email should go: the address it was sent to is not one of ours, or the reply key is unknown. Reply to the email you received, keeping its reply address.',
  },
  email_strangers_not_allowed: {
    status: 422,
    errorType: 'email_rejected',
    rejection: 'reply',
    message: () => 'This category only accepts email from its members. Sign up first, then write again.',
  },
  email_insufficient_trust: {
    status: 422,
    errorType: 'email_rejected',
    rejection: 'reply',
    message: () => 'You are not allowed to start topics by email in this category.',
  },
  email_invalid_access: {
    status: 422,
    errorType: 'email_rejected',
    rejection: 'reply',
    message: () =>
      "You are not allowed to start topics in that category. Write to an address you may post to, or ask the site's staff for access.",
  },
  email_reply_user_not_matching: {
    status: 422,
    errorType: 'email_rejected',
    rejection: 'reply',
    message: () =>
      'That reply address belongs to someone else, so we could not post your reply as you. Reply to an email that was sent to you.',
  },
  email_reply_not_allowed: {
    status: 422,
    errorType: 'email_rejected',
    rejection: 'reply',
    message: () => 'You are not allowed to reply in that conversation.',
  },
  email_topic_not_found: {
    status: 422,
    errorType: 'email_rejected',
    rejection: 'reply',
    message: () => 'The conversation you replied to no longer exists.',
  },
  email_topic_closed: {
    status: 422,
    errorType: 'email_rejected',
    rejection: 'reply',
    message: () => 'The conversation you replied to is closed and no longer accepts replies.',
  },
  email_too_short: {
    status: 422,
    errorType: 'email_rejected',
    rejection: 'reply',
    message: (p) => `Your reply is too short: write at least ${s(p, 'min')} characters.`,
  },
  email_invalid_post: {
    status: 422,
    errorType: 'email_rejected',
    rejection: 'reply',
    message: (p) => `Your email could not be posted: ${s(p, 'detail') || 'it was not a valid post'}.`,
  },
  email_invalid_post_action: {
    status: 422,
    errorType: 'email_rejected',
    rejection: 'reply',
    message: () => 'That action (a like, or a change of notification level) is not allowed for you there.',
  },
  email_unsubscribe_not_allowed: {
    status: 422,
    errorType: 'email_rejected',
    rejection: 'reply',
    message: () => 'We can only unsubscribe addresses that have an account or receive our mail.',
  },
  email_old_destination: {
    status: 422,
    errorType: 'email_rejected',
    rejection: 'reply',
    message: (p) =>
      `You replied to a conversation that is more than ${s(p, 'days')} days old; replies by email to it are closed. Visit ${s(p, 'url')} to continue.`,
  },
  email_reply_to_digest: {
    status: 422,
    errorType: 'email_rejected',
    rejection: 'reply',
    message: () =>
      "You replied to a summary email; replies to summaries can't be posted. Reply to a notification email of the conversation instead.",
  },
  email_too_many_recipients: {
    status: 422,
    errorType: 'email_rejected',
    rejection: 'reply',
    message: (p) =>
      `Your email had too many recipients (the limit is ${s(p, 'limit')}). Send it to fewer people.`,
  },
  email_bounced: {
    status: 422,
    errorType: 'email_rejected',
    rejection: 'none',
    message: () => 'The email is a delivery failure report (bounce); it was recorded.',
  },
  email_held_for_review: {
    status: 422,
    errorType: 'email_rejected',
    rejection: 'none',
    message: () =>
      'The email claims to come from a registered user but failed sender authentication (DMARC); it is held for staff review.',
  },
  email_queued_for_review: {
    status: 422,
    errorType: 'email_rejected',
    rejection: 'none',
    message: (p) =>
      `The post from this email waits in the review queue until staff approve it (${s(p, 'reason') || 'needs approval'}).`,
  },
  email_rejected_in_review: {
    status: 422,
    errorType: 'email_rejected',
    rejection: 'none',
    message: () => 'Staff rejected the post from this email in the review queue; nothing was posted.',
  },
  email_unrecognised: {
    status: 422,
    errorType: 'email_rejected',
    rejection: 'reply',
    message: (p) =>
      `We could not post your email because of an error on our side (${s(p, 'detail') || 'unknown'}). It was stored and staff were notified.`,
  },
} as const satisfies Record<EmailErrorCode, ErrorSpec>;
