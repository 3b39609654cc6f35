// Discourse's user routes: sign up (createUser), a profile (getUser) and a user's
// addresses (getUserEmails). Staged and inactive accounts are invisible to everyone but
// staff (and, for inactive ones, the person themself), so profiles cannot probe addresses.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../../../shared/domain/errors';
import { sha256 } from '../../auth/secrets';
import type { Db } from '../../db/database';
import type { User } from '../../db/schema';
import type { ForumContext } from '../../services/context';
import { createAccount } from '../../services/create-account';
import { findUserByUsername, isStaff } from '../../users/users-repository';
import { sessionTokenFrom } from '../request-auth';
import { bodyOf, boolField, param, requireActor } from '../route-helpers';
import { userEmails, userProfile } from '../serializers/user-serializer';
import { registerAdminUserRoutes } from './admin-users';

/** Discourse's fetch_user_from_params: inactive (and so staged) users only for staff and themselves. */
export async function loadVisibleUser(db: Db, viewer: User | undefined, username: string): Promise<User> {
  const user = await findUserByUsername(db, username);
  if (!user) throw new DomainError('user_not_found');
  const privileged = Boolean(viewer && (isStaff(viewer) || viewer.id === user.id));
  if ((user.staged || !user.active) && !privileged) throw new DomainError('user_not_found');
  return user;
}

/** authenticate() has already verified the key when the header is present. */
function viaApiKey(req: FastifyRequest): boolean {
  return typeof req.headers['api-key'] === 'string';
}

const ACTIVE_MESSAGE = 'Your account is activated and ready to use.';
const INACTIVE_MESSAGE =
  'Your account was created but is not active yet: follow the activation link sent to your email address, or ask a staff member to activate it, then log in.';

export function registerUserRoutes(app: FastifyInstance, ctx: ForumContext): void {
  app.post('/users.json', async (req) => {
    const body = bodyOf(req);
    const staff = Boolean(req.actor && isStaff(req.actor));
    // The spec: `active` "requires an api key in the request header or it will be ignored" — and staff.
    const active = staff && viaApiKey(req) && boolField(body.active) === true;
    const { user } = await createAccount(ctx, {
      username: body.username,
      email: body.email,
      password: body.password,
      name: body.name,
      active,
    });
    return {
      success: true,
      active: user.active === 1,
      message: user.active ? ACTIVE_MESSAGE : INACTIVE_MESSAGE,
      // Only staff learn the id: for a sign-up that reclaims a staged address it would reveal
      // that the address had been written to before.
      ...(staff ? { user_id: user.id } : {}),
    };
  });

  app.get('/u/:username.json', async (req) => {
    const user = await loadVisibleUser(ctx.db, req.actor, param(req, 'username'));
    const token = sessionTokenFrom(req);
    return {
      user_badges: [] as never[],
      user: await userProfile(ctx, req.actor, user, token ? sha256(token) : undefined),
    };
  });

  app.get('/u/:username/emails.json', async (req) => {
    const viewer = requireActor(req);
    const user = await loadVisibleUser(ctx.db, viewer, param(req, 'username'));
    if (viewer.id !== user.id && !isStaff(viewer)) throw new DomainError('invalid_access');
    return userEmails(ctx.db, user);
  });

  registerAdminUserRoutes(app, ctx);
}
