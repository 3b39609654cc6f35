// Discourse's staff actions on an account: merge (POST /admin/users/{id}/merge.json, admins),
// anonymize (PUT /admin/users/{id}/anonymize.json) and delete (DELETE /admin/users/{id}.json).
// Who may do what is policy/user-admin-policy.ts; each action is logged for staff.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../../../shared/domain/errors';
import type { User } from '../../db/schema';
import type { ForumContext } from '../../services/context';
import { mergeUsers } from '../../services/merge-users';
import { anonymizeUser, deleteUser } from '../../services/remove-user';
import { findUserById } from '../../users/users-repository';
import { bodyOf, boolField, idParam, queryOf, requireStaff } from '../route-helpers';

async function loadTarget(ctx: ForumContext, req: FastifyRequest): Promise<{ actor: User; target: User }> {
  const actor = requireStaff(req);
  const target = await findUserById(ctx.db, idParam(req));
  if (!target) throw new DomainError('user_not_found');
  return { actor, target };
}

/** A flag from the JSON body or, as clients of DELETE often send it, the query string. */
function flag(req: FastifyRequest, name: string): boolean {
  return boolField(bodyOf(req)[name] ?? queryOf(req)[name]) === true;
}

export function registerAdminUserActionRoutes(app: FastifyInstance, ctx: ForumContext): void {
  app.post('/admin/users/:id/merge.json', async (req) => {
    const { actor, target: source } = await loadTarget(ctx, req);
    const target = await mergeUsers(ctx, actor, source, bodyOf(req).target_username);
    return { success: 'OK', merged_into: target.username };
  });

  app.put('/admin/users/:id/anonymize.json', async (req) => {
    const { actor, target } = await loadTarget(ctx, req);
    const user = await anonymizeUser(ctx, actor, target);
    return { success: 'OK', username: user.username };
  });

  app.delete('/admin/users/:id.json', async (req) => {
    const { actor, target } = await loadTarget(ctx, req);
    await deleteUser(ctx, actor, target, {
      deletePosts: flag(req, 'delete_posts'),
      blockEmail: flag(req, 'block_email'),
    });
    return { deleted: true };
  });
}
