// Why an email was not sent (behaviour.md §3.1 "Suppression": every skip is logged with a
// reason). The keys are Discourse's SkippedEmailLog.reason_types, stored in
// email_logs.skipped_reason; the texts are what its admin "Skipped" list shows.

export const SKIP_REASONS = {
  exceeded_emails_limit: 'Exceeded max_emails_per_day_per_user',
  exceeded_bounces_limit: 'Exceeded bounce_score_threshold',
  user_email_no_user: "Can't find the user",
  user_email_post_not_found: "Can't find the post",
  user_email_user_suspended_not_pm: 'User is suspended, not a message',
  user_email_seen_recently: 'User was seen recently',
  user_email_topic_nil: "Can't find the topic of the post",
  user_email_post_deleted: 'Post was deleted',
  user_email_user_suspended: 'User was suspended',
  user_email_access_denied: 'User is not allowed to see this post',
  user_email_no_email: 'No email address associated with the user',
  sender_topic_deleted: 'Topic was deleted',
  // Discourse returns silently here; we log it so an admin can see why nothing went out.
  disable_emails: 'Email is disabled on this site (disable_emails)',
  email_opted_out: 'The address opted out of all email with the one-click unsubscribe link',
  group_smtp_post_deleted: 'Post was deleted before the group email was sent',
  group_smtp_topic_deleted: 'Topic was deleted before the group email was sent',
  group_smtp_disabled_for_group: 'The group no longer sends from its mailbox (smtp_enabled or its settings)',
  // Foyer logs what Discourse skips silently, so the admin list explains every missing email.
  group_smtp_disabled: 'Group SMTP is off on this site (enable_smtp)',
  group_smtp_first_post_imap:
    "First post of a group message read from the group's IMAP mailbox: the mailbox has it",
  group_smtp_auto_generated:
    'The post came from an auto-generated email: no group email, to avoid mail loops',
  group_smtp_to_was_cc: 'The group email would go to someone already on the incoming email',
  group_smtp_no_recipients: 'Nobody left to send the group email to',
} as const;

export type SkipReason = keyof typeof SKIP_REASONS;

/** skipped_reason of mail kept (status 'pending') until an outgoing server is configured. */
export const NO_OUTGOING_SERVER = 'not delivered: no outgoing mail server';

/** Account emails: never held back by the daily cap or the bounce score (Discourse's EmailLog::CRITICAL_EMAIL_TYPES). */
export const CRITICAL_EMAIL_TYPES: ReadonlySet<string> = new Set([
  'account_created',
  'admin_login',
  'confirm_new_email',
  'confirm_old_email',
  'confirm_old_email_add',
  'forgot_password',
  'notify_old_email',
  'notify_old_email_add',
  'signup',
  'signup_after_approval',
]);

/** The admin text for a stored reason; free text (e.g. a transport error) is shown as it is. */
export function skipReasonText(stored: string | null): string | null {
  if (stored === null) return null;
  return stored in SKIP_REASONS ? SKIP_REASONS[stored as SkipReason] : stored;
}
