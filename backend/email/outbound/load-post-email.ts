// Loads what compose-post-email.ts needs about a post, its thread and its recipient.
import type { Db } from '../../db/database';
import type { Post, Topic, User } from '../../db/schema';
import { POST_TYPES } from '../../posts/post-writer';
import type { ForumContext } from '../../services/context';
import { EMAIL_STATUS } from './email-log';
import type { PostEmailInput } from './compose-post-email';
import type { BodyPost } from './post-email-body';
import { unsubscribeUrl } from './unsubscribe-links';
import { getSiteText } from '../../settings/site-texts';
import { ensureSiteId } from './site-identity';
import { findCategoryById, UNCATEGORIZED_CATEGORY_ID } from '../../categories/categories-repository';
import { stableMessageId } from './message-ids';

/** The stable id is kept on first use (§3.1), so threads survive a change of the forum's URL. */
export async function keepStableMessageId(db: Db, post: Post, host: string): Promise<void> {
  if (post.outbound_message_id) return;
  const bare = stableMessageId(post, host).slice(1, -1);
  await db
    .updateTable('posts')
    .set({ outbound_message_id: bare })
    .where('id', '=', post.id)
    .where('outbound_message_id', 'is', null)
    .execute();
  post.outbound_message_id = bare;
}

/** Deep reply chains are rare; References stays a readable header (RFC 5322 §3.6.4 allows trimming). */
const MAX_ANCESTORS = 20;

export async function postByNumber(db: Db, topicId: number, postNumber: number): Promise<Post | undefined> {
  return db
    .selectFrom('posts')
    .selectAll()
    .where('topic_id', '=', topicId)
    .where('post_number', '=', postNumber)
    .executeTakeFirst();
}

/** The posts a post replies to, oldest first (the first post is not included). */
export async function ancestorsOf(db: Db, post: Post): Promise<Post[]> {
  const chain: Post[] = [];
  let next = post.reply_to_post_number;
  while (next !== null && next > 1 && chain.length < MAX_ANCESTORS) {
    const parent = await postByNumber(db, post.topic_id, next);
    if (!parent || chain.some((p) => p.id === parent.id)) break;
    chain.unshift(parent);
    next = parent.reply_to_post_number;
  }
  return chain;
}

export function participantName(ctx: ForumContext, u: Pick<User, 'name' | 'username' | 'staged'>): string {
  const name = (ctx.settings.bool('enable_names') && u.name?.trim()) || u.username;
  // "differs" 8: staged participants appear by name and "by email", never by address.
  return u.staged ? `${name} (by email)` : name;
}

async function participants(ctx: ForumContext, topicId: number): Promise<string[]> {
  const users = await ctx.db
    .selectFrom('topic_allowed_users')
    .innerJoin('users', 'users.id', 'topic_allowed_users.user_id')
    .select(['users.name', 'users.username', 'users.staged'])
    .where('topic_allowed_users.topic_id', '=', topicId)
    .orderBy('topic_allowed_users.id')
    .execute();
  const groups = await ctx.db
    .selectFrom('topic_allowed_groups')
    .innerJoin('groups', 'groups.id', 'topic_allowed_groups.group_id')
    .select('groups.name')
    .where('topic_allowed_groups.topic_id', '=', topicId)
    .orderBy('topic_allowed_groups.id')
    .execute();
  return [...users.map((u) => participantName(ctx, u)), ...groups.map((g) => `@${g.name}`)];
}

/**
 * Earlier posts for context, newest first, leaving out posts this person was already
 * emailed (Discourse's default email_previous_replies "unless emailed").
 */
export async function previousPosts(
  ctx: ForumContext,
  post: Post,
  recipient: Pick<User, 'id'>,
): Promise<BodyPost[]> {
  const limit = ctx.settings.int('email_posts_context');
  if (limit <= 0 || post.post_number <= 1) return [];
  const rows = await ctx.db
    .selectFrom('posts')
    .innerJoin('users', 'users.id', 'posts.user_id')
    .select(['posts.raw', 'posts.cooked', 'posts.created_at', 'users.name', 'users.username', 'users.staged'])
    .where('posts.topic_id', '=', post.topic_id)
    .where('posts.post_number', '<', post.post_number)
    .where('posts.deleted_at', 'is', null)
    .where('posts.post_type', '=', POST_TYPES.regular)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('email_logs')
            .select('email_logs.id')
            .whereRef('email_logs.post_id', '=', 'posts.id')
            .where('email_logs.user_id', '=', recipient.id)
            .where('email_logs.status', 'in', [EMAIL_STATUS.sent, EMAIL_STATUS.pending]),
        ),
      ),
    )
    .orderBy('posts.post_number', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    authorName: participantName(ctx, r),
    createdAt: r.created_at,
    raw: r.raw,
    cooked: r.cooked,
  }));
}

/** Subject of the email the topic began as (its first post came by email), if it did. */
export async function originalSubject(db: Db, firstPost: Post): Promise<string | null> {
  if (!firstPost.via_email) return null;
  const row = await db
    .selectFrom('incoming_emails')
    .select('subject')
    .where('post_id', '=', firstPost.id)
    .orderBy('id')
    .executeTakeFirst();
  return row?.subject ?? null;
}

/** Whether this staged person has been emailed about this conversation before. */
async function emailedAboutTopicBefore(
  db: Db,
  topicId: number,
  userId: number,
  postId: number,
): Promise<boolean> {
  const row = await db
    .selectFrom('email_logs')
    .select('id')
    .where('topic_id', '=', topicId)
    .where('user_id', '=', userId)
    .where('post_id', '!=', postId)
    .where('status', 'in', [EMAIL_STATUS.sent, EMAIL_STATUS.pending])
    .executeTakeFirst();
  return Boolean(row);
}

/** Discourse's optional_cat: the category of a topic, unless it is Uncategorized. */
async function subjectCategoryName(db: Db, topic: Topic): Promise<string | null> {
  if (topic.category_id === null || topic.category_id === UNCATEGORIZED_CATEGORY_ID) return null;
  return (await findCategoryById(db, topic.category_id))?.name ?? null;
}

export async function loadPostEmail(
  ctx: ForumContext,
  ids: { topic: Topic; post: Post; author: User; recipient: User; toAddress: string },
  keys: { replyKey: string | null; bounceKey: string },
): Promise<PostEmailInput> {
  const { topic, post, recipient } = ids;
  const firstPost = post.post_number === 1 ? post : ((await postByNumber(ctx.db, topic.id, 1)) ?? post);
  const firstContact = recipient.staged
    ? !(await emailedAboutTopicBefore(ctx.db, topic.id, recipient.id, post.id))
    : false;
  return {
    settings: ctx.settings,
    baseUrl: ctx.baseUrl,
    siteId: await ensureSiteId(ctx.settings),
    ...ids,
    ...keys,
    firstPost,
    ancestors: await ancestorsOf(ctx.db, post),
    previous: await previousPosts(ctx, post, recipient),
    participants: await participants(ctx, topic.id),
    originalSubject: recipient.staged ? await originalSubject(ctx.db, firstPost) : null,
    firstContact,
    firstContactText: firstContact
      ? (await getSiteText(ctx.db, 'system_messages.foyer_first_contact')).value
      : null,
    unsubscribeUrl: await unsubscribeUrl(ctx.settings, ctx.baseUrl, recipient.id, topic.id),
    categoryName: await subjectCategoryName(ctx.db, topic),
  };
}
