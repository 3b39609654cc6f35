// The email a group sends from its own mailbox about a post (behaviour.md §4.2; Discourse's
// GroupSmtpMailer): From the group mailbox as "<poster> via <site>" (or the group's
// email_from_alias), To the oldest participant, Cc the others, no Reply-To (answers go
// straight back to the mailbox), no list headers, subject "Re: <the original subject>",
// threaded on the conversation's ids. It reads as the team's reply, so it has no footer.
// Pure, like compose-post-email.ts: group-smtp-job.ts loads what it needs.
import type { Group, Post, Topic, User } from '../../db/schema';
import type { OutgoingMessage } from '../../services/context';
import type { SiteSettings } from '../../settings/site-settings';
import { posterName, stripRe, threadingHeaders } from './compose-post-email';
import { messageIdHost, stableMessageId } from './message-ids';
import { renderHtml, renderText, type BodyPost } from './post-email-body';
import { emailSiteTitle, machineHeaders, mailbox } from './site-identity';

export interface GroupSmtpEmailInput {
  settings: SiteSettings;
  baseUrl: string;
  siteId: string;
  group: Pick<Group, 'email_username' | 'email_from_alias'>;
  topic: Topic;
  post: Post;
  author: User;
  firstPost: Post;
  ancestors: Post[];
  previous: BodyPost[];
  /** Subject of the email the conversation began as, when it began as one. */
  originalSubject: string | null;
  to: string;
  cc: string[];
}

export function groupSmtpSubject(i: Pick<GroupSmtpEmailInput, 'topic' | 'post' | 'originalSubject'>): string {
  const subject = stripRe(i.originalSubject ?? i.topic.title) || i.topic.title;
  // A reply to the customer's own email, or to a later message, is a "Re:"; the team's first
  // message of a conversation it started is not.
  return i.originalSubject !== null || i.post.post_number > 1 ? `Re: ${subject}` : subject;
}

export function composeGroupSmtpEmail(i: GroupSmtpEmailInput): OutgoingMessage {
  const address = i.group.email_username;
  if (!address) throw new Error('the group has no mailbox address (email_username)');
  const host = messageIdHost(i.baseUrl);
  const alias =
    i.group.email_from_alias?.trim() ||
    `${posterName(i.settings, i.author)} via ${emailSiteTitle(i.settings)}`;
  const headers: Record<string, string> = {
    ...machineHeaders(i.settings, i.siteId),
    ...threadingHeaders(i, host),
  };
  // A person wrote this reply: it is not auto-generated mail (RFC 3834 §5), and marking it so
  // would make the customer's mail system treat the team's answer as a notification.
  delete headers['Auto-Submitted'];
  const body = {
    post: { raw: i.post.raw, cooked: i.post.cooked },
    previous: i.previous,
    participants: [],
    footer: [],
    baseUrl: i.baseUrl,
  };
  return {
    from: mailbox(alias, address),
    to: i.to,
    ...(i.cc.length ? { cc: i.cc } : {}),
    subject: groupSmtpSubject(i),
    text: renderText(body),
    html: renderHtml(body),
    messageId: stableMessageId(i.post, host),
    headers,
    envelope: { from: address, to: [i.to, ...i.cc] },
  };
}
