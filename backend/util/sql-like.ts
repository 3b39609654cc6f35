// Case-insensitive "contains" for search filters, as Discourse's ILIKE '%text%', written to
// run on SQLite and PostgreSQL: the text is lower-cased and its LIKE wildcards escaped.
import { sql, type RawBuilder } from 'kysely';

export function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** `lower(column) LIKE '%text%'` for a column reference such as "users.username_lower". */
export function containsText(column: string, text: string): RawBuilder<boolean> {
  return sql<boolean>`lower(coalesce(${sql.ref(column)}, '')) like ${likePattern(text)} escape '\\'`;
}
