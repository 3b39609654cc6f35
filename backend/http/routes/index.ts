// Every route group of the forum, registered in one place.
import type { FastifyInstance } from 'fastify';
import type { ForumContext } from '../../services/context';
import { registerPostRoutes } from './posts';
import { registerTopicRoutes } from './topics';
import { registerMessageListRoutes } from './message-lists';
import { registerUserRoutes } from './users';
import { registerGroupRoutes } from './groups';
import { registerNotificationRoutes } from './notifications';
import { registerSiteRoutes } from './site';
import { registerSessionRoutes } from './session';
import { registerAdminEmailLogRoutes } from './admin-email-logs';
import { registerAdminIncomingEmailRoutes } from './admin-incoming-email';
import { registerEmailUnsubscribeRoutes } from './email-unsubscribe';
import { registerAdminScreenedEmailRoutes } from './admin-screened-emails';
import { registerReviewRoutes } from './review';

export function registerRoutes(app: FastifyInstance, ctx: ForumContext): void {
  registerPostRoutes(app, ctx);
  registerTopicRoutes(app, ctx);
  registerMessageListRoutes(app, ctx);
  registerUserRoutes(app, ctx);
  registerGroupRoutes(app, ctx);
  registerNotificationRoutes(app, ctx);
  registerSiteRoutes(app, ctx);
  registerSessionRoutes(app, ctx);
  registerAdminEmailLogRoutes(app, ctx);
  registerAdminIncomingEmailRoutes(app, ctx);
  registerEmailUnsubscribeRoutes(app, ctx);
  registerAdminScreenedEmailRoutes(app, ctx);
  registerReviewRoutes(app, ctx);
}
