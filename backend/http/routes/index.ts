// Every route group of the forum, registered in one place.
import type { FastifyInstance } from 'fastify';
import type { ForumContext } from '../../services/context';
import { registerPostRoutes } from './posts';

export function registerRoutes(app: FastifyInstance, ctx: ForumContext): void {
  registerPostRoutes(app, ctx);
}
