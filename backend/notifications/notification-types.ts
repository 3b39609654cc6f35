// Discourse's Notification.types ids, so API clients read our notifications as theirs.
export const NOTIFICATION_TYPES = {
  mentioned: 1,
  replied: 2,
  quoted: 3,
  edited: 4,
  liked: 5,
  private_message: 6,
  invited_to_private_message: 7,
  invitee_accepted: 8,
  posted: 9,
  moved_post: 10,
  linked: 11,
  granted_badge: 12,
  invited_to_topic: 13,
  custom: 14,
  group_mentioned: 15,
  group_message_summary: 16,
  watching_first_post: 17,
} as const;

export const TOPIC_NOTIFICATION_LEVELS = { muted: 0, regular: 1, tracking: 2, watching: 3 } as const;

/** Discourse's TopicUser.notification_reasons: why a person has their level on a topic. */
export const NOTIFICATION_REASONS = {
  created_topic: 1,
  user_changed: 2,
  user_interacted: 3,
  created_post: 4,
  auto_watch: 5,
  auto_watch_category: 6,
  auto_mute_category: 7,
  auto_track_category: 8,
  auto_watch_tag: 10,
  auto_mute_tag: 11,
  auto_track_tag: 12,
} as const;
