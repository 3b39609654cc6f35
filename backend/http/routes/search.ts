// Discourse's GET /search.json over the PMs the searcher may see: posts with a blurb around
// the match, their topics with the searcher's read state, and Discourse's grouped_search_result.
// Users, categories, tags and groups are not searched (Foyer has PMs only): they come back empty.
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../../shared/domain/errors';
import type { Post, Topic, User } from '../../db/schema';
import { canSendPrivateMessages } from '../../policy/guardian';
import { usersByIds } from '../../posts/topic-queries';
import { searchPosts } from '../../search/search-posts';
import { parseSearchQuery, type SearchQuery } from '../../search/search-query';
import type { ForumContext } from '../../services/context';
import { queryOf, requireActor } from '../route-helpers';
import { avatarTemplate } from '../serializers/user-summary';
import { readPosition, topicBasics } from '../serializers/topic-list-serializer';

const MAX_QUERY_LENGTH = 500;
const BLURB_LENGTH = 200;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };

function plainText(cooked: string): string {
  return cooked
    .replace(/<aside class="quote"[\s\S]*?<\/aside>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, e: string) => ENTITIES[e] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Discourse's blurb: about 200 characters of the post around the first searched word. */
export function blurb(cooked: string, q: SearchQuery): string {
  const text = plainText(cooked);
  const lower = text.toLowerCase();
  let at = -1;
  for (const phrase of q.phrases) {
    // The index stems words ("sending" finds "send"), so look for the word's first letters.
    const probe = phrase.toLowerCase().split(/\s+/)[0]?.slice(0, 5) ?? '';
    const i = probe ? lower.indexOf(probe) : -1;
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  const start = at < BLURB_LENGTH / 2 ? 0 : text.lastIndexOf(' ', at - BLURB_LENGTH / 4) + 1;
  const end = Math.min(text.length, start + BLURB_LENGTH);
  return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
}

function postJson(post: Post, topic: Topic, author: User | undefined, q: SearchQuery) {
  return {
    id: post.id,
    name: author?.name ?? '',
    username: author?.username ?? '',
    avatar_template: author ? avatarTemplate(author) : '',
    // Foyer: a staged author took part by email (shown by name only, never by address).
    ...(author?.staged ? { staged: true } : {}),
    created_at: post.created_at,
    like_count: 0,
    blurb: blurb(post.cooked, q),
    post_number: post.post_number,
    topic_title_headline: topic.fancy_title,
    topic_id: post.topic_id,
  };
}

function topicJson(topic: Topic, lastRead: number | null | undefined) {
  const read = lastRead ?? null;
  return {
    ...topicBasics(topic),
    unseen: read === null,
    ...readPosition(topic, read),
    category_id: null,
    tags: [] as string[],
    ...(topic.excerpt === null ? {} : { excerpt: topic.excerpt }),
  };
}

export function registerSearchRoutes(app: FastifyInstance, ctx: ForumContext): void {
  app.get('/search.json', async (req) => {
    const actor = requireActor(req);
    const query = queryOf(req);
    const term = typeof query.q === 'string' ? query.q : typeof query.term === 'string' ? query.term : '';
    if (term.length > MAX_QUERY_LENGTH)
      throw new DomainError('invalid_parameters', {
        detail: `q must be at most ${MAX_QUERY_LENGTH} characters.`,
      });
    const pageRaw = query.page;
    const page = typeof pageRaw === 'string' && /^\d{1,4}$/.test(pageRaw) ? Math.max(1, Number(pageRaw)) : 1;
    const parsed = parseSearchQuery(term);
    const empty =
      parsed.phrases.length === 0 &&
      parsed.from.length + parsed.to.length + parsed.groups.length === 0 &&
      !parsed.folder &&
      !parsed.before &&
      !parsed.after &&
      !parsed.unread &&
      !parsed.withEmail;
    const result = empty ? { posts: [], more: false } : await searchPosts(ctx.db, actor, parsed, page);
    const topicIds = [...new Set(result.posts.map((p) => p.topic_id))];
    const topics = topicIds.length
      ? await ctx.db.selectFrom('topics').selectAll().where('id', 'in', topicIds).execute()
      : [];
    const reads = topicIds.length
      ? await ctx.db
          .selectFrom('topic_users')
          .select(['topic_id', 'last_read_post_number'])
          .where('user_id', '=', actor.id)
          .where('topic_id', 'in', topicIds)
          .execute()
      : [];
    const topicById = new Map(topics.map((t) => [t.id, t]));
    const readById = new Map(reads.map((r) => [r.topic_id, r.last_read_post_number]));
    const authors = await usersByIds(
      ctx.db,
      result.posts.map((p) => p.user_id),
    );
    const posts = result.posts.flatMap((p) => {
      const topic = topicById.get(p.topic_id);
      return topic ? [postJson(p, topic, authors.get(p.user_id), parsed)] : [];
    });
    return {
      posts,
      topics: topicIds.flatMap((id) => {
        const t = topicById.get(id);
        return t ? [topicJson(t, readById.get(id))] : [];
      }),
      users: [] as never[],
      categories: [] as never[],
      tags: [] as never[],
      groups: [] as never[],
      grouped_search_result: {
        more_posts: null,
        more_users: null,
        more_categories: null,
        term,
        search_log_id: 0,
        // Discourse sends true when another page exists.
        more_full_page_results: result.more ? true : null,
        can_create_topic: await canSendPrivateMessages(ctx.db, ctx.settings, actor),
        error: null,
        post_ids: posts.map((p) => p.id),
        user_ids: [] as number[],
        category_ids: [] as number[],
        tag_ids: [] as number[],
        group_ids: [] as number[],
      },
    };
  });
}
