// Parses a search box into words, "quoted phrases" and Foyer's operators (from: to: in: group:
// before: after: is:unread with:email order:latest; @name as from:). Operator values may be
// quoted (from:"Jane Doe"). Anything unrecognised is searched as text, as Discourse does.
export interface SearchQuery {
  /** FTS5 phrases (single words are one-word phrases); all must match. */
  phrases: string[];
  from: string[];
  to: string[];
  groups: string[];
  folder?: 'inbox' | 'sent' | 'archive';
  before?: string;
  after?: string;
  unread: boolean;
  withEmail: boolean;
  latest: boolean;
}

const TOKEN = /(@|[a-z_]+:)?(?:"([^"]*)"?|(\S+))/gi;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A term with no letter or digit tokenizes to nothing; FTS5 would reject it. */
const HAS_WORD = /[\p{L}\p{N}]/u;

function validDate(value: string): string | undefined {
  if (!DATE.test(value)) return undefined;
  const t = Date.parse(`${value}T00:00:00Z`);
  return Number.isFinite(t) ? new Date(t).toISOString() : undefined;
}

export function parseSearchQuery(input: string): SearchQuery {
  const q: SearchQuery = {
    phrases: [],
    from: [],
    to: [],
    groups: [],
    unread: false,
    withEmail: false,
    latest: false,
  };
  for (const m of input.matchAll(TOKEN)) {
    const prefix = m[1]?.toLowerCase();
    const value = (m[2] ?? m[3] ?? '').trim();
    const text = () => {
      const words = `${prefix && prefix !== '@' ? prefix : ''}${value}`;
      if (HAS_WORD.test(words)) q.phrases.push(words);
    };
    if (!value) continue;
    switch (prefix) {
      case '@':
      case 'from:':
        q.from.push(value.toLowerCase());
        break;
      case 'to:':
        q.to.push(value.toLowerCase());
        break;
      case 'group:':
        q.groups.push(value.toLowerCase());
        break;
      case 'in:': {
        const v = value.toLowerCase();
        if (v === 'inbox' || v === 'sent' || v === 'archive') q.folder = v;
        // in:messages / in:personal (Discourse's) are every PM: nothing to narrow.
        else if (v !== 'messages' && v !== 'personal') text();
        break;
      }
      case 'before:':
        q.before = validDate(value) ?? q.before;
        break;
      case 'after:':
        q.after = validDate(value) ?? q.after;
        break;
      case 'is:':
        if (value.toLowerCase() === 'unread') q.unread = true;
        else text();
        break;
      case 'with:':
        if (value.toLowerCase() === 'email') q.withEmail = true;
        else text();
        break;
      case 'order:':
        if (value.toLowerCase() === 'latest') q.latest = true;
        else text();
        break;
      default:
        text();
    }
  }
  return q;
}

/** The FTS5 MATCH expression: every phrase quoted (so no user text is FTS syntax), all required. */
export function matchExpression(q: SearchQuery): string | undefined {
  if (q.phrases.length === 0) return undefined;
  return q.phrases.map((p) => `"${p.replace(/"/g, '""')}"`).join(' ');
}
