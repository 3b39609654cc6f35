// The forum's HTTP app: Discourse's API routes, the launch-token and Host/Origin guard, and
// the renderer's static files. Routes are thin: parse → service → serializer.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import { DomainError, errorBody } from '../../shared/domain/errors';
import { errorCatalog } from '../../shared/domain/errors';
import type { User } from '../db/schema';
import type { ForumContext } from '../services/context';
import { authenticate } from './request-auth';
import { registerRoutes } from './routes/index';
import { registerStatic } from './static-files';
import { hostGuard } from './host-guard';

declare module 'fastify' {
  interface FastifyRequest {
    actor: User | undefined;
  }
}

export interface AppOptions {
  ctx: ForumContext;
  /** When set, every request must carry it in X-Foyer-Launch-Token (the desktop app's backend). */
  launchToken?: string;
  /** Built renderer to serve at /. */
  rendererDir?: string;
  logger?: boolean;
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: 10 * 1024 * 1024, trustProxy: false });
  app.decorateRequest('actor', undefined);
  await app.register(formbody);
  app.addHook('onRequest', hostGuard(opts.launchToken));
  app.addHook('preHandler', async (req) => {
    req.actor = await authenticate(opts.ctx, req);
  });
  app.setErrorHandler((err, req, reply) => sendError(err, req, reply));
  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send(errorBody(new DomainError('not_found')));
  });
  registerRoutes(app, opts.ctx);
  if (opts.rendererDir) await registerStatic(app, opts.rendererDir);
  return app;
}

function sendError(err: unknown, req: FastifyRequest, reply: FastifyReply): void {
  if (err instanceof DomainError) {
    reply.code(errorCatalog[err.code].status).send(errorBody(err));
    return;
  }
  const e = err as { statusCode?: number; message?: string; validation?: unknown };
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    reply.code(e.statusCode).send({ errors: [e.message ?? 'Bad request'], error_type: 'invalid_parameters' });
    return;
  }
  req.log.error(err);
  reply.code(500).send({
    errors: ['Something went wrong on the server; the error was logged.'],
    error_type: 'server_error',
  });
}
