// Staff see which addresses opted out of all mail with the one-click link ("differs" 5), and
// undo an opt-out when the person asks them to. Staff only: the list carries addresses.
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../../shared/domain/errors';
import { removeOptOut } from '../../email/outbound/opt-outs';
import type { ForumContext } from '../../services/context';
import { findUserById } from '../../users/users-repository';
import { nowIso } from '../../util/clock';
import { idParam, queryOf, requireStaff } from '../route-helpers';
import { basicUser } from '../serializers/user-summary';

const PAGE_SIZE = 50;

export function registerAdminEmailOptOutRoutes(app: FastifyInstance, ctx: ForumContext): void {
  app.get('/admin/email/opt-outs.json', async (req) => {
    requireStaff(req);
    const q = queryOf(req);
    const offsetText = typeof q.offset === 'string' && q.offset !== '' ? q.offset : '0';
    if (!/^\d{1,9}$/.test(offsetText))
      throw new DomainError('invalid_parameters', { detail: 'offset must be a whole number.' });
    const rows = await ctx.db
      .selectFrom('email_opt_outs')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(PAGE_SIZE)
      .offset(Number(offsetText))
      .execute();
    const ids = rows.flatMap((r) => (r.user_id === null ? [] : [r.user_id]));
    const users = ids.length
      ? await ctx.db.selectFrom('users').selectAll().where('id', 'in', ids).execute()
      : [];
    const byId = new Map(users.map((u) => [u.id, u]));
    return {
      opt_outs: rows.map((r) => {
        const user = r.user_id === null ? undefined : byId.get(r.user_id);
        return {
          id: r.id,
          email: r.email,
          created_at: r.created_at,
          topic_id: r.topic_id,
          user: user ? { ...basicUser(user), staged: user.staged === 1 } : null,
        };
      }),
    };
  });

  app.delete('/admin/users/:id/email-opt-out.json', async (req) => {
    const actor = requireStaff(req);
    const user = await findUserById(ctx.db, idParam(req));
    if (!user) throw new DomainError('user_not_found');
    if (!(await removeOptOut(ctx.db, user.id)))
      throw new DomainError('invalid_parameters', {
        detail: `${user.username} has not opted out of email; there is nothing to undo.`,
      });
    await ctx.db
      .insertInto('user_histories')
      .values({
        action: 'email_opt_out_removed',
        acting_user_id: actor.id,
        target_user_id: user.id,
        details: 'Email to this address allowed again at the person’s request.',
        context: null,
        created_at: nowIso(),
      })
      .execute();
    return { success: 'OK' };
  });
}
