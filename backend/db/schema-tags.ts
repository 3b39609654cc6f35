// Kysely table types of tags (migration 0012): tags, the tags of each topic (topic_tags) and
// people's notification levels per tag (tag_users, shaped like category_users).
import type { Generated, Selectable } from 'kysely';

export interface TagsTable {
  id: Generated<number>;
  /** Lower-case, cleaned as Discourse's DiscourseTagging.clean_tag does (tag-names.ts). */
  name: string;
  created_at: string;
}

export interface TopicTagsTable {
  id: Generated<number>;
  topic_id: number;
  tag_id: number;
  created_at: string;
}

export interface TagUsersTable {
  tag_id: number;
  user_id: number;
  /** 0 muted, 1 regular, 2 tracking, 3 watching, 4 watching first post. */
  notification_level: number;
}

export interface TagTables {
  tags: TagsTable;
  topic_tags: TopicTagsTable;
  tag_users: TagUsersTable;
}

export type Tag = Selectable<TagsTable>;
