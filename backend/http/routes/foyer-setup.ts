// First-run setup for the client: is there an owner yet, and create them (logged in at once,
// with the same session cookie as POST /session.json).
import type { FastifyInstance } from 'fastify';
import type { ForumContext } from '../../services/context';
import { createOwner, needsSetup } from '../../services/first-run-setup';
import { startSession } from '../../services/sessions';
import { bodyOf } from '../route-helpers';
import { currentUser } from '../serializers/user-serializer';
import { setSessionCookie } from './session';

export function registerFoyerSetupRoutes(app: FastifyInstance, ctx: ForumContext): void {
  app.get('/foyer/setup.json', async () => ({ needs_setup: await needsSetup(ctx) }));

  app.post('/foyer/setup.json', async (req, reply) => {
    const body = bodyOf(req);
    const user = await createOwner(ctx, {
      name: body.name,
      username: body.username,
      email: body.email,
      password: body.password,
    });
    const userAgent = req.headers['user-agent'];
    const token = await startSession(ctx, user, { ip: req.ip, ...(userAgent ? { userAgent } : {}) });
    setSessionCookie(req, reply, token);
    return { current_user: await currentUser(ctx, user) };
  });
}
