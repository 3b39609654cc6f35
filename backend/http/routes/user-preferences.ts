// Discourse's updateUser (PUT /u/{username}.json) for what Foyer keeps about a person that the
// person (or staff) may change: the name and the category levels (watched_category_ids and the
// other *_category_ids). Levels of a staged person are silently left alone unless
// allow_changing_staged_user_tracking is on, as Discourse's UserUpdater does (§6 G 78).
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../../shared/domain/errors';
import type { ForumContext } from '../../services/context';
import {
  CATEGORY_LEVEL_FIELDS,
  canChangeTracking,
  canEditUser,
  categoryIdList,
  setCategoryLevels,
  type CategoryLevelField,
} from '../../services/category-tracking';
import { nowIso } from '../../util/clock';
import { bodyOf, param, requireActor } from '../route-helpers';
import { userProfile } from '../serializers/user-serializer';
import { loadVisibleUser } from './users';

/** Form clients send watched_category_ids[]=1; JSON clients an array. */
function field(body: Record<string, unknown>, name: string): unknown {
  return body[name] ?? body[`${name}[]`];
}

export function registerUserPreferenceRoutes(app: FastifyInstance, ctx: ForumContext): void {
  app.put('/u/:username.json', async (req) => {
    const actor = requireActor(req);
    const user = await loadVisibleUser(ctx.db, actor, param(req, 'username'));
    if (!canEditUser(actor, user)) throw new DomainError('invalid_access');
    const body = bodyOf(req);

    const name = body.name;
    if (name !== undefined) {
      if (typeof name !== 'string' || name.length > 255)
        throw new DomainError('invalid_parameters', {
          detail: 'name must be text of at most 255 characters.',
        });
      await ctx.db
        .updateTable('users')
        .set({ name: name.trim() || null, updated_at: nowIso() })
        .where('id', '=', user.id)
        .execute();
    }

    const levels: Partial<Record<CategoryLevelField, number[]>> = {};
    for (const f of Object.keys(CATEGORY_LEVEL_FIELDS) as CategoryLevelField[]) {
      const value = field(body, f);
      if (value !== undefined) levels[f] = categoryIdList(value, f);
    }
    if (Object.keys(levels).length > 0 && canChangeTracking(ctx.settings, actor, user))
      await setCategoryLevels(ctx, actor, user, levels);

    const updated = await loadVisibleUser(ctx.db, actor, user.username);
    return { success: 'OK', user: await userProfile(ctx, actor, updated) };
  });
}
