// Site settings with Discourse's names and defaults (behaviour.md §2.1), so an admin who
// knows Discourse finds them. Only overrides are stored; defaults live here.

export type SettingType = 'bool' | 'integer' | 'float' | 'string' | 'email' | 'group_list' | 'enum';

export interface SettingDefinition {
  type: SettingType;
  default: string | number | boolean;
  category: string;
  description: string;
  min?: number;
  max?: number;
  choices?: readonly string[];
  secret?: boolean;
}

const bool = (d: boolean, category: string, description: string): SettingDefinition => ({
  type: 'bool',
  default: d,
  category,
  description,
});
const int = (d: number, category: string, description: string, min = 0, max?: number): SettingDefinition => ({
  type: 'integer',
  default: d,
  category,
  description,
  min,
  ...(max === undefined ? {} : { max }),
});
const str = (d: string, category: string, description: string): SettingDefinition => ({
  type: 'string',
  default: d,
  category,
  description,
});
const groups = (d: string, category: string, description: string): SettingDefinition => ({
  type: 'group_list',
  default: d,
  category,
  description,
});

export const settingDefinitions = {
  title: str(
    'Foyer',
    'required',
    'The name of this site, used in page titles and as "<poster> via <title>" in emails.',
  ),
  site_description: str(
    'Personal and team mail, run through a forum.',
    'required',
    'One sentence describing this site.',
  ),
  contact_email: {
    ...str('', 'required', 'Address of the person responsible for this site.'),
    type: 'email',
  },
  notification_email: {
    ...str('noreply@foyer.invalid', 'email', 'From address of all notification mail.'),
    type: 'email',
  },
  enable_staged_users: bool(
    true,
    'email',
    'Create staged users for email addresses that have no account (PMs to addresses, incoming mail).',
  ),
  send_email_messages_allowed_groups: groups(
    '1|2|14',
    'email',
    'Groups whose members may send personal messages to email addresses (admins, moderators, trust level 4).',
  ),
  min_trust_to_send_email_messages: {
    type: 'enum',
    default: '4',
    choices: ['0', '1', '2', '3', '4', 'staff', 'admin'],
    category: 'email',
    description:
      'Older equivalent of send_email_messages_allowed_groups: minimum trust level (or staff/admin) to PM email addresses. Either setting grants the permission.',
  },
  personal_message_enabled_groups: groups(
    '3|11',
    'posting',
    'Groups whose members may send personal messages (staff and trust level 1).',
  ),
  allow_changing_staged_user_tracking: bool(
    false,
    'email',
    "Let staff change a staged user's category and tag tracking.",
  ),
  max_allowed_message_recipients: int(
    30,
    'posting',
    'Maximum recipients of a personal message for non-staff.',
    1,
  ),
  group_pm_user_limit: int(1000, 'posting', 'A personal message to a group larger than this is refused.', 1),
  min_personal_message_title_length: int(2, 'posting', 'Minimum length of a personal message title.', 1),
  min_personal_message_post_length: int(2, 'posting', 'Minimum length of a personal message post.', 1),
  min_topic_title_length: int(15, 'posting', 'Minimum length of a topic title.', 1),
  min_first_post_length: int(20, 'posting', 'Minimum length of the first post of a topic.', 1),
  min_post_length: int(20, 'posting', 'Minimum length of a reply in a topic.', 1),
  allow_uncategorized_topics: bool(
    true,
    'posting',
    'Let non-staff start topics in Uncategorized (the category a topic goes to when none is chosen).',
  ),
  max_post_length: int(32000, 'posting', 'Maximum length of a post in characters.', 1),
  min_username_length: int(3, 'users', 'Minimum username length.', 1),
  max_username_length: int(20, 'users', 'Maximum username length.', 8, 60),
  min_password_length: int(10, 'users', 'Minimum password length.', 1),
  min_admin_password_length: int(15, 'users', 'Minimum password length for admins.', 1),
  default_trust_level: int(0, 'users', 'Trust level of new accounts.', 0, 4),
  default_invitee_trust_level: int(1, 'users', 'Trust level of accounts created from invitations.', 0, 4),
  must_approve_users: bool(false, 'login', 'Staff must approve new accounts before they can log in.'),
  email_token_valid_hours: int(
    48,
    'login',
    'How long account activation and password reset links stay valid, in hours.',
    1,
  ),
  invite_allowed_groups: groups(
    '3|12',
    'users',
    'Groups whose members may invite people to the forum (default: staff and trust level 2).',
  ),
  max_invites_per_day: int(
    10,
    'users',
    'Most invites a non-staff member may create in 24 hours (0: only staff may invite).',
    0,
  ),
  invite_expiry_days: int(90, 'users', 'Days an invite stays valid unless it gives its own expires_at.', 1),
  invite_link_max_redemptions_limit: int(
    5000,
    'users',
    'Most redemptions staff may allow on one invite link.',
    2,
  ),
  invite_link_max_redemptions_limit_users: int(
    10,
    'users',
    'Most redemptions a non-staff member may allow on one invite link.',
    2,
  ),
  reply_by_email_enabled: bool(false, 'email', 'Add reply-key Reply-To addresses to notification emails.'),
  reply_by_email_address: str(
    '',
    'email',
    'Reply address template containing %{reply_key}, e.g. reply+%{reply_key}@example.com.',
  ),
  alternative_reply_by_email_addresses: str(
    '',
    'email',
    'Pipe-separated extra reply templates accepted on inbound mail.',
  ),
  find_related_post_with_key: bool(true, 'email', 'Match replies only through reply keys.'),
  manual_polling_enabled: bool(false, 'email', 'Accept raw emails POSTed to /admin/email/handle_mail.'),
  email_in: bool(false, 'email', 'Enable group and category incoming addresses.'),
  email_in_allowed_groups: groups(
    '1|2|12',
    'email',
    'Groups whose members may start category topics by email.',
  ),
  email_in_min_trust: int(2, 'email', 'Older equivalent of email_in_allowed_groups.', 0, 4),
  maximum_staged_users_per_email: int(10, 'email', 'Cap on staged users created from one incoming email.', 0),
  maximum_recipients_per_new_group_email: int(
    10,
    'email',
    'Incoming emails with more recipients than this are rejected.',
    1,
  ),
  block_auto_generated_emails: bool(true, 'email', 'Reject auto-replies and bulk mail.'),
  auto_generated_allowlist: str(
    '',
    'email',
    'Sender addresses never treated as auto-generated (pipe-separated).',
  ),
  ignore_by_title: str('', 'email', 'Regex; incoming emails whose subject matches are dropped.'),
  trim_incoming_emails: bool(true, 'email', 'Strip quoted history and signatures from replies.'),
  always_show_trimmed_content: bool(
    false,
    'email',
    'Append the trimmed part of email replies outside PMs too.',
  ),
  incoming_email_prefer_html: bool(true, 'email', 'Prefer the HTML part of incoming mail.'),
  strip_incoming_email_lines: bool(false, 'email', 'Trim whitespace on each line of incoming mail.'),
  email_in_authserv_id: str(
    '',
    'email',
    'Authserv id of the mail server whose Authentication-Results header (SPF/DKIM/DMARC) on incoming mail is trusted; empty trusts none.',
  ),
  email_in_spam_header: {
    type: 'enum',
    default: 'none',
    choices: ['none', 'X-Spam-Flag', 'X-Spam-Status', 'X-SES-Spam-Verdict'],
    category: 'email',
    description:
      'Spam header of incoming mail to trust (written by your mail server or filter): mail it marks as spam is queued for staff review instead of posted.',
  },
  unsubscribe_via_email: bool(true, 'email', 'Let people unsubscribe by emailing "unsubscribe".'),
  blocked_attachment_content_types: str(
    'application/pkcs7-mime|application/pkcs7-signature|application/x-pkcs7-mime|application/x-pkcs7-signature|text/x-vcard|text/vcard|application/pgp-keys|application/pgp-signature|application/ms-tnef',
    'email',
    'Attachments of incoming mail with these content types are dropped (pipe-separated; a trailing * matches a prefix).',
  ),
  blocked_attachment_filenames: str(
    'smime.p7s|signature.asc|winmail.dat',
    'email',
    'Attachments of incoming mail with these file names are dropped (pipe-separated; * matches anything).',
  ),
  authorized_extensions: str(
    'jpg|jpeg|png|gif|heic|heif|webp|avif',
    'files',
    'File extensions that may be uploaded (pipe-separated; * allows every extension).',
  ),
  allow_all_attachments_for_group_messages: bool(
    false,
    'email',
    'Accept any file type attached to email sent to a group address.',
  ),
  max_attachment_size_kb: int(4096, 'files', 'Largest accepted attachment, in kB.', 1),
  max_mentions_per_post: int(10, 'posting', 'Most @mentions a post by a non-staged user may contain.', 0),
  forwarded_emails_behaviour: {
    type: 'enum',
    default: 'hide',
    choices: ['hide', 'quote', 'create_replies'],
    category: 'email',
    description: 'What to do with forwarded emails sent to group or category addresses.',
  },
  disallow_reply_by_email_after_days: int(
    90,
    'email',
    'Reply keys older than this stop working (0 disables).',
    0,
  ),
  max_emails_per_day_per_user: int(100, 'email', 'Daily cap of emails to one user (0 = unlimited).', 0),
  bounce_score_threshold: int(4, 'email', 'Bounce score at which non-critical mail stops.', 1),
  soft_bounce_score: int(1, 'email', 'Score added per transient bounce.', 1),
  hard_bounce_score: int(2, 'email', 'Score added per permanent bounce.', 1),
  reset_bounce_score_after_days: int(30, 'email', 'Bounce score reset horizon in days.', 1),
  email_time_window_mins: int(10, 'email', 'Users seen within this window are not emailed.', 0),
  personal_email_time_window_seconds: int(
    20,
    'email',
    'Delay before PM emails are sent, to allow quick edits.',
    0,
  ),
  email_posts_context: int(5, 'email', 'Earlier posts quoted as context in notification emails.', 0),
  email_site_title: str('', 'email', 'Alias used in From ("X via <title>"); defaults to title.'),
  email_prefix: str('', 'email', 'Subject prefix; defaults to title.'),
  email_subject: str(
    '[%{site_name}] %{optional_pm}%{optional_cat}%{topic_title}',
    'email',
    'Subject template for notification emails.',
  ),
  display_name_on_email_from: bool(true, 'email', "Use the poster's full name in the From alias."),
  email_custom_headers: str(
    'Auto-Submitted: auto-generated',
    'email',
    'Extra headers on every email (pipe-separated).',
  ),
  disable_emails: {
    type: 'enum',
    default: 'no',
    choices: ['no', 'yes', 'non-staff'],
    category: 'email',
    description: 'Stop sending email (to everyone, or to non-staff).',
  },
  bounce_score_erode_on_send: {
    type: 'float',
    default: 0.1,
    category: 'email',
    description: 'Bounce score taken off a user each time an email to them is accepted (never below 0).',
    min: 0,
  },
  site_id: {
    ...str(
      '',
      'email',
      'Stable random id of this forum, stamped on outgoing mail as X-Foyer-Loop so our own mail is recognised when it comes back. Generated on first send; leave it alone.',
    ),
    secret: true,
  },
  email_unsubscribe_secret: {
    ...str(
      '',
      'email',
      'Key that signs the one-click unsubscribe links in emails (RFC 8058). Generated on first send; changing it breaks links already sent.',
    ),
    secret: true,
  },
  enable_smtp: bool(
    false,
    'email',
    "Send replies in a group's messages from the group's own mailbox, through the SMTP server set on the group.",
  ),
  enable_imap: bool(false, 'email', "Groups may read their mailbox over IMAP (the group's imap_enabled)."),
  approve_unless_staged: bool(false, 'posting', 'Queue posts by staged users for approval.'),
  log_mail_processing_failures: bool(false, 'email', 'Log rejected emails.'),
  raw_email_max_length: int(220000, 'email', 'Stored raw size limit of incoming mail.', 1),
  raw_rejected_email_max_length: int(4000, 'email', 'Stored raw size limit of rejected mail.', 1),
  enable_names: bool(true, 'users', 'Show full names.'),
  // On by default as in Discourse: tags are how a team sorts the mail that reaches it.
  tagging_enabled: bool(
    true,
    'tags',
    'Topics may carry tags, people may watch tags, and /tags.json and /tag/{name}.json list them.',
  ),
  max_tags_per_topic: int(5, 'tags', 'Most tags one topic may carry.', 0),
  max_tag_length: int(20, 'tags', 'Longer tag names are cut to this many characters.', 1, 100),
  create_tag_allowed_groups: groups(
    '1|3|13',
    'tags',
    'Groups whose members may create new tags by using them (admins, staff, trust level 3).',
  ),
  min_trust_to_create_tag: {
    type: 'enum',
    default: '3',
    choices: ['0', '1', '2', '3', '4', 'staff', 'admin'],
    category: 'tags',
    description:
      'Older equivalent of create_tag_allowed_groups: minimum trust level (or staff/admin) to create tags. Either setting grants the permission.',
  },
} as const satisfies Record<string, SettingDefinition>;

export type SettingName = keyof typeof settingDefinitions;

export function isSettingName(name: string): name is SettingName {
  return Object.hasOwn(settingDefinitions, name);
}
