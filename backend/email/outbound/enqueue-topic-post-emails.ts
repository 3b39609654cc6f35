// Who is emailed about a new post in a topic of a category (Discourse's NotificationEmailer for
// posted / replied / watching-first-post notifications, behaviour.md §1.3, §6 G 79): everyone
// the post notified, by their email_level — staged people always (they are never online and
// email is all they have), others always, only while away, or never. Not the people who were on
// the incoming email the post came from (§3.5). The delay is email_time_window_mins, so a quick
// edit is what gets mailed. Kept apart from the PM rules in enqueue-post-emails.ts.
import type { Db } from '../../db/database';
import type { Post } from '../../db/schema';
import { enqueueJobs, type EnqueueOptions } from '../../jobs/queue';
import { TOPIC_EMAIL_TYPES, type TopicNotice } from '../../notifications/notify-topic-post';
import type { SiteSettings } from '../../settings/site-settings';
import { EMAIL_LEVEL, USER_EMAIL_JOB, type PostEmailPayload } from './enqueue-post-emails';

export async function enqueueTopicPostEmails(
  db: Db,
  settings: SiteSettings,
  input: { post: Post; notices: readonly TopicNotice[]; excludeUserIds: readonly number[] },
): Promise<void> {
  const excluded = new Set(input.excludeUserIds);
  const notices = input.notices.filter((n) => !excluded.has(n.userId) && TOPIC_EMAIL_TYPES[n.type]);
  if (notices.length === 0) return;
  const rows = await db
    .selectFrom('users')
    .leftJoin('user_options', 'user_options.user_id', 'users.id')
    .select(['users.id', 'users.staged', 'users.last_seen_at', 'user_options.email_level'])
    .where(
      'users.id',
      'in',
      notices.map((n) => n.userId),
    )
    .execute();
  const now = Date.now();
  const windowMs = settings.int('email_time_window_mins') * 60_000;
  const runAt = new Date(now + windowMs);
  const jobs: EnqueueOptions[] = [];
  for (const n of notices) {
    const u = rows.find((r) => r.id === n.userId);
    if (!u) continue;
    if (!u.staged) {
      const level = u.email_level ?? EMAIL_LEVEL.only_when_away;
      if (level === EMAIL_LEVEL.never) continue;
      const seen = u.last_seen_at ? now - new Date(u.last_seen_at).getTime() < windowMs : false;
      if (level === EMAIL_LEVEL.only_when_away && seen) continue;
    }
    const payload: PostEmailPayload = {
      kind: 'post',
      emailType: TOPIC_EMAIL_TYPES[n.type] ?? 'user_posted',
      postId: input.post.id,
      userId: u.id,
    };
    jobs.push({
      type: USER_EMAIL_JOB,
      payload: { ...payload },
      runAt,
      uniqueKey: `user_email:${input.post.id}:${u.id}`,
    });
  }
  await enqueueJobs(db, jobs);
}
