// Whether the browser believes it is online. `navigator.onLine === false` is reliable (no network
// at all); `true` only means "maybe", so callers still treat request failures as offline.
export function browserSaysOnline(): boolean {
  return typeof navigator === 'undefined' || navigator.onLine !== false;
}
