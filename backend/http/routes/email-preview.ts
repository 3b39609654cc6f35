// Foyer's "who will be emailed" before sending (Discourse has no such route):
// GET /foyer/email-preview.json?topic_id=12 for a reply, or ?target_recipients=alice,support,x@y.org
// for a new message. Names people only by username and display name; addresses only as typed.
import type { FastifyInstance } from 'fastify';
import type { ForumContext } from '../../services/context';
import { previewEmailRecipients } from '../../services/email-preview';
import { queryOf, requireActor } from '../route-helpers';

export function registerEmailPreviewRoutes(app: FastifyInstance, ctx: ForumContext): void {
  app.get('/foyer/email-preview.json', async (req) => {
    const actor = requireActor(req);
    const query = queryOf(req);
    const preview = await previewEmailRecipients(ctx, actor, {
      topicId: query.topic_id,
      targetRecipients: query.target_recipients,
    });
    return {
      email_preview: {
        users: preview.users.map(({ user, reason, viaGroup }) => ({
          id: user.id,
          username: user.username,
          name: user.name ?? '',
          staged: user.staged === 1,
          reason,
          via_group: viaGroup,
        })),
        emails: preview.emails,
        hidden_groups: preview.hiddenGroups.map((g) => ({ id: g.id, name: g.name })),
        opted_out: preview.optedOut.map((u) => ({ id: u.id, username: u.username, name: u.name ?? '' })),
      },
    };
  });
}
