// Which posts of a thread the reading pane shows: all of a short thread; of a long one the
// first post and the newest few, with the older middle collapsed behind one button
// (client.md: Mailspring freezes on long threads; collapse older posts). Expanding reveals
// the middle in chunks, one per frame, so a 500-post thread never blocks the page.

/** Threads with more posts than this collapse their middle. */
export const COLLAPSE_OVER = 8;
/** How many of the newest posts a collapsed thread still shows. */
export const NEWEST_SHOWN = 4;
/** Posts revealed per frame while expanding. */
export const REVEAL_CHUNK = 40;

export interface ThreadPlan {
  /** Post ids shown before the collapsed part: the opening post and whatever is revealed. */
  head: number[];
  /** How many posts are still collapsed between head and tail. */
  collapsed: number;
  tail: number[];
}

/** `revealed`: how many of the collapsed middle posts to show (Infinity for all). */
export function planThread(stream: readonly number[], revealed: number): ThreadPlan {
  if (stream.length <= COLLAPSE_OVER) return { head: [...stream], collapsed: 0, tail: [] };
  const middle = stream.length - 1 - NEWEST_SHOWN;
  const shown = Math.max(0, Math.min(middle, revealed));
  return {
    head: stream.slice(0, 1 + shown),
    collapsed: middle - shown,
    tail: stream.slice(-NEWEST_SHOWN),
  };
}
