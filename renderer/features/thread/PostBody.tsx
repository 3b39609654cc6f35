// A post's body: the cooked HTML after the one sanitizer (see post-html.ts), attached as DOM
// nodes. Huge bodies are clipped with "Show more"; links to other Foyer threads open in the
// app instead of a browser window.
import { useLayoutEffect, useRef, useState, type MouseEvent } from 'react';
import { useUi } from '../../stores/ui-store';
import { postFragment } from './post-html';

/** Taller than this (in px) and a body is clipped until asked for. */
const CLIP_HEIGHT = 900;

/**
 * Bodies that could be that tall. Only these are measured, and asynchronously (a
 * ResizeObserver): reading scrollHeight as each post mounts forces a layout per post, which
 * made revealing a 500-post thread quadratic.
 */
function mightBeHuge(cooked: string): boolean {
  return cooked.length > 2500 || /<(img|pre|table)\b/i.test(cooked);
}

/** /t/{id}/{n} or /t/{slug}/{id}/{n} on this forum → the topic id. */
function internalTopicId(anchor: HTMLAnchorElement): number | null {
  if (anchor.origin !== window.location.origin) return null;
  const match = /^\/t\/(?:[^/]+\/)?(\d+)(?:\/\d+)?\/?$/.exec(anchor.pathname);
  return match?.[1] ? Number(match[1]) : null;
}

export function PostBody({ cooked }: { cooked: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [clipped, setClipped] = useState(false);
  const [expanded, setExpanded] = useState(false);

  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    element.replaceChildren(postFragment(cooked));
    if (!mightBeHuge(cooked) || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      // Once clipped, the body's own height is capped; decide from the content's height.
      if (element.scrollHeight > CLIP_HEIGHT * 1.25) {
        setClipped(true);
        observer.disconnect();
      }
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [cooked]);

  function onClick(event: MouseEvent<HTMLDivElement>) {
    const anchor = (event.target as Element).closest?.('a');
    if (!(anchor instanceof HTMLAnchorElement)) return;
    const topicId = internalTopicId(anchor);
    if (topicId !== null) {
      event.preventDefault();
      useUi.getState().open(topicId);
    }
  }

  const isClipped = clipped && !expanded;
  return (
    <>
      <div
        ref={ref}
        className={`post-body${isClipped ? ' clipped' : ''}`}
        style={isClipped ? { maxHeight: CLIP_HEIGHT } : undefined}
        onClick={onClick}
      />
      {clipped && (
        <button
          type="button"
          className="quiet show-more"
          aria-expanded={expanded}
          onClick={() => setExpanded((e) => !e)}
        >
          {expanded ? 'Show less' : 'Show more'}
        </button>
      )}
    </>
  );
}
