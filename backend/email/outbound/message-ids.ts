// Message-IDs of the mail we send (behaviour.md §3.1 "Message-ID / threading", §6 H 81–82).
// Every post has one stable id, used as the Message-ID of every email about it and in the
// In-Reply-To/References of later posts, so mail clients thread the conversation (RFC 5322
// §3.6.4). Inbound mail is matched back to a post through the same ids, including the
// formats Discourse has used over the years, so replies to mail a Discourse site sent
// before a move still land.

/** The host part of our ids: the forum's public host, as Discourse's Email::Sender.host_for. */
export function messageIdHost(baseUrl: string): string {
  try {
    return new URL(baseUrl).hostname || 'localhost';
  } catch {
    return 'localhost';
  }
}

/** The id we generate for a post that did not come by email: "<foyer/post/123@host>". */
export function postMessageId(postId: number, host: string): string {
  return `<foyer/post/${postId}@${host}>`;
}

/** "<id>" from "id" or "<id>": headers carry the brackets, our columns store the bare id (as Discourse). */
export function withAngleBrackets(id: string): string {
  const bare = bareMessageId(id);
  return `<${bare}>`;
}

export function bareMessageId(id: string): string {
  return id.trim().replace(/^</, '').replace(/>$/, '').trim();
}

/** The Message-ID of emails about a post: its stored id (the incoming one for email posts) or ours. */
export function stableMessageId(
  post: { id: number; outbound_message_id: string | null },
  host: string,
): string {
  return post.outbound_message_id
    ? withAngleBrackets(post.outbound_message_id)
    : postMessageId(post.id, host);
}

/**
 * Recognises our ids and Discourse's historical ones for this host:
 *   foyer/post/P@host, discourse/post/P@host           (stable per-post ids)
 *   topic/T/P@host, topic/T/P.<random>@host            (older per-post ids)
 *   topic/T@host, topic/T.<random>@host                (older first-post / topic ids)
 * Returns undefined for anything else (someone else's Message-ID).
 */
export function parseOurMessageId(
  id: string,
  host: string,
): { postId?: number; topicId?: number } | undefined {
  const bare = bareMessageId(id);
  const at = bare.lastIndexOf('@');
  if (at < 0) return undefined;
  if (bare.slice(at + 1).toLowerCase() !== host.toLowerCase()) return undefined;
  const left = bare.slice(0, at);
  const num = (s: string | undefined): number | undefined => {
    if (s === undefined) return undefined;
    const n = Number(s);
    return Number.isSafeInteger(n) && n > 0 ? n : undefined;
  };
  const stable = /^(?:foyer|discourse)\/post\/(\d+)$/i.exec(left);
  if (stable) {
    const postId = num(stable[1]);
    return postId === undefined ? undefined : { postId };
  }
  const perPost = /^topic\/(\d+)\/(\d+)(?:\.\w+)?$/i.exec(left);
  if (perPost) {
    const topicId = num(perPost[1]);
    const postId = num(perPost[2]);
    return topicId === undefined || postId === undefined ? undefined : { topicId, postId };
  }
  const perTopic = /^topic\/(\d+)(?:\.\w+)?$/i.exec(left);
  if (perTopic) {
    const topicId = num(perTopic[1]);
    return topicId === undefined ? undefined : { topicId };
  }
  return undefined;
}
