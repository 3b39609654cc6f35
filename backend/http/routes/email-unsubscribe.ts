// One-click unsubscribe (RFC 8058): the signed link in List-Unsubscribe works with a bare
// POST (no cookies, no login), as mail providers send it; a GET (a person clicking the link)
// shows a confirmation page whose button makes that POST. For an account holder it mutes the
// conversation; for a staged participant — someone who only knows us by email — it stops all
// mail to their address ("differs" 5), which staff can undo at their request.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { optOutOfEmail } from '../../email/outbound/opt-outs';
import { emailSiteTitle } from '../../email/outbound/site-identity';
import { verifyUnsubscribeToken } from '../../email/outbound/unsubscribe-links';
import { TOPIC_NOTIFICATION_LEVELS } from '../../notifications/notification-types';
import type { ForumContext } from '../../services/context';
import { findUserById } from '../../users/users-repository';
import { nowIso } from '../../util/clock';
import { param } from '../route-helpers';

function page(reply: FastifyReply, status: number, title: string, body: string): FastifyReply {
  const esc = (t: string) =>
    t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>` +
        '<style>body{font:16px system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}</style></head>' +
        `<body><main><h1>${esc(title)}</h1>${body}</main></body></html>`,
    );
}

export function registerEmailUnsubscribeRoutes(app: FastifyInstance, ctx: ForumContext): void {
  app.get('/email/unsubscribe/:token', async (req, reply) => {
    const target = verifyUnsubscribeToken(ctx.settings, param(req, 'token'));
    if (!target)
      return page(
        reply,
        404,
        'Link not recognised',
        '<p>This unsubscribe link is not valid. Use the link from the latest email you received.</p>',
      );
    const topic = await ctx.db
      .selectFrom('topics')
      .select('title')
      .where('id', '=', target.topicId)
      .executeTakeFirst();
    const title = (topic?.title ?? 'this conversation').replace(/[<>&"]/g, '');
    const button = '<form method="post"><button type="submit">Unsubscribe</button></form>';
    const user = await findUserById(ctx.db, target.userId);
    if (user?.staged) {
      const site = emailSiteTitle(ctx.settings).replace(/[<>&"]/g, '');
      return page(
        reply,
        200,
        `Stop all email from ${site}?`,
        `<p>You will no longer receive email from ${site} at this address: not about “${title}”, and not about any other conversation.</p>${button}`,
      );
    }
    return page(
      reply,
      200,
      'Stop emails about this conversation?',
      `<p>You will no longer receive email about “${title}”.</p>${button}`,
    );
  });

  app.post('/email/unsubscribe/:token', async (req, reply) => {
    const target = verifyUnsubscribeToken(ctx.settings, param(req, 'token'));
    if (!target) return page(reply, 404, 'Link not recognised', '<p>This unsubscribe link is not valid.</p>');
    const user = await findUserById(ctx.db, target.userId);
    if (user?.staged && (await optOutOfEmail(ctx.db, user.id, target.topicId))) {
      const site = emailSiteTitle(ctx.settings).replace(/[<>&"]/g, '');
      return page(
        reply,
        200,
        'Unsubscribed',
        `<p>You will not receive any more email from ${site} at this address. If you change your mind, ask the person who wrote to you.</p>`,
      );
    }
    // Muting the conversation stops its emails and notifications for this person only.
    await ctx.db
      .insertInto('topic_users')
      .values({
        user_id: target.userId,
        topic_id: target.topicId,
        notification_level: TOPIC_NOTIFICATION_LEVELS.muted,
        notifications_reason_id: null,
        posted: 0,
        last_read_post_number: null,
        first_visited_at: null,
        last_visited_at: nowIso(),
      })
      .onConflict((oc) =>
        oc
          .columns(['user_id', 'topic_id'])
          .doUpdateSet({ notification_level: TOPIC_NOTIFICATION_LEVELS.muted }),
      )
      .execute();
    return page(
      reply,
      200,
      'Unsubscribed',
      '<p>You will no longer receive email about this conversation.</p>',
    );
  });
}
