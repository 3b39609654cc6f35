// Discourse's category routes: list categories, show one, create or update one (staff), and
// set one's own notification level in a category. A category the viewer may not see answers
// exactly like one that does not exist.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../../../shared/domain/errors';
import {
  canStartTopicsSomewhere,
  findIn,
  loadCategoryListing,
  type CategoryListing,
} from '../../categories/category-listing';
import type { Category } from '../../db/schema';
import type { ForumContext } from '../../services/context';
import { visibleGroups } from '../../services/group-membership';
import { setCategoryLevel } from '../../services/category-tracking';
import { createCategory, updateCategory } from '../../services/save-category';
import { canEditCategories } from '../../policy/category-guardian';
import { bodyOf, boolField, idParam, queryOf, requireActor } from '../route-helpers';
import { detailedCategory, listedCategory } from '../serializers/category-serializer';

/** Form clients send permissions[staff]=1; JSON clients send { permissions: { staff: 1 } }. */
export function categoryFields(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const permissions: Record<string, unknown> = {};
  let formPermissions = false;
  for (const [k, v] of Object.entries(body)) {
    const m = /^permissions\[(.+)\]$/.exec(k);
    if (m?.[1]) {
      permissions[m[1]] = v;
      formPermissions = true;
    } else out[k] = v;
  }
  if (formPermissions) out.permissions = permissions;
  return out;
}

export function loadVisibleCategory(l: CategoryListing, id: number): Category {
  const category = findIn(l, id);
  if (!category) throw new DomainError('category_not_found');
  return category;
}

export function registerCategoryRoutes(app: FastifyInstance, ctx: ForumContext): void {
  async function detailed(req: FastifyRequest, id: number) {
    const listing = await loadCategoryListing(ctx.db, req.actor);
    const category = loadVisibleCategory(listing, id);
    const groups = await visibleGroups(ctx.db, req.actor, { includeAutomatic: true });
    return detailedCategory(listing, category, {
      names: new Map(groups.map((g) => [g.id, g.name])),
      all: groups.map((g) => g.name),
    });
  }

  app.get('/categories.json', async (req) => {
    const listing = await loadCategoryListing(ctx.db, req.actor);
    const withChildren = boolField(queryOf(req).include_subcategories) === true;
    return {
      category_list: {
        can_create_category: canEditCategories(req.actor),
        can_create_topic: canStartTopicsSomewhere(listing),
        // Discourse lists top-level categories here; subcategories hang off their parent.
        categories: listing.categories
          .filter((c) => c.parent_category_id === null)
          .map((c) => listedCategory(listing, c, withChildren)),
      },
    };
  });

  app.post('/categories.json', async (req) => {
    const actor = requireActor(req);
    const category = await createCategory(ctx, actor, categoryFields(bodyOf(req)));
    return { category: await detailed(req, category.id) };
  });

  app.put('/categories/:id.json', async (req) => {
    const actor = requireActor(req);
    const category = await updateCategory(ctx, actor, idParam(req), categoryFields(bodyOf(req)));
    return { success: 'OK', category: await detailed(req, category.id) };
  });

  // Discourse's set_notifications: the caller's own level in the category.
  app.post('/category/:id/notifications', async (req) => {
    const actor = requireActor(req);
    await setCategoryLevel(ctx, actor, idParam(req), bodyOf(req).notification_level);
    return { success: 'OK', indirectly_muted_category_ids: [] as number[] };
  });

  const show = async (req: FastifyRequest) => ({ category: await detailed(req, idParam(req)) });
  app.get('/c/:id/show.json', show);
  // The slug is decoration, as for topics: the id decides.
  app.get('/c/:slug/:id/show.json', show);
}
