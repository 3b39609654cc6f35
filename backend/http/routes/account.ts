// Discourse's account routes around sign-up: username availability, the activation link,
// and the forgotten-password flow. Discourse serves them under both /u/ and /users/.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../../shared/domain/errors';
import {
  activateAccount,
  checkPasswordResetToken,
  requestPasswordReset,
  resetPassword,
} from '../../services/account-recovery';
import type { ForumContext } from '../../services/context';
import { startSession } from '../../services/sessions';
import { checkUsername } from '../../users/username-availability';
import { isSuspended } from '../../users/users-repository';
import { bodyOf, param, queryOf } from '../route-helpers';
import { sessionMeta, setSessionCookie } from './session';

/** A token from the path, with or without Discourse's ".json" suffix. */
function tokenParam(req: FastifyRequest): string {
  return param(req, 'token').replace(/\.json$/, '');
}

/** What forgot_password answers for every login: whether an email went out is never said. */
const RESET_ANSWER = { success: 'OK' } as const;

export function registerAccountRoutes(app: FastifyInstance, ctx: ForumContext): void {
  app.get('/u/check_username.json', async (req) => {
    const q = queryOf(req);
    const username = typeof q.username === 'string' ? q.username.trim() : '';
    const email = typeof q.email === 'string' && q.email.trim() ? q.email : undefined;
    if (!username) {
      if (!email) throw new DomainError('invalid_parameters', { detail: 'username is required.' });
      return { success: 'OK' };
    }
    return checkUsername(ctx.db, ctx.settings, username, email);
  });

  const activate = async (req: FastifyRequest, reply: FastifyReply) => {
    const user = await activateAccount(ctx, tokenParam(req));
    // Discourse logs the person in once their address is confirmed.
    if (!isSuspended(user)) setSessionCookie(req, reply, await startSession(ctx, user, sessionMeta(req)));
    return {
      success: true,
      message: 'Your account is activated and ready to use.',
      needs_approval: false,
      redirect_to: '/',
    };
  };
  for (const root of ['/u', '/users']) app.put(`${root}/activate-account/:token`, activate);

  app.post('/session/forgot_password.json', async (req) => {
    await requestPasswordReset(ctx, bodyOf(req).login);
    return RESET_ANSWER;
  });
  app.post('/session/forgot_password', async (req) => {
    await requestPasswordReset(ctx, bodyOf(req).login);
    return RESET_ANSWER;
  });

  // Discourse's password_reset_show as JSON: what the reset page needs before the person
  // types, without using the link. An unusable link is answered 200 with { message }, as
  // Discourse does, in one wording for every reason. The page itself (GET without .json) is
  // the client's: static-files.ts serves index.html for it.
  const resetShow = async (req: FastifyRequest) => {
    try {
      const user = await checkPasswordResetToken(ctx, tokenParam(req));
      return {
        is_developer: false,
        admin: user.admin === 1,
        second_factor_required: false,
        security_key_required: false,
        backup_enabled: false,
        multiple_second_factor_methods: false,
      };
    } catch (error) {
      if (error instanceof DomainError && error.code === 'email_token_invalid')
        return { message: error.message };
      throw error;
    }
  };
  for (const root of ['/u', '/users']) app.get(`${root}/password-reset/:token.json`, resetShow);

  const reset = async (req: FastifyRequest, reply: FastifyReply) => {
    const user = await resetPassword(ctx, tokenParam(req), bodyOf(req).password);
    if (!isSuspended(user)) setSessionCookie(req, reply, await startSession(ctx, user, sessionMeta(req)));
    return {
      success: true,
      message: 'Your password was changed, and you are logged in.',
      requires_approval: false,
      redirect_to: null,
    };
  };
  for (const root of ['/u', '/users']) app.put(`${root}/password-reset/:token`, reset);
}
