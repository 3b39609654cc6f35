// The account emails (Discourse's UserNotifications signup / forgot_password and InviteMailer):
// real mail with a one-time link, enqueued through the system email path in the caller's
// transaction, so the token, the change that needs it and the email commit together.
import type { Db } from '../db/database';
import type { Topic, User } from '../db/schema';
import { enqueueSystemEmail } from '../email/outbound/system-email';
import { emailSiteTitle } from '../email/outbound/site-identity';
import { createEmailToken } from '../users/email-tokens';
import type { ForumContext } from './context';

function base(ctx: ForumContext): string {
  return ctx.baseUrl.replace(/\/+$/, '');
}

export function activationUrl(ctx: ForumContext, token: string): string {
  return `${base(ctx)}/u/activate-account/${token}`;
}

export function passwordResetUrl(ctx: ForumContext, token: string): string {
  return `${base(ctx)}/u/password-reset/${token}`;
}

export function inviteUrl(ctx: ForumContext, key: string): string {
  return `${base(ctx)}/invites/${key}`;
}

const PASTE_HINT = 'If the link does not open, copy it into the address bar of your web browser.';

/** Discourse's "signup" email: the link that activates a new (or just unstaged) account. */
export async function enqueueActivationEmail(
  ctx: ForumContext,
  db: Db,
  user: User,
  email: string,
): Promise<void> {
  const token = await createEmailToken(db, user.id, email, 'signup');
  const site = emailSiteTitle(ctx.settings);
  await enqueueSystemEmail(db, {
    emailType: 'signup',
    to: email,
    userId: user.id,
    subject: `[${site}] Confirm your new account`,
    text: [
      `Welcome to ${site}!`,
      '',
      `Follow this link to confirm your address and activate your account "${user.username}":`,
      activationUrl(ctx, token),
      '',
      PASTE_HINT,
      'If you did not sign up, ignore this email: nothing happens until the link is used.',
    ].join('\n'),
  });
}

/** Discourse's "forgot_password" email. */
export async function enqueuePasswordResetEmail(
  ctx: ForumContext,
  db: Db,
  user: User,
  email: string,
): Promise<void> {
  const token = await createEmailToken(db, user.id, email, 'password_reset');
  const site = emailSiteTitle(ctx.settings);
  const hours = ctx.settings.int('email_token_valid_hours');
  await enqueueSystemEmail(db, {
    emailType: 'forgot_password',
    to: email,
    userId: user.id,
    subject: `[${site}] Password reset`,
    text: [
      `Someone asked to reset the password of "${user.username}" on ${site} (${base(ctx)}).`,
      '',
      'If it was not you, ignore this email: your password stays as it is.',
      '',
      `To choose a new password, follow this link within ${hours} hours:`,
      passwordResetUrl(ctx, token),
      '',
      PASTE_HINT,
    ].join('\n'),
  });
}

export interface InviteEmail {
  to: string;
  key: string;
  /** Proves the address when the invite is redeemed with it (the `t` parameter). */
  emailToken: string;
  inviter: User;
  topic: Topic | undefined;
  customMessage: string | null;
}

/** Discourse's InviteMailer: who invites, to what, their message, and the link. */
export async function enqueueInviteEmail(ctx: ForumContext, db: Db, invite: InviteEmail): Promise<void> {
  const site = emailSiteTitle(ctx.settings);
  const who = invite.inviter.name?.trim() || invite.inviter.username;
  const subject = invite.topic
    ? `${who} invited you to "${invite.topic.title}" on ${site}`
    : `${who} invited you to join ${site}`;
  await enqueueSystemEmail(db, {
    emailType: 'invite',
    to: invite.to,
    subject,
    text: [
      invite.topic
        ? `${who} (@${invite.inviter.username}) invited you to the conversation "${invite.topic.title}" on ${site}.`
        : `${who} (@${invite.inviter.username}) invited you to join ${site}.`,
      ...(invite.customMessage ? ['', invite.customMessage] : []),
      '',
      'Follow this link to accept the invitation and choose your username and password:',
      `${inviteUrl(ctx, invite.key)}?t=${invite.emailToken}`,
      '',
      PASTE_HINT,
      'If you do not want to join, ignore this email.',
    ].join('\n'),
  });
}
