// Forward lookups over one text with a one-entry cache per searched character: scanners ask for
// "the next colon / line break after here" from positions that only grow, so a repeated question
// is answered without rescanning (each scan would otherwise cost the rest of the line).
export class TextIndex {
  private readonly cache = new Map<string, { from: number; at: number }>();

  constructor(readonly text: string) {}

  /** First position of `char` at or after `from`, or the text length. */
  next(char: string, from: number): number {
    const hit = this.cache.get(char);
    if (hit !== undefined && from >= hit.from && from <= hit.at) return hit.at;
    const found = this.text.indexOf(char, from);
    const at = found === -1 ? this.text.length : found;
    // Updated in place: a new entry per lookup was a measurable share of a short reply's trimming.
    if (hit === undefined) this.cache.set(char, { from, at });
    else {
      hit.from = from;
      hit.at = at;
    }
    return at;
  }

  /** End of the line holding `from` (the position of its `\n`, or the text length). */
  lineEnd(from: number): number {
    return this.next('\n', from);
  }
}
