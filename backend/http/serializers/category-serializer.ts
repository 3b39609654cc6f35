// Category JSON in Discourse's three shapes: listed (listCategories' category_list), site
// (getSite's categories) and detailed (getCategory, createCategory, updateCategory). The spec
// closes all three, so only Discourse's fields appear; parent_category_id is sent only for a
// subcategory, as Discourse's BasicCategorySerializer does.
import type { Category } from '../../db/schema';
import {
  categoryUrl,
  UNCATEGORIZED_CATEGORY_ID,
  incomingAddresses,
} from '../../categories/categories-repository';
import {
  childrenIn,
  levelIn,
  permissionIn,
  statsIn,
  type CategoryListing,
} from '../../categories/category-listing';
import { excerptFromCooked } from '../../cook/excerpt';
import { canEditCategories } from '../../policy/category-guardian';

const DAY_NAMES = ['day', 'week', 'month', 'year'] as const;

function base(l: CategoryListing, c: Category) {
  const children = childrenIn(l, c);
  const stats = statsIn(l, c);
  return {
    id: c.id,
    name: c.name,
    color: c.color,
    text_color: c.text_color,
    slug: c.slug,
    topic_count: stats.topic_count,
    post_count: stats.post_count,
    position: c.position,
    description: c.description,
    description_text: c.description === null ? null : excerptFromCooked(c.description, 10_000),
    description_excerpt: c.description === null ? null : excerptFromCooked(c.description, 300),
    read_restricted: c.read_restricted === 1,
    notification_level: levelIn(l, c),
    topic_template: null,
    has_children: children.length > 0,
    subcategory_count: children.length > 0 ? children.length : null,
    sort_order: null,
    sort_ascending: null,
    show_subcategory_list: false,
    num_featured_topics: 3,
    default_view: null,
    subcategory_list_style: 'rows_with_featured_topics',
    default_top_period: 'all',
    default_list_filter: 'all',
    minimum_required_tags: 0,
    navigate_to_first_post_after_read: false,
    uploaded_logo: null,
    uploaded_logo_dark: null,
    uploaded_background: null,
    uploaded_background_dark: null,
    ...(c.parent_category_id === null ? {} : { parent_category_id: c.parent_category_id }),
  };
}

/** listCategories' entry. Foyer creates no "About the category" topic, so topic_url is null. */
export function listedCategory(
  l: CategoryListing,
  c: Category,
  includeSubcategories: boolean,
): Record<string, unknown> {
  const stats = statsIn(l, c);
  const children = childrenIn(l, c);
  // The spec wants an integer; a category the viewer sees but may not post in is "readonly".
  const permission = permissionIn(l, c) ?? 3;
  return {
    ...base(l, c),
    topic_url: null,
    permission,
    can_edit: canEditCategories(l.viewer.user),
    ...Object.fromEntries(DAY_NAMES.map((d) => [`topics_${d}`, stats[`topics_${d}`]])),
    topics_all_time: stats.topic_count,
    ...(c.id === UNCATEGORIZED_CATEGORY_ID ? { is_uncategorized: true } : {}),
    subcategory_ids: children.map((x) => x.id),
    ...(includeSubcategories ? { subcategory_list: children.map((x) => listedCategory(l, x, false)) } : {}),
  };
}

/**
 * getSite's entry. The spec requires topic_url as a string; with no "About" topic the
 * category's own page is the nearest thing to it.
 */
export function siteCategory(l: CategoryListing, c: Category) {
  return {
    ...base(l, c),
    topic_url: categoryUrl(c),
    permission: permissionIn(l, c) ?? 3,
    allowed_tags: [] as string[],
    allowed_tag_groups: [] as string[],
    allow_global_tags: false,
    required_tag_groups: [] as never[],
    read_only_banner: null,
    can_edit: canEditCategories(l.viewer.user),
    custom_fields: null,
    form_template_ids: [] as number[],
  };
}

export interface CategoryGroups {
  /** Names of the groups in this category's permissions, by id. */
  names: Map<number, string>;
  /** Every group name that could still be added (Discourse's available_groups). */
  all: string[];
}

/**
 * getCategory's `category`. Group permissions and incoming addresses are for those who may edit
 * the category (Discourse's include_* rules); the spec requires the fields, so others get
 * empty values.
 */
export function detailedCategory(l: CategoryListing, c: Category, groups: CategoryGroups) {
  const editor = canEditCategories(l.viewer.user);
  const rows = l.rows.get(c.id) ?? [];
  const permissions = rows.map((r) => ({
    permission_type: r.permission_type,
    group_name: groups.names.get(r.group_id) ?? String(r.group_id),
  }));
  if (permissions.length === 0 && !c.read_restricted)
    permissions.push({ permission_type: 1, group_name: 'everyone' });
  return {
    ...base(l, c),
    topic_url: null,
    permission: permissionIn(l, c),
    can_edit: editor,
    custom_fields: {},
    required_tag_groups: [] as never[],
    read_only_banner: null,
    available_groups: editor ? groups.all.filter((n) => !permissions.some((p) => p.group_name === n)) : [],
    auto_close_hours: null,
    auto_close_based_on_last_post: false,
    allow_unlimited_owner_edits_on_first_post: false,
    default_slow_mode_seconds: null,
    group_permissions: editor ? permissions : [],
    email_in: editor && c.email_in ? incomingAddresses(c.email_in).join('|') : null,
    email_in_allow_strangers: editor && c.email_in_allow_strangers === 1,
    mailinglist_mirror: c.mailinglist_mirror === 1,
    all_topics_wiki: false,
    // Foyer has no route to delete a category yet.
    can_delete: false,
    allow_badges: true,
    topic_featured_link_allowed: true,
    search_priority: 0,
    form_template_ids: [] as number[],
  };
}
