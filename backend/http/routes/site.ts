// Discourse's site routes: /site.json (the constants, groups and categories a client needs) and
// /site/basic-info.json (title and description), plus the admin site-settings routes.
import type { FastifyInstance } from 'fastify';
import { loadCategoryListing } from '../../categories/category-listing';
import { canCreateTag } from '../../policy/tag-guardian';
import type { ForumContext } from '../../services/context';
import { visibleGroups } from '../../services/group-membership';
import { siteBasicInfoJson, siteJson } from '../serializers/site-serializer';
import { registerSiteSettingRoutes } from './site-settings';

export function registerSiteRoutes(app: FastifyInstance, ctx: ForumContext): void {
  app.get('/site.json', async (req) => {
    // Like Discourse's Site#groups: every group the viewer can see, automatic ones included.
    const groups = await visibleGroups(ctx.db, req.actor, { includeAutomatic: true });
    const tagging = ctx.settings.bool('tagging_enabled') && req.actor !== undefined && !req.actor.staged;
    return siteJson(ctx.settings, groups, await loadCategoryListing(ctx.db, req.actor), {
      canCreateTag:
        tagging && req.actor !== undefined && (await canCreateTag(ctx.db, ctx.settings, req.actor)),
      canTagTopics: tagging,
    });
  });

  app.get('/site/basic-info.json', async () => siteBasicInfoJson(ctx.settings));

  registerSiteSettingRoutes(app, ctx);
}
