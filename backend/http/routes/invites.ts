// Discourse's invite routes: creating invites (one, or many for admins), the invite page's
// information and accepting it, and the people someone brought in (GET /u/{username}/
// invited.json, invited_count.json). Stricter than Discourse, those lists are for the inviter
// and staff only: a staged sign-up's credit says who wrote to whom before they joined.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../../shared/domain/errors';
import type { User } from '../../db/schema';
import type { ForumContext } from '../../services/context';
import { createInvite, createMultipleInvites } from '../../services/create-invite';
import { inviteInfo, redeemInvite } from '../../services/redeem-invite';
import { startSession } from '../../services/sessions';
import { inviteCounts, listInvites, listRedeemed, type InviteFilter } from '../../users/invites-repository';
import { isStaff, isSuspended } from '../../users/users-repository';
import { bodyOf, param, queryOf, requireActor } from '../route-helpers';
import { inviteJson, invitedUserJson } from '../serializers/invite-serializer';
import { basicUser } from '../serializers/user-summary';
import { sessionMeta, setSessionCookie } from './session';
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

/** The invite key from the path, with or without ".json". */
function keyParam(req: FastifyRequest): string {
  return param(req, 'key').replace(/\.json$/, '');
}

export function registerInviteRoutes(app: FastifyInstance, ctx: ForumContext): void {
  app.post('/invites.json', async (req) => {
    const actor = requireActor(req);
    const body = bodyOf(req);
    const invite = await createInvite(ctx, actor, body);
    return inviteJson(ctx, actor, invite, { showEmails: invite.email !== null });
  });

  app.post('/invites/create-multiple.json', async (req) => {
    const actor = requireActor(req);
    const { created, failed } = await createMultipleInvites(ctx, actor, bodyOf(req));
    return {
      num_successfully_created_invitations: created.length,
      num_failed_invitations: failed.length,
      failed_invitations: failed,
      successful_invitations: await Promise.all(
        created.map((i) => inviteJson(ctx, actor, i, { showEmails: true })),
      ),
    };
  });

  // JSON only: GET /invites/{key} without .json is the invite page the client serves.
  app.get('/invites/:key.json', async (req) => {
    const token = queryOf(req).t;
    return inviteInfo(ctx, keyParam(req), token, basicUser);
  });

  app.put('/invites/show/:key', async (req: FastifyRequest, reply: FastifyReply) => {
    const body = bodyOf(req);
    const { user, topic } = await redeemInvite(ctx, keyParam(req), {
      email: body.email,
      username: body.username,
      password: body.password,
      name: body.name,
      // Discourse's invite page sends the emailed link's token back as email_token.
      email_token: body.email_token ?? queryOf(req).t,
    });
    if (!user.active)
      return {
        success: true,
        message:
          'You are almost done: we sent an activation email to your address. Follow its link to activate your account.',
      };
    if (!isSuspended(user)) setSessionCookie(req, reply, await startSession(ctx, user, sessionMeta(req)));
    return { success: true, redirect_to: topic ? `/t/${topic.slug}/${topic.id}` : '/' };
  });

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
