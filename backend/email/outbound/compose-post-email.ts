// Builds the email about one PM post for one recipient (behaviour.md §3.1, §6 A10, H81–82,
// "differs" 5, 7, 8). Pure: everything it needs is loaded by load-post-email.ts, so the
// rules below read (and are tested) without a database.
import type { Post, Topic, User } from '../../db/schema';
import type { OutgoingMessage } from '../../services/context';
import type { SiteSettings } from '../../settings/site-settings';
import { interpolate } from '../../settings/site-texts';
import { PM_ARCHETYPE } from '../../policy/guardian';
import { slugify } from '../../posts/slug';
import { messageIdHost, stableMessageId } from './message-ids';
import { renderHtml, renderText, type BodyPost } from './post-email-body';
import { replyAddressFor, replyByEmailUsable, verpBounceAddress } from './reply-addresses';
import { emailSiteTitle, machineHeaders, mailbox } from './site-identity';

export interface PostEmailInput {
  settings: SiteSettings;
  baseUrl: string;
  siteId: string;
  topic: Topic;
  post: Post;
  author: User;
  recipient: User;
  toAddress: string;
  /** The reply key of (post, recipient) when reply-by-email is on. */
  replyKey: string | null;
  /** VERP bounce key of this email's log row. */
  bounceKey: string;
  firstPost: Post;
  /** Posts this one replies to, oldest first, not including the first post. */
  ancestors: Post[];
  /** Earlier posts to show as context, newest first. */
  previous: BodyPost[];
  /** Display names of the participants; staged ones marked "(by email)", never their addresses. */
  participants: string[];
  /** Subject of the incoming email the topic began as, when it began as one. */
  originalSubject: string | null;
  /** The first email this staged person gets about this conversation ("differs" 5). */
  firstContact: boolean;
  /** The first-contact letter's text (site text system_messages.foyer_first_contact), when firstContact. */
  firstContactText: string | null;
  /** One-click unsubscribe URL (RFC 8058): a conversation for members, all mail for a staged person. */
  unsubscribeUrl: string | null;
  /** For a topic in a category other than Uncategorized: the category's name, for the subject. */
  categoryName?: string | null;
}

const isPm = (i: PostEmailInput): boolean => i.topic.archetype === PM_ARCHETYPE;

/** "<poster> via <site>": full name when names and display_name_on_email_from are on, else username. */
export function posterName(settings: SiteSettings, author: User): string {
  const useName = settings.bool('enable_names') && settings.bool('display_name_on_email_from');
  return (useName && author.name?.trim()) || author.username;
}

export function topicUrl(baseUrl: string, topic: Topic): string {
  return `${baseUrl.replace(/\/+$/, '')}/t/${topic.slug}/${topic.id}`;
}

/** A subject without its leading "Re:"/"AW:"/"SV:" prefixes. */
export const stripRe = (s: string): string => s.replace(/^(?:\s*(?:re|aw|sv)\s*:\s*)+/i, '').trim();

export function subjectFor(i: PostEmailInput): string {
  const title = i.topic.title;
  const isReply = i.post.post_number > 1;
  if (i.recipient.staged) {
    // A staged person's mail client threads by subject too (Gmail needs it to match after
    // "Re:"), so their subject stays the one the conversation started with.
    if (i.originalSubject !== null) return `Re: ${stripRe(i.originalSubject)}`;
    return i.firstContact ? title : `Re: ${title}`;
  }
  const template = i.settings.str('email_subject');
  const siteName = i.settings.str('email_prefix').trim() || i.settings.str('title');
  let subject = template
    .replace(/%\{site_name\}/g, siteName)
    .replace(/%\{optional_pm\}/g, isPm(i) ? '[PM] ' : '')
    .replace(/%\{optional_cat\}/g, i.categoryName ? `[${i.categoryName}] ` : '')
    .replace(/%\{optional_tags\}/g, '')
    .replace(/%\{optional_re\}/g, isReply ? 'Re: ' : '')
    .replace(/%\{topic_title\}/g, title);
  if (isReply && !template.includes('%{optional_re}')) subject = `Re: ${subject}`;
  return subject.replace(/\s+/g, ' ').trim();
}

/**
 * RFC 2919 List-ID: an optional phrase and <label.namespace>. The phrase is kept only when it
 * is plain atoms: a quoted string would be MIME-encoded whole by nodemailer, and list filters
 * match on the raw header.
 */
export function listId(site: string, host: string): string {
  const id = `<${slugify(site)}.${host}>`;
  return /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~ -]+$/.test(site.trim()) ? `${site.trim()} ${id}` : id;
}

