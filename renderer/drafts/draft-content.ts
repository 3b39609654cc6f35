// A draft's content and its Discourse form. Discourse stores a draft as a JSON string with
// `reply`, `title`, `recipients` ("a,b,c") and `action`; Foyer writes the same fields (so the
// Discourse web UI can open Foyer's drafts) plus the recipient kinds it knows.
import { z } from 'zod';
import { isNewMessageDraftKey, topicIdFromDraftKey, type ComposerTarget } from '../composer/composer-target';
import { looksLikeEmail } from '../../shared/util/email-address';

export type RecipientKind = 'user' | 'group' | 'email';
export type RecipientEntry = { kind: RecipientKind; value: string };

export type DraftContent = {
  target: ComposerTarget;
  /** Subject; new messages only. */
  title: string;
  recipients: RecipientEntry[];
  /** The body as Discourse markdown. */
  reply: string;
};

export function emptyDraft(target: ComposerTarget): DraftContent {
  return { target, title: '', recipients: [], reply: '' };
}

export function isEmptyDraft(content: DraftContent): boolean {
  return content.reply.trim() === '' && content.title.trim() === '' && content.recipients.length === 0;
}

export function sameDraftContent(a: DraftContent, b: DraftContent): boolean {
  return (
    a.reply.trimEnd() === b.reply.trimEnd() &&
    a.title.trim() === b.title.trim() &&
    a.recipients.map((r) => r.value.toLowerCase()).join(',') ===
      b.recipients.map((r) => r.value.toLowerCase()).join(',')
  );
}

/** A one-line preview for lists. */
export function draftExcerpt(content: DraftContent, length = 120): string {
  const text = content.reply
    .replace(/\[\/?quote[^\]]*\]/g, ' ')
    .replace(/[*_`#>~]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

export function serializeDraftData(content: DraftContent): string {
  const { target } = content;
  return JSON.stringify({
    reply: content.reply,
    action: target.kind === 'reply' ? 'reply' : 'privateMessage',
    archetypeId: 'private_message',
    ...(target.kind === 'new'
      ? { title: content.title, recipients: content.recipients.map((r) => r.value).join(',') }
      : { topicTitle: target.title, replyToPostNumber: target.replyToPostNumber ?? null }),
    foyerRecipients: content.recipients,
  });
}

const discourseDraftData = z
  .object({
    reply: z.string().nullish(),
    title: z.string().nullish(),
    recipients: z.union([z.string(), z.array(z.string())]).nullish(),
    topicTitle: z.string().nullish(),
    replyToPostNumber: z.number().nullish(),
    foyerRecipients: z
      .array(z.object({ kind: z.enum(['user', 'group', 'email']), value: z.string() }))
      .nullish(),
  })
  .loose();

/** Guesses a recipient's kind when only Discourse's comma list is known. */
export function recipientFromValue(value: string): RecipientEntry {
  return { kind: looksLikeEmail(value) ? 'email' : 'user', value };
}

/**
 * Reads a server draft's `data`; null when it is not a message draft Foyer can open. Drafts
 * written by Discourse's web UI carry no topic title; the drafts list supplies it.
 */
export function parseDraftData(key: string, data: string, topicTitle?: string | null): DraftContent | null {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return null;
  }
  const parsed = discourseDraftData.safeParse(json);
  if (!parsed.success) return null;
  const d = parsed.data;
  const topicId = topicIdFromDraftKey(key);
  let target: ComposerTarget;
  if (topicId !== undefined) {
    target = { kind: 'reply', topicId, title: d.topicTitle ?? topicTitle ?? `Topic ${topicId}` };
    if (d.replyToPostNumber) target.replyToPostNumber = d.replyToPostNumber;
  } else if (isNewMessageDraftKey(key)) {
    target = { kind: 'new', draftKey: key };
  } else {
    return null;
  }
  const listed = Array.isArray(d.recipients) ? d.recipients : (d.recipients ?? '').split(',');
  const recipients =
    d.foyerRecipients ??
    listed
      .map((v) => v.trim())
      .filter(Boolean)
      .map(recipientFromValue);
  return { target, title: d.title ?? '', recipients, reply: d.reply ?? '' };
}
