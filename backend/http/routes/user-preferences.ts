// Discourse's updateUser (PUT /u/{username}.json) for what Foyer keeps about a person that the
// person (or staff) may change: the name, the category levels (watched_category_ids and the
// other *_category_ids) and the tag levels (watched_tags, tracked_tags,
// watching_first_post_tags, muted_tags). Everything is checked before anything is written, and
// written in one transaction. A staged person's levels change only while
// allow_changing_staged_user_tracking is on (§6 G 78); Discourse then skips them silently,
// Foyer refuses the request (403) so staff are not led to believe the change was made.
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../../shared/domain/errors';
import type { ForumContext } from '../../services/context';
import {
  CATEGORY_LEVEL_FIELDS,
  categoryIdList,
  resolveCategoryLevels,
  setCategoryLevels,
  type CategoryLevelField,
} from '../../services/category-tracking';
import {
  resolveTagLevels,
  setTagLevels,
  TAG_LEVEL_FIELDS,
  tagLevelNames,
  type TagLevelField,
} from '../../services/tag-tracking';
import { assertCanChangeTracking, canEditUser } from '../../services/tracking-levels';
import { nowIso } from '../../util/clock';
import { bodyOf, param, requireActor } from '../route-helpers';
import { userProfile } from '../serializers/user-serializer';
import { loadVisibleUser } from './users';

/** Form clients send watched_category_ids[]=1; JSON clients an array. */
function field(body: Record<string, unknown>, name: string): unknown {
  return body[name] ?? body[`${name}[]`];
}

function nameField(value: unknown): string | null | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length > 255)
    throw new DomainError('invalid_parameters', { detail: 'name must be text of at most 255 characters.' });
  return value.trim() || null;
}

export function registerUserPreferenceRoutes(app: FastifyInstance, ctx: ForumContext): void {
  app.put('/u/:username.json', async (req) => {
    const actor = requireActor(req);
    const user = await loadVisibleUser(ctx.db, actor, param(req, 'username'));
    if (!canEditUser(actor, user)) throw new DomainError('invalid_access');
    const body = bodyOf(req);
    const name = nameField(body.name);

    const categoryFields: Partial<Record<CategoryLevelField, number[]>> = {};
    for (const f of Object.keys(CATEGORY_LEVEL_FIELDS) as CategoryLevelField[]) {
      const value = field(body, f);
      if (value !== undefined) categoryFields[f] = categoryIdList(value, f);
    }
    const tagFields: Partial<Record<TagLevelField, string[]>> = {};
    for (const f of Object.keys(TAG_LEVEL_FIELDS) as TagLevelField[]) {
      const value = field(body, f);
      if (value !== undefined) tagFields[f] = tagLevelNames(ctx, value, f);
    }
    const tracking = Object.keys(categoryFields).length + Object.keys(tagFields).length > 0;
    if (tracking) assertCanChangeTracking(ctx.settings, actor, user);
    const categorySets = await resolveCategoryLevels(ctx, actor, categoryFields);
    const tagSets = await resolveTagLevels(ctx, actor, tagFields);

    await ctx.db.transaction().execute(async (db) => {
      if (name !== undefined)
        await db.updateTable('users').set({ name, updated_at: nowIso() }).where('id', '=', user.id).execute();
      await setCategoryLevels(db, user, categorySets);
      await setTagLevels(db, user, tagSets);
    });

    const updated = await loadVisibleUser(ctx.db, actor, user.username);
    return { success: 'OK', user: await userProfile(ctx, actor, updated) };
  });
}
