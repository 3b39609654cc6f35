// Discourse's topic lists of categories: /latest.json (every category the viewer may see, with
// each topic's tags) and /c/{slug}/{id}.json (one category and its subcategories). PMs never
// appear here. The lists of a tag are in tags.ts.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  canStartTopicsSomewhere,
  childrenIn,
  loadCategoryListing,
  permissionIn,
  type CategoryListing,
} from '../../categories/category-listing';
import { PERMISSION_TYPES } from '../../categories/categories-repository';
import type { Category, Topic } from '../../db/schema';
import { topicTagNames } from '../../tags/tags-repository';
import { loadMessageListData } from '../../posts/message-lists';
import { listCategoryTopics, topicScopeOf } from '../../posts/topic-lists';
import type { ForumContext } from '../../services/context';
import { idParam } from '../route-helpers';
import { categoryTopicListJson, latestTopicListJson } from '../serializers/category-topic-list-serializer';
import { loadVisibleCategory } from './categories';
import { cursorParam, pageParam } from './message-lists';

/** The tags of a list's topics, while tagging is on (Discourse's TopicListItemSerializer#tags). */
export async function listTags(
  ctx: ForumContext,
  topics: readonly Topic[],
): Promise<{ tags?: Map<number, string[]> }> {
  if (!ctx.settings.bool('tagging_enabled')) return {};
  return {
    tags: await topicTagNames(
      ctx.db,
      topics.map((t) => t.id),
    ),
  };
}

export function registerTopicListRoutes(app: FastifyInstance, ctx: ForumContext): void {
  async function list(req: FastifyRequest, listing: CategoryListing, categories?: readonly Category[]) {
    const page = pageParam(req);
    const result = await listCategoryTopics(
      ctx.db,
      topicScopeOf(listing, categories),
      page,
      cursorParam(req),
    );
    return { page, result, data: await loadMessageListData(ctx.db, req.actor, result.topics) };
  }

  app.get('/latest.json', async (req) => {
    const listing = await loadCategoryListing(ctx.db, req.actor, { counts: false });
    const { page, result, data } = await list(req, listing);
    return latestTopicListJson({
      viewer: req.actor,
      page: result,
      data,
      pageNumber: page,
      path: '/latest',
      canCreateTopic: canStartTopicsSomewhere(listing),
      ...(await listTags(ctx, result.topics)),
    });
  });

  app.get('/c/:slug/:id.json', async (req) => {
    const listing = await loadCategoryListing(ctx.db, req.actor, { counts: false });
    const category = loadVisibleCategory(listing, idParam(req));
    const { page, result, data } = await list(req, listing, [category, ...childrenIn(listing, category)]);
    return categoryTopicListJson({
      viewer: req.actor,
      page: result,
      data,
      pageNumber: page,
      path: `/c/${encodeURIComponent((req.params as { slug: string }).slug)}/${category.id}`,
      canCreateTopic: Boolean(req.actor) && permissionIn(listing, category) === PERMISSION_TYPES.full,
    });
  });
}
