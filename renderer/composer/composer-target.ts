// What the composer is writing: a new message or a reply to a topic. A new message may name the
// local draft it continues (`draftKey`), which is how the Drafts and Outbox views reopen one of
// several unfinished new messages; the shell can omit it to start a fresh message.
export type ComposerTarget =
  | { kind: 'new'; draftKey?: string }
  | { kind: 'reply'; topicId: number; title: string; replyToPostNumber?: number };

/** Discourse's draft key prefixes (Draft::NEW_PRIVATE_MESSAGE, Draft::EXISTING_TOPIC). */
export const NEW_MESSAGE_DRAFT_PREFIX = 'new_private_message';
const TOPIC_DRAFT_PREFIX = 'topic_';

/**
 * One key per new message, as Discourse's own composer does (`new_private_message_<ms>`), so
 * several unfinished messages coexist. Discourse caps draft keys at 40 characters; this is 33.
 */
export function newMessageDraftKey(now: number = Date.now()): string {
  return `${NEW_MESSAGE_DRAFT_PREFIX}_${now}`;
}

export function draftKeyForTarget(target: ComposerTarget): string | undefined {
  return target.kind === 'reply' ? `${TOPIC_DRAFT_PREFIX}${target.topicId}` : target.draftKey;
}

export function topicIdFromDraftKey(key: string): number | undefined {
  if (!key.startsWith(TOPIC_DRAFT_PREFIX)) return undefined;
  const id = Number(key.slice(TOPIC_DRAFT_PREFIX.length));
  return Number.isInteger(id) && id > 0 ? id : undefined;
}

export function isNewMessageDraftKey(key: string): boolean {
  return key === NEW_MESSAGE_DRAFT_PREFIX || key.startsWith(`${NEW_MESSAGE_DRAFT_PREFIX}_`);
}
