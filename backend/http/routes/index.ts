// Every route group of the forum, registered in one place.
import type { FastifyInstance } from 'fastify';
import type { ForumContext } from '../../services/context';
import { registerPostRoutes } from './posts';
import { registerTopicRoutes } from './topics';
import { registerMessageListRoutes } from './message-lists';

export function registerRoutes(app: FastifyInstance, ctx: ForumContext): void {
  registerPostRoutes(app, ctx);
  registerTopicRoutes(app, ctx);
  registerMessageListRoutes(app, ctx);
}
