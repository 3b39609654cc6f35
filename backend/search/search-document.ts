// What the full-text index holds for one post: the topic title (first post only, so a title
// match finds the PM once), the post's text without quoted earlier posts (a reply that quotes
// is not a second hit for the same words) and without the quoted history trimmed from an
// emailed reply (the folded "elided" block: the same rule, and most of an emailed reply's words),
// and its author's username and display name, so a staged participant is found by the name
// people know them by (never by address).
export interface SearchDocument {
  title: string;
  body: string;
  author: string;
}

const QUOTE_BLOCK = /\[quote(?:=[^\]]*)?\][\s\S]*?\[\/quote\]/gi;
/** The trimmed part of an emailed reply, as email-body.ts's elidedBlock folds it. */
const ELIDED_BLOCK = /<details class='elided'>[\s\S]*?<\/details>/g;

export function searchDocument(
  post: { post_number: number; raw: string },
  topic: { title: string },
  author: { username: string; name: string | null },
): SearchDocument {
  const body = post.raw
    .replace(QUOTE_BLOCK, ' ')
    .replace(ELIDED_BLOCK, ' ')
    // Upload and link targets are not words anyone searches for.
    .replace(/\]\((?:upload:\/\/|\/uploads\/|https?:\/\/)[^)]*\)/g, ']')
    .replace(/\s+/g, ' ')
    .trim();
  return {
    title: post.post_number === 1 ? topic.title : '',
    body,
    author: `${author.username} ${author.name ?? ''}`.trim(),
  };
}
