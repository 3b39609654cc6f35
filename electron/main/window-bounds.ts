// Where to reopen the window. Saved bounds are only trusted when the window would still be
// reachable: a monitor may have been unplugged or rearranged since the last run, and a
// window restored off-screen looks to the user like an app that does not start.
import type { Bounds } from './preferences';

export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const defaultSize = { width: 1200, height: 800 } as const;

/** How much of the window (its top strip, where the title bar is) must be on a screen. */
const minimumVisible = { width: 120, height: 40 } as const;

function overlap(a: Area, b: Area): Area {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  return { x, y, width: Math.max(0, right - x), height: Math.max(0, bottom - y) };
}

/**
 * Saved bounds (shrunk to fit their screen) when the title bar is visible on some work
 * area; otherwise only a default size, which lets Electron centre the window.
 */
export function restoreBounds(
  saved: Bounds | undefined,
  workAreas: readonly Area[],
): Bounds | { width: number; height: number } {
  if (!saved) return { ...defaultSize };
  const titleBar: Area = { x: saved.x, y: saved.y, width: saved.width, height: minimumVisible.height };
  const screen = workAreas.find((area) => {
    const visible = overlap(titleBar, area);
    return visible.width >= minimumVisible.width && visible.height >= minimumVisible.height;
  });
  if (!screen)
    return {
      width: Math.min(saved.width, defaultSize.width),
      height: Math.min(saved.height, defaultSize.height),
    };
  return {
    x: saved.x,
    y: saved.y,
    width: Math.min(saved.width, screen.width),
    height: Math.min(saved.height, screen.height),
  };
}
