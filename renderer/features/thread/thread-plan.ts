// Which posts of a thread the reading pane shows: all of a short thread; of a long one the
// first post and the newest few, with the older middle collapsed behind one button
// (client.md: Mailspring freezes on long threads; collapse older posts).

/** Threads with more posts than this collapse their middle. */
export const COLLAPSE_OVER = 8;
/** How many of the newest posts a collapsed thread still shows. */
export const NEWEST_SHOWN = 4;

export interface ThreadPlan {
  /** Post ids shown before the collapsed part (the opening post). */
  head: number[];
  /** How many posts are collapsed between head and tail. */
  collapsed: number;
  tail: number[];
}

export function planThread(stream: readonly number[], expanded: boolean): ThreadPlan {
  if (expanded || stream.length <= COLLAPSE_OVER) return { head: [...stream], collapsed: 0, tail: [] };
  return {
    head: stream.slice(0, 1),
    collapsed: stream.length - 1 - NEWEST_SHOWN,
    tail: stream.slice(-NEWEST_SHOWN),
  };
}
