import { describe, expect, it } from 'vitest';
import { defaultSize, restoreBounds } from './window-bounds';

const laptop = { x: 0, y: 0, width: 1440, height: 875 };
const external = { x: 1440, y: 0, width: 2560, height: 1415 };

describe('restoreBounds', () => {
  it('uses a default size (centred by Electron) on first run', () => {
    expect(restoreBounds(undefined, [laptop])).toEqual(defaultSize);
  });

  it('restores the saved place when it is still on a screen', () => {
    const saved = { x: 1600, y: 100, width: 1400, height: 900 };
    expect(restoreBounds(saved, [laptop, external])).toEqual(saved);
  });

  it('does not restore onto a monitor that was unplugged', () => {
    const saved = { x: 1600, y: 100, width: 1400, height: 900 };
    expect(restoreBounds(saved, [laptop])).toEqual({ width: 1200, height: 800 });
  });

  it('shrinks a window that is larger than its screen now', () => {
    expect(restoreBounds({ x: 0, y: 0, width: 2000, height: 1200 }, [laptop])).toEqual({
      x: 0,
      y: 0,
      width: 1440,
      height: 875,
    });
  });

  it('does not trust a window whose title bar is above the screen', () => {
    expect(restoreBounds({ x: 100, y: -500, width: 800, height: 600 }, [laptop])).toEqual({
      width: 800,
      height: 600,
    });
  });
});
