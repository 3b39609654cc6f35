// Discourse-style ASCII slugs; "topic" when nothing usable is left (Discourse does the same).
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9\s-]/g, '')
    .trim()
    .replace(/[\s-]+/g, '-')
    .slice(0, 100)
    .replace(/-+$/, '');
  return slug || 'topic';
}
