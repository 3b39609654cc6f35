// Test-only: jsdom does no layout and lacks Range geometry, which Lexical reads to keep the caret
// in view and to place menus. Zero-sized rectangles are the honest answer for "no layout".
const emptyRect = (): DOMRect =>
  ({ x: 0, y: 0, top: 0, left: 0, right: 0, bottom: 0, width: 0, height: 0, toJSON: () => ({}) }) as DOMRect;

if (typeof Range !== 'undefined') {
  Range.prototype.getBoundingClientRect ??= emptyRect;
  Range.prototype.getClientRects ??= () =>
    ({ length: 0, item: () => null, [Symbol.iterator]: [][Symbol.iterator] }) as unknown as DOMRectList;
}
if (typeof Element !== 'undefined') Element.prototype.scrollIntoView ??= () => {};
// Lexical's menus watch their anchor's size; with no layout nothing ever resizes.
if (typeof window !== 'undefined' && !('ResizeObserver' in window)) {
  class NoLayoutResizeObserver {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  }
  Object.assign(window, { ResizeObserver: NoLayoutResizeObserver });
  Object.assign(globalThis, { ResizeObserver: NoLayoutResizeObserver });
}
