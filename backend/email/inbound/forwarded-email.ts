// Forwarded mail sent to a group address (behaviour.md §2.1 forwarded_emails_behaviour, §1.2 C5,
// §4.1), as Discourse's Email::Receiver#process_forwarded_email. An email "has been forwarded"
// when its subject starts with Fwd:/Fw:/TR: and its text holds an embedded email.
// - hide (default): nothing special; the forwarded part is trimmed into the folded block.
// - quote: a new group PM by the forwarder, their comment followed by the forwarded email in a
//   [quote].
// - create_replies: the forwarded email becomes the group PM, authored by its original sender
//   (staged if unknown) at its own date, with the forwarder (staged if unknown) a participant;
//   the forwarder's comment is a reply — a whisper when they belong to the group, so the team
//   talks among itself — or, without a comment, a "forwarded" small action.
// When the embedded email names no sender, the email is handled as any other (Discourse too).
// Category addresses follow the same rules once they exist (Discourse's forwarded_email_create_topic).
import type { Group, User } from '../../db/schema';
import { insertPmTopic } from '../../posts/insert-pm-topic';
import { addAllowedGroup, addAllowedUser } from '../../posts/participants';
import { POST_TYPES, publishPrivateMessagePost, writePost } from '../../posts/post-writer';
import { extractEmbeddedEmail } from '../trim/reply-trimmer';
import { senderAccount, topicTitle } from './group-message';
import { header, parseEmail, type ParsedEmail } from './parse-email';
import { postDate, publishFromEmail } from './post-reply';
import { extractAddress } from './resolve-sender';
import { queueForReview, reviewReason } from './review-queue';
import { findUserByEmail } from '../../users/users-repository';
import { stageTracked } from './staged-cleanup';
import type { Inbound, Sender, StageOutcome } from './types';

export interface Forward {
  /** The embedded email as text (its header block and body). */
  embedded: string;
  /** The forwarder's own words above it. */
  before: string;
}

/** Discourse's has_been_forwarded?: a Fwd/Fw/TR subject and an embedded email in the text. */
export function forwardOf(email: Pick<ParsedEmail, 'subject' | 'text'>): Forward | undefined {
  if (!/^\s*(fwd?|tr)\s?:/i.test(email.subject)) return undefined;
  const found = extractEmbeddedEmail(email.text ?? '');
  if (!found || found[0].trim() === '') return undefined;
  return { embedded: found[0], before: found[1] };
}

// Markdown punctuation that would turn plain text into formatting or HTML.
const MARKDOWN_PUNCTUATION = /[\\`*_[\]<>#~|]/g;

/** Plain text as markdown that shows it as written (Discourse's PlainTextToMarkdown, simply). */
export function plainTextToMarkdown(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(MARKDOWN_PUNCTUATION, '\\$&').replace(/^(\s*)([-+]|\d+[.)])(\s)/, '$1\\$2$3'))
    .join('\n');
}

/**
 * Handles the email per forwarded_emails_behaviour when it was forwarded to `group`; undefined
 * when it is to be handled as any other email (hide, not forwarded, no embedded sender).
 */
export async function forwardedToGroup(
  inb: Inbound,
  group: Group,
  sender: Sender,
): Promise<StageOutcome | undefined> {
  const behaviour = inb.ctx.settings.str('forwarded_emails_behaviour');
  if (behaviour !== 'quote' && behaviour !== 'create_replies') return undefined;
  const forward = forwardOf(inb.email);
  if (!forward) return undefined;
  if (behaviour === 'quote') {
    const forwarder = await senderAccount(inb, sender);
    const raw = `${forward.before}\n\n[quote]\n${plainTextToMarkdown(forward.embedded)}\n[/quote]\n`;
    return groupTopic(inb, group, { author: forwarder, title: topicTitle(inb.email.subject), raw, also: [] });
  }
  return createReplies(inb, group, sender, forward);
}

async function createReplies(
  inb: Inbound,
  group: Group,
  sender: Sender,
  forward: Forward,
): Promise<StageOutcome | undefined> {
  const embedded = await parseEmail(Buffer.from(forward.embedded, 'utf8'));
  // Discourse's extract_email_address_and_name: Outlook writes "Name [mailto:a@b]".
  const original = extractAddress(header(embedded, 'from'));
  if (!original) return undefined;
  const forwarder = await senderAccount(inb, sender);
  const { settings } = inb.ctx;
  // The original sender becomes the author: found, or staged (Discourse's find_or_create_user);
  // with staged users off an unknown one cannot be, and the forwarder writes the topic.
  const author = settings.bool('enable_staged_users')
    ? (await stageTracked(inb.db, settings, inb.staged, original.address, original.name || undefined)).user
    : ((await findUserByEmail(inb.db, original.address)) ?? forwarder);
  const first = await groupTopic(inb, group, {
    author,
    title: topicTitle(embedded.subject || inb.email.subject),
    raw: (embedded.text ?? '').trim(),
    createdAt: postDate(embedded.date),
    also: author.id === forwarder.id ? [] : [forwarder],
  });
  if (first.status !== 'processed' || first.topicId === undefined) return { ...first, userId: forwarder.id };
  const topic = await inb.db
    .selectFrom('topics')
    .selectAll()
    .where('id', '=', first.topicId)
    .executeTakeFirstOrThrow();
  if (forward.before.trim() === '') {
    const note = await writePost(inb.db, {
      topic,
      author: forwarder,
      raw: '',
      postType: POST_TYPES.small_action,
      actionCode: 'forwarded',
    });
    return { ...first, userId: forwarder.id, postId: note.id };
  }
  // The team's own remark on a customer's email is for the team: a whisper, which only staff
  // see and nobody is notified or emailed about (Discourse: forwarder in the group → whisper).
  if (await isMember(inb, group, forwarder)) {
    const whisper = await writePost(inb.db, {
      topic,
      author: forwarder,
      raw: forward.before,
      postType: POST_TYPES.whisper,
      replyToPostNumber: 1,
      viaEmail: true,
    });
    return { ...first, userId: forwarder.id, postId: whisper.id };
  }
  const { post } = await publishPrivateMessagePost(inb.db, settings, {
    topic,
    author: forwarder,
    raw: forward.before,
    replyToPostNumber: 1,
    viaEmail: true,
  });
  return { ...first, userId: forwarder.id, postId: post.id };
}

async function isMember(inb: Inbound, group: Group, user: User): Promise<boolean> {
  const row = await inb.db
    .selectFrom('group_users')
    .select('user_id')
    .where('group_id', '=', group.id)
    .where('user_id', '=', user.id)
    .executeTakeFirst();
  return row !== undefined;
}

interface GroupTopicInput {
  author: User;
  title: string;
  raw: string;
  createdAt?: string;
  /** Participants besides the author. */
  also: User[];
}

/** A new group PM from this email (review first when the author's posts need approval). */
async function groupTopic(inb: Inbound, group: Group, input: GroupTopicInput): Promise<StageOutcome> {
  const { author, title, raw } = input;
  const reason = reviewReason(inb, author);
  if (reason) return queueForReview(inb, { reason, author, topicId: null, title, raw });
  const topic = await insertPmTopic(inb.db, title, author);
  await addAllowedUser(inb.db, topic.id, author.id);
  for (const u of input.also) await addAllowedUser(inb.db, topic.id, u.id);
  await addAllowedGroup(inb.db, topic.id, group.id);
  return publishFromEmail(inb, {
    user: author,
    topic,
    raw,
    replyToPostNumber: null,
    groupMessage: true,
    ...(input.createdAt ? { createdAt: input.createdAt } : {}),
  });
}
