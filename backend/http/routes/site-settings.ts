// Discourse's internal admin routes for site settings: list every setting with its
// default and current value, and change one. Admins only.
import type { FastifyInstance } from 'fastify';
import { settingDefinitions, type SettingName } from '../../settings/definitions';
import type { ForumContext } from '../../services/context';
import { bodyOf, param, queryOf, requireAdmin } from '../route-helpers';
import { siteSettingJson } from '../serializers/site-serializer';

export function registerSiteSettingRoutes(app: FastifyInstance, ctx: ForumContext): void {
  app.get('/admin/site_settings.json', async (req) => {
    requireAdmin(req);
    const q = queryOf(req);
    // Discourse's admin page filters by a substring of the name and by category.
    const filter = typeof q.filter === 'string' ? q.filter.trim().toLowerCase() : '';
    const category = typeof q.categories === 'string' ? q.categories : '';
    const names = (Object.keys(settingDefinitions) as SettingName[]).filter(
      (n) => (!filter || n.includes(filter)) && (!category || settingDefinitions[n].category === category),
    );
    return { site_settings: names.map((n) => siteSettingJson(ctx.settings, n)) };
  });

  // Discourse's client calls /admin/site_settings/{name} without a suffix; API users often add .json.
  app.put('/admin/site_settings/:name', async (req, reply) => {
    requireAdmin(req);
    const name = param(req, 'name').replace(/\.json$/, '');
    // The new value travels in a field named like the setting (JSON or form-encoded).
    await ctx.settings.set(name, bodyOf(req)[name]);
    return reply.code(200).send();
  });
}
