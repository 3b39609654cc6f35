// Which of a fixed set of literals occur in a text. One `includes` per literal rescans a long text
// once for each literal that is absent (most of them, for the marker families' needles): one
// alternation search visits each position once instead.

function escape(literal: string): string {
  return literal.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

export class LiteralSearch {
  private readonly search: RegExp;

  constructor(readonly literals: readonly string[]) {
    // Longest first, so that where several start, the one found has the others as prefixes.
    const longestFirst = [...new Set(literals)].sort((a, b) => b.length - a.length);
    this.search = new RegExp(longestFirst.map(escape).join('|'), 'g');
  }

  /**
   * The literals found, each the longest one starting at its position. A literal occurs in the text
   * exactly when it is a prefix of one of these: every position where one starts is visited.
   */
  foundIn(text: string): Set<string> {
    const found = new Set<string>();
    this.search.lastIndex = 0;
    for (let m = this.search.exec(text); m !== null; m = this.search.exec(text)) {
      found.add(m[0]);
      // One past the start, not past the end: literals may overlap.
      this.search.lastIndex = m.index + 1;
    }
    return found;
  }
}

/** `text.includes(literal)`, given `found = search.foundIn(text)` for a search holding `literal`. */
export function occurs(found: ReadonlySet<string>, literal: string): boolean {
  for (const longest of found) if (longest.startsWith(literal)) return true;
  return false;
}
