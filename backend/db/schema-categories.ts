// Kysely table types of categories (migration 0008): categories, their group permissions
// (Discourse's category_groups) and people's notification levels per category (category_users).
import type { ColumnType, Generated } from 'kysely';

export interface CategoriesTable {
  id: Generated<number>;
  name: string;
  name_lower: string;
  /** '' when the category is reached by "<id>-category" (Discourse's slug_for_url). */
  slug: string;
  color: ColumnType<string, string | undefined, string>;
  text_color: ColumnType<string, string | undefined, string>;
  /** Cooked HTML. */
  description: string | null;
  parent_category_id: number | null;
  position: ColumnType<number, number | undefined, number>;
  read_restricted: ColumnType<number, number | undefined, number>;
  user_id: number | null;
  /** Pipe-separated, lower-cased incoming addresses (§2.3). */
  email_in: string | null;
  email_in_allow_strangers: ColumnType<number, number | undefined, number>;
  mailinglist_mirror: ColumnType<number, number | undefined, number>;
  created_at: string;
  updated_at: string;
}

export interface CategoryGroupsTable {
  id: Generated<number>;
  category_id: number;
  group_id: number;
  /** Discourse's CategoryGroup.permission_types: 1 full, 2 create_post, 3 readonly. */
  permission_type: number;
  created_at: string;
}

export interface CategoryUsersTable {
  category_id: number;
  user_id: number;
  /** 0 muted, 1 regular, 2 tracking, 3 watching, 4 watching first post. */
  notification_level: number;
}
