// Discourse's Admin::SiteTextsController (not in its published API spec, so its internal
// routes and shapes): admins read, rewrite and revert the texts of settings/site-texts.ts,
// such as the first-contact letter. Each change is in the staff log, as Discourse logs it.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../../../shared/domain/errors';
import type { ForumContext } from '../../services/context';
import {
  getSiteText,
  isSiteTextId,
  overrideSiteText,
  revertSiteText,
  siteTextDefinitions,
  unknownInterpolationKeys,
  type SiteText,
  type SiteTextId,
} from '../../settings/site-texts';
import { nowIso } from '../../util/clock';
import { bodyOf, param, queryOf, requireAdmin } from '../route-helpers';

const MAX_LENGTH = 10_000;

function siteTextJson(t: SiteText) {
  const keys = siteTextDefinitions[t.id].interpolationKeys;
  return {
    id: t.id,
    value: t.value,
    status: 'up_to_date',
    old_default: null,
    new_default: null,
    interpolation_keys: [...keys],
    has_interpolation_keys: keys.length > 0,
    overridden: t.overridden,
    can_revert: t.overridden,
  };
}

/** The id from the path, with or without ".json" (ids contain dots themselves). */
function siteTextId(req: FastifyRequest): SiteTextId {
  const id = param(req, 'id').replace(/\.json$/, '');
  if (!isSiteTextId(id)) throw new DomainError('not_found');
  return id;
}

/** site_text[value] from JSON ({ site_text: { value } }) or a form. */
function valueOf(body: Record<string, unknown>): unknown {
  const nested = body.site_text;
  if (nested && typeof nested === 'object' && !Array.isArray(nested))
    return (nested as Record<string, unknown>).value;
  return body['site_text[value]'] ?? body.value;
}

async function logChange(ctx: ForumContext, actorId: number, id: string, before: string, after: string) {
  await ctx.db
    .insertInto('user_histories')
    .values({
      action: 'change_site_text',
      acting_user_id: actorId,
      target_user_id: null,
      details: JSON.stringify({ previous_value: before, new_value: after }),
      context: id,
      created_at: nowIso(),
    })
    .execute();
}

export function registerAdminSiteTextRoutes(app: FastifyInstance, ctx: ForumContext): void {
  app.get('/admin/customize/site_texts.json', async (req) => {
    requireAdmin(req);
    const q = queryOf(req);
    const term = typeof q.q === 'string' ? q.q.trim().toLowerCase() : '';
    const onlyOverridden = q.overridden === 'true';
    const texts = await Promise.all(
      (Object.keys(siteTextDefinitions) as SiteTextId[]).map((id) => getSiteText(ctx.db, id)),
    );
    const shown = texts.filter(
      (t) =>
        (!onlyOverridden || t.overridden) &&
        (!term || t.id.toLowerCase().includes(term) || t.value.toLowerCase().includes(term)),
    );
    return { site_texts: shown.map(siteTextJson), extras: {} };
  });

  app.get('/admin/customize/site_texts/:id', async (req) => {
    requireAdmin(req);
    return { site_text: siteTextJson(await getSiteText(ctx.db, siteTextId(req))) };
  });

  app.put('/admin/customize/site_texts/:id', async (req) => {
    const actor = requireAdmin(req);
    const id = siteTextId(req);
    const value = valueOf(bodyOf(req));
    if (typeof value !== 'string' || value.trim() === '')
      throw new DomainError('invalid_parameters', {
        detail:
          'send the new text as site_text[value]; to go back to the default text, DELETE this site text.',
      });
    if (value.length > MAX_LENGTH)
      throw new DomainError('invalid_parameters', {
        detail: `the text must be at most ${MAX_LENGTH} characters.`,
      });
    const unknown = unknownInterpolationKeys(id, value);
    if (unknown.length > 0)
      throw new DomainError('invalid_parameters', {
        detail: `the following interpolation key(s) are invalid: ${unknown.map((k) => `%{${k}}`).join(', ')}. This text can use ${siteTextDefinitions[id].interpolationKeys.map((k) => `%{${k}}`).join(', ')}.`,
      });
    const before = await getSiteText(ctx.db, id);
    await overrideSiteText(ctx.db, id, value);
    await logChange(ctx, actor.id, id, before.value, value);
    return { site_text: siteTextJson(await getSiteText(ctx.db, id)) };
  });

  // Discourse's "revert": back to the default text.
  app.delete('/admin/customize/site_texts/:id', async (req) => {
    const actor = requireAdmin(req);
    const id = siteTextId(req);
    const before = await getSiteText(ctx.db, id);
    await revertSiteText(ctx.db, id);
    const after = await getSiteText(ctx.db, id);
    if (before.overridden) await logChange(ctx, actor.id, id, before.value, after.value);
    return { site_text: siteTextJson(after) };
  });
}
