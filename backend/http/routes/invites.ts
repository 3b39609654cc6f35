// Discourse's invite routes: the people someone brought in (GET /u/{username}/invited.json,
// invited_count.json). Stricter than Discourse, these lists are for the inviter and staff
// only: a staged sign-up's credit says who wrote to whom before they joined.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../../../shared/domain/errors';
import type { User } from '../../db/schema';
import type { ForumContext } from '../../services/context';
import { inviteCounts, listInvites, listRedeemed, type InviteFilter } from '../../users/invites-repository';
import { isStaff } from '../../users/users-repository';
import { param, queryOf, requireActor } from '../route-helpers';
import { inviteJson, invitedUserJson } from '../serializers/invite-serializer';
import { loadVisibleUser } from './users';

/** Discourse's invites_per_page. */
const INVITES_PER_PAGE = 40;

async function loadInviter(ctx: ForumContext, req: FastifyRequest): Promise<{ viewer: User; inviter: User }> {
  const viewer = requireActor(req);
  const inviter = await loadVisibleUser(ctx.db, viewer, param(req, 'username'));
  if (viewer.id !== inviter.id && !isStaff(viewer)) throw new DomainError('invalid_access');
  return { viewer, inviter };
}

function listFilter(value: unknown): InviteFilter {
  if (value === undefined || value === '') return 'redeemed';
  if (value === 'pending' || value === 'expired' || value === 'redeemed') return value;
  throw new DomainError('invalid_parameters', { detail: 'filter must be pending, expired or redeemed.' });
}

export function registerInviteRoutes(app: FastifyInstance, ctx: ForumContext): void {
  app.get('/u/:username/invited.json', async (req) => {
    const { viewer, inviter } = await loadInviter(ctx, req);
    const q = queryOf(req);
    const filter = listFilter(q.filter);
    const offsetText = typeof q.offset === 'string' ? q.offset : '0';
    if (!/^\d{1,9}$/.test(offsetText))
      throw new DomainError('invalid_parameters', { detail: 'offset must be a whole number.' });
    const page = {
      offset: Number(offsetText),
      limit: INVITES_PER_PAGE,
      search: typeof q.search === 'string' && q.search.trim() ? q.search.trim() : undefined,
    };
    const invites =
      filter === 'redeemed'
        ? await Promise.all(
            (await listRedeemed(ctx.db, inviter.id, page)).map((r) => invitedUserJson(ctx, r)),
          )
        : await Promise.all(
            (await listInvites(ctx.db, inviter.id, filter, page)).map((i) =>
              inviteJson(ctx, viewer, i, { showEmails: true }),
            ),
          );
    return { invites, can_see_invite_details: true, counts: await inviteCounts(ctx.db, inviter.id) };
  });

  app.get('/u/:username/invited_count.json', async (req) => {
    const { inviter } = await loadInviter(ctx, req);
    return { counts: await inviteCounts(ctx.db, inviter.id) };
  });
}
