// DOM emulators do no layout: every element is 0×0, so @tanstack/react-virtual (which reads
// the scroll element's size) renders no rows at all (toolchain.md §2). Component tests of
// virtualised lists import this first to give elements a plausible size.
const SIZES = [
  ['clientHeight', 760],
  ['clientWidth', 400],
  ['offsetHeight', 76],
  ['offsetWidth', 400],
] as const;

for (const [prop, value] of SIZES) {
  Object.defineProperty(HTMLElement.prototype, prop, {
    configurable: true,
    get() {
      return value;
    },
  });
}

// react-virtual measures the scroll element with getBoundingClientRect as well.
const originalRect = HTMLElement.prototype.getBoundingClientRect;
HTMLElement.prototype.getBoundingClientRect = function getBoundingClientRect() {
  const rect = originalRect.call(this);
  if (rect.width || rect.height) return rect;
  return {
    x: 0,
    y: 0,
    top: 0,
    left: 0,
    right: 400,
    bottom: 760,
    width: 400,
    height: 760,
    toJSON: () => ({}),
  };
};

// jsdom has no ResizeObserver; the virtualizer only needs it to exist.
globalThis.ResizeObserver ??= class {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
};
