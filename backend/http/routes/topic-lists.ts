// Discourse's topic lists of categories: /latest.json (every category the viewer may see) and
// /c/{slug}/{id}.json (one category and its subcategories). PMs never appear here.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  canStartTopicsSomewhere,
  childrenIn,
  loadCategoryListing,
  permissionIn,
} from '../../categories/category-listing';
import { PERMISSION_TYPES } from '../../categories/categories-repository';
import type { Category } from '../../db/schema';
import { loadMessageListData } from '../../posts/message-lists';
import { listCategoryTopics } from '../../posts/topic-lists';
import type { ForumContext } from '../../services/context';
import { idParam } from '../route-helpers';
import { categoryTopicListJson, latestTopicListJson } from '../serializers/category-topic-list-serializer';
import { loadVisibleCategory } from './categories';
import { cursorParam, pageParam } from './message-lists';

export function registerTopicListRoutes(app: FastifyInstance, ctx: ForumContext): void {
  async function list(req: FastifyRequest, categories: readonly Category[]) {
    const page = pageParam(req);
    const result = await listCategoryTopics(
      ctx.db,
      categories.map((c) => c.id),
      page,
      cursorParam(req),
    );
    return { page, result, data: await loadMessageListData(ctx.db, req.actor, result.topics) };
  }

  app.get('/latest.json', async (req) => {
    const listing = await loadCategoryListing(ctx.db, req.actor, { counts: false });
    const { page, result, data } = await list(req, listing.categories);
    return latestTopicListJson({
      viewer: req.actor,
      page: result,
      data,
      pageNumber: page,
      path: '/latest',
      canCreateTopic: canStartTopicsSomewhere(listing),
    });
  });

  app.get('/c/:slug/:id.json', async (req) => {
    const listing = await loadCategoryListing(ctx.db, req.actor, { counts: false });
    const category = loadVisibleCategory(listing, idParam(req));
    const { page, result, data } = await list(req, [category, ...childrenIn(listing, category)]);
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
