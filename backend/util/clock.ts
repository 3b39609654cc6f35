// One place for "now", as ISO-8601 text (stored that way so ordering works as text).
export function nowIso(): string {
  return new Date().toISOString();
}
