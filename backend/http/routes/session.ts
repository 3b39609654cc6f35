// Discourse's session routes: log in with a username or email and password (a session
// cookie), who am I, and log out. As in Discourse a failed login is HTTP 200 with
// { error, reason? }; a staged user always gets exactly the wrong-password answer (§1.3).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../../shared/domain/errors';
import type { ForumContext } from '../../services/context';
import { logIn, logOut } from '../../services/sessions';
import { SESSION_COOKIE, sessionTokenFrom } from '../request-auth';
import { bodyOf, param } from '../route-helpers';
import { currentUser, userProfile } from '../serializers/user-serializer';
import { sha256 } from '../../auth/secrets';

/** Discourse's default maximum_session_age (1440 hours). */
const SESSION_MAX_AGE_SECONDS = 1440 * 60 * 60;

function cookie(req: FastifyRequest, value: string, maxAge: number): string {
  // Secure only over TLS: the desktop app's backend is plain http on 127.0.0.1.
  const secure = req.protocol === 'https' ? '; Secure' : '';
  return `${SESSION_COOKIE}=${encodeURIComponent(value)}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure}`;
}

/** Logs the person in on this reply (a login, first-run setup, an activation link, a password reset). */
export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.header('set-cookie', cookie(req, token, SESSION_MAX_AGE_SECONDS));
}

/** The request's client details a new session records. */
export function sessionMeta(req: FastifyRequest): { ip: string; userAgent?: string } {
  const userAgent = req.headers['user-agent'];
  return { ip: req.ip, ...(userAgent ? { userAgent } : {}) };
}

function loginFailure(reply: FastifyReply, err: DomainError) {
  const notActivated = err.code === 'login_not_activated';
  // login_staged maps to the same message as login_failed: nothing tells the two apart.
  const code = notActivated ? 'login_not_activated' : 'login_failed';
  return reply.code(200).send({
    error: new DomainError(code).message,
    ...(notActivated ? { reason: 'not_activated' } : {}),
  });
}

export function registerSessionRoutes(app: FastifyInstance, ctx: ForumContext): void {
  app.post('/session.json', async (req, reply) => {
    const body = bodyOf(req);
    try {
      const { user, token } = await logIn(ctx, body.login, body.password, sessionMeta(req));
      setSessionCookie(req, reply, token);
      return { user: await userProfile(ctx, user, user, sha256(token)) };
    } catch (err) {
      if (
        err instanceof DomainError &&
        (err.code === 'login_failed' || err.code === 'login_staged' || err.code === 'login_not_activated')
      )
        return loginFailure(reply, err);
      throw err;
    }
  });

  app.get('/session/current.json', async (req) => {
    // The client asks this to learn whether it is logged in; "no" is a 404, as in Discourse.
    if (!req.actor) throw new DomainError('not_found');
    return { current_user: await currentUser(ctx, req.actor) };
  });

  app.delete('/session/:username.json', async (req, reply) => {
    const token = sessionTokenFrom(req);
    const actor = req.actor;
    if (!actor && !token) throw new DomainError('not_logged_in');
    if (actor && actor.username_lower !== param(req, 'username').trim().toLowerCase())
      throw new DomainError('invalid_access');
    // Revoke the cookie's session even when it no longer authenticates, and clear the cookie.
    if (token) await logOut(ctx, token);
    reply.header('set-cookie', cookie(req, '', 0));
    return { success: 'OK', redirect_url: '/' };
  });
}
