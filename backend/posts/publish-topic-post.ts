// The notifications and emails of a post in a topic of a category (publishPost's non-PM
// branch): notify-topic-post.ts decides who hears of it, enqueue-topic-post-emails.ts who of
// them is emailed. Small actions and moderator notes are not news.
import type { Db } from '../db/database';
import type { Post, Topic, User } from '../db/schema';
import { enqueueTopicPostEmails } from '../email/outbound/enqueue-topic-post-emails';
import { notifyNewTopicPost } from '../notifications/notify-topic-post';
import type { SiteSettings } from '../settings/site-settings';
import { POST_TYPES } from './post-writer';

export async function notifyAndEmailTopicPost(
  db: Db,
  settings: SiteSettings,
  input: {
    topic: Topic;
    post: Post;
    author: User;
    repliedToUserId: number | undefined;
    excludeEmailUserIds: readonly number[];
  },
): Promise<void> {
  if (input.post.post_type !== POST_TYPES.regular) return;
  const notices = await notifyNewTopicPost(db, input.topic, input.post, input.author, input.repliedToUserId);
  await enqueueTopicPostEmails(db, settings, {
    post: input.post,
    notices,
    excludeUserIds: [input.author.id, ...input.excludeEmailUserIds],
  });
}