/**
 * "differs" 5: under the first message to a new address, a short note in the site's words —
 * who wrote, that answering continues the conversation, that signing up shows all of it, and
 * how to stop the mail — instead of a forum notification's footer.
 */
function firstContactNote(i: PostEmailInput, sender: string, site: string): string[] {
  const base = i.baseUrl.replace(/\/+$/, '');
  const text = interpolate(i.firstContactText ?? '', {
    sender,
    site_title: site,
    topic_title: i.topic.title,
    reply_instructions: replyByEmailUsable(i.settings)
      ? 'Reply to this email and your answer goes back to the conversation.'
      : 'Replies to this email are not delivered.',
    signup_url: `${base}/signup`,
    unsubscribe_url: i.unsubscribeUrl ?? '',
    base_url: base,
  });
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/\s*\n\s*/g, ' ').trim())
    .filter(Boolean);
}

function footerFor(i: PostEmailInput, url: string, sender: string, site: string): string[] {
  const canReply = replyByEmailUsable(i.settings);
  if (i.recipient.staged) {
    // The letter is for a PM someone wrote to this person; a watched category's topic is news.
    if (i.firstContact && i.firstContactText && isPm(i)) return firstContactNote(i, sender, site);
    // The staged variant (Discourse's "_staged" templates): no visit link, no unsubscribe text.
    return [canReply ? 'Reply to this email to respond.' : 'Replies to this email are not delivered.'];
  }
  const base = i.baseUrl.replace(/\/+$/, '');
  const what = isPm(i) ? 'message' : 'topic';
  // A topic's mail goes to its watchers and to people replied to, not to participants.
  const why = isPm(i)
    ? 'you take part in this message'
    : 'you are watching this topic or its category, or someone replied to you';
  return [
    canReply
      ? `Visit the ${what} (${url}) or reply to this email to respond.`
      : `Visit the ${what} (${url}) to respond.`,
    `You are receiving this because ${why}. To stop these emails, change your email settings at ${base}/my/preferences/emails.`,
  ];
}

/**
 * Threading (RFC 5322 §3.6.4): In-Reply-To is the parent, References the chain from the
 * first post down to the parent, each by its stable id. None for a first post.
 */
export function threadingHeaders(
  i: { post: Post; firstPost: Post; ancestors: Post[] },
  host: string,
): Record<string, string> {
  if (i.post.post_number <= 1) return {};
  const chain = [i.firstPost, ...i.ancestors.filter((a) => a.id !== i.firstPost.id)];
  const parent = chain[chain.length - 1] ?? i.firstPost;
  return {
    'In-Reply-To': stableMessageId(parent, host),
    References: chain.map((p) => stableMessageId(p, host)).join(' '),
  };
}

export function composePostEmail(i: PostEmailInput): OutgoingMessage {
  const { settings } = i;
  const host = messageIdHost(i.baseUrl);
  const site = emailSiteTitle(settings);
  const sender = posterName(settings, i.author);
  const notification = settings.str('notification_email');
  const from = mailbox(`${sender} via ${site}`, notification);
  const replyAddress =
    i.replyKey && replyByEmailUsable(settings) ? replyAddressFor(settings, i.replyKey) : undefined;
  const url = topicUrl(i.baseUrl, i.topic);

  const headers: Record<string, string> = {
    ...machineHeaders(settings, i.siteId),
    ...threadingHeaders(i, host),
  };
  if (!i.recipient.staged) {
    // List headers (RFC 2369, RFC 2919) are for members; a staged person is writing a
    // letter, not reading a list.
    headers['Precedence'] = 'list';
    headers['List-ID'] = listId(site, host);
    headers['List-Archive'] = `<${url}>`;
  }
  // One-click unsubscribe (RFC 8058) for everyone: a member mutes the conversation, a staged
  // person stops all mail to their address ("differs" 5), from any of our emails.
  if (i.unsubscribeUrl) {
    headers['List-Unsubscribe'] = `<${i.unsubscribeUrl}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  const verp = verpBounceAddress(settings, i.bounceKey);
  const body = {
    post: { raw: i.post.raw, cooked: i.post.cooked },
    previous: i.previous,
    participants: i.participants,
    footer: footerFor(i, url, sender, site),
    baseUrl: i.baseUrl,
  };
  return {
    from,
    to: i.toAddress,
    replyTo: replyAddress ?? from,
    subject: subjectFor(i),
    text: renderText(body),
    html: renderHtml(body),
    messageId: stableMessageId(i.post, host),
    headers,
    envelope: { from: verp ?? notification, to: [i.toAddress] },
  };
}
