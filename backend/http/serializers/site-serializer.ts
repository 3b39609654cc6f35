// Site JSON (getSite, getSiteBasicInfo) and the admin site-settings list. Values are what
// Foyer really has: personal messages and topics in categories (the categories the viewer may
// see are listed as Discourse's Site#categories) and what they may do with tags; no flags or
// themes, so those are empty.
import { UNCATEGORIZED_CATEGORY_ID } from '../../categories/categories-repository';
import type { CategoryListing } from '../../categories/category-listing';
import type { Group } from '../../db/schema';
import { NOTIFICATION_TYPES } from '../../notifications/notification-types';
import { POST_TYPES } from '../../posts/post-writer';
import { settingDefinitions, type SettingName } from '../../settings/definitions';
import type { SiteSettings } from '../../settings/site-settings';
import { siteCategory } from './category-serializer';
import { TAGS_FILTER_REGEXP } from '../../tags/tag-names';

/**
 * Discourse's Notification.types. Foyer's own types come from notification-types.ts; the
 * rest keep Discourse's ids so a client's table lines up, though Foyer never sends them.
 */
const DISCOURSE_NOTIFICATION_TYPES = {
  topic_reminder: 18,
  liked_consolidated: 19,
  post_approved: 20,
  code_review_commit_approved: 21,
  membership_request_accepted: 22,
  membership_request_consolidated: 23,
  bookmark_reminder: 24,
  reaction: 25,
  votes_released: 26,
  event_reminder: 27,
  event_invitation: 28,
  chat_mention: 29,
  chat_message: 30,
  chat_invitation: 31,
  chat_group_mention: 32,
  chat_quoted: 33,
  assigned: 34,
  question_answer_user_commented: 35,
  watching_category_or_tag: 36,
  new_features: 37,
  admin_problems: 38,
  linked_consolidated: 39,
  chat_watched_thread: 40,
} as const;

/** What the viewer may do with tags (Discourse's Site#can_create_tag and can_tag_topics). */
export interface SiteTagging {
  canCreateTag: boolean;
  canTagTopics: boolean;
}

export function siteJson(
  settings: SiteSettings,
  groups: Group[],
  categories: CategoryListing,
  tagging: SiteTagging,
) {
  return {
    default_archetype: 'regular',
    notification_types: { ...NOTIFICATION_TYPES, ...DISCOURSE_NOTIFICATION_TYPES },
    post_types: { ...POST_TYPES },
    trust_levels: { newuser: 0, basic: 1, member: 2, regular: 3, leader: 4 },
    groups: groups.map((g) => ({
      id: g.id,
      name: g.name,
      flair_url: null,
      flair_bg_color: null,
      flair_color: null,
    })),
    // The topic lists Foyer serves: /latest and /categories.
    filters: ['latest'],
    periods: [] as string[],
    top_menu_items: ['latest', 'categories'],
    anonymous_top_menu_items: ['latest', 'categories'],
    uncategorized_category_id: UNCATEGORIZED_CATEGORY_ID,
    // Discourse's UserField.max_length.
    user_field_max_length: 2048,
    post_action_types: [] as never[],
    topic_flag_types: [] as never[],
    can_create_tag: tagging.canCreateTag,
    can_tag_topics: tagging.canTagTopics,
    // PM tags need pm_tags_allowed_for_groups, which Foyer does not have yet (default: nobody).
    can_tag_pms: false,
    tags_filter_regexp: TAGS_FILTER_REGEXP,
    top_tags: [] as string[],
    topic_featured_link_allowed_category_ids: [] as number[],
    user_themes: [] as never[],
    user_color_schemes: [] as never[],
    default_dark_color_scheme: null,
    censored_regexp: [] as string[],
    custom_emoji_translation: {},
    watched_words_replace: null,
    watched_words_link: null,
    categories: categories.categories.map((c) => siteCategory(categories, c)),
    // Discourse lists the archetypes one may compose, private messages aside.
    archetypes: [{ id: 'regular', name: 'Regular Topic', options: [] as never[] }],
    user_fields: [] as never[],
    auth_providers: [] as never[],
    full_name_required_for_signup: false,
    full_name_visible_in_signup: settings.bool('enable_names'),
  };
}

export function siteBasicInfoJson(settings: SiteSettings) {
  return {
    logo_url: '',
    logo_small_url: '',
    apple_touch_icon_url: '',
    favicon_url: '',
    title: settings.str('title'),
    description: settings.str('site_description'),
    // Discourse's default header colours.
    header_primary_color: '333333',
    header_background_color: 'ffffff',
    // Anyone may read this; every personal message still needs a login.
    login_required: false,
    locale: 'en',
    include_in_discourse_discover: false,
    mobile_logo_url: '',
  };
}

/** One row of GET /admin/site_settings.json, as Discourse's SiteSettings#all_settings (values as text). */
export function siteSettingJson(settings: SiteSettings, name: SettingName) {
  const def = settingDefinitions[name];
  return {
    setting: name,
    description: def.description,
    default: String(def.default),
    type: def.type,
    value: settings.raw(name),
    category: def.category,
    preview: null,
    secret: ('secret' in def && def.secret === true) as boolean,
    placeholder: null,
    mandatory_values: null,
    requires_confirmation: null,
  };
}
