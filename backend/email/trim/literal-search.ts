// Which of a fixed set of literals occur in a text. One `includes` per literal rescans a long text
// once for each literal that is absent (most of them, for the marker families' needles): one
// alternation search visits each position once instead. A text dense with the literals would make
// that search stop at every few characters, so after MAX_MATCHES stops the literals not seen yet
// are looked for one by one in the rest: never worse than `includes` for each.

const MAX_MATCHES = 64;

function escape(literal: string): string {
  return literal.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

export class LiteralSearch {
  private readonly search: RegExp;
  private readonly literals: readonly string[];

  constructor(literals: readonly string[]) {
    this.literals = [...new Set(literals)];
    // Longest first: where several start, the one found has all the others there as prefixes.
    const longestFirst = [...this.literals].sort((a, b) => b.length - a.length);
    this.search = new RegExp(longestFirst.map(escape).join('|'), 'g');
  }

  /** The literals that occur in `text` (`text.includes(literal)` for each). */
  foundIn(text: string): Set<string> {
    const longest = new Set<string>();
    // Every literal starting before `seen` is a prefix of one in `longest`.
    let seen = text.length;
    this.search.lastIndex = 0;
    for (let m = this.search.exec(text), stops = 1; m !== null; m = this.search.exec(text), stops++) {
      longest.add(m[0]);
      // One past the start, not past the end: literals may overlap.
      this.search.lastIndex = m.index + 1;
      if (stops === MAX_MATCHES) {
        seen = m.index + 1;
        break;
      }
    }
    const found = new Set<string>();
    for (const literal of this.literals) {
      let present = seen < text.length && text.includes(literal, seen);
      for (const start of longest) present ||= start.startsWith(literal);
      if (present) found.add(literal);
    }
    return found;
  }
}
