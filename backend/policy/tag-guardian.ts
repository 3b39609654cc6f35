// Who may do what with tags (Discourse's TagGuardian, behaviour.md §4.4): tag routes exist only
// while tagging_enabled is on; anyone who may start a topic may put existing tags on it, but
// only staff, members of create_tag_allowed_groups or people at min_trust_to_create_tag create
// new ones. Personal messages stay untagged: Discourse tags them only for
// pm_tags_allowed_for_groups (empty by default), which Foyer does not have.
import type { Db } from '../db/database';
import type { Topic, User } from '../db/schema';
import type { SiteSettings } from '../settings/site-settings';
import { isSilenced, isStaff } from '../users/users-repository';
import { allowedByGroupsOrTrust, canCreatePostOnTopic } from './guardian';

/** Guardian#can_create_tag?. */
export async function canCreateTag(db: Db, settings: SiteSettings, actor: User): Promise<boolean> {
  if (actor.staged || isSilenced(actor)) return false;
  return allowedByGroupsOrTrust(db, settings, actor, 'create_tag_allowed_groups', 'min_trust_to_create_tag');
}

/**
 * Guardian#can_edit_topic? for its tags: staff, or whoever started the topic while it is not
 * archived and they may still post in it.
 */
export async function canEditTopicTags(db: Db, actor: User, topic: Topic): Promise<boolean> {
  if (isStaff(actor)) return true;
  if (actor.staged || topic.user_id !== actor.id || topic.archived) return false;
  return canCreatePostOnTopic(db, actor, topic);
}
