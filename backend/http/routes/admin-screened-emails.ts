// Discourse's screened-email list (Admin::ScreenedEmailsController, behaviour.md §3.3 step 6,
// §5.6): addresses whose mail the receiver refuses ('block') or only watches ('do_nothing').
// Discourse fills the list when staff delete a spammer; Foyer also lets staff add an address
// directly. Staff only: the list names people's addresses.
import type { FastifyInstance } from 'fastify';
import type { Selectable } from 'kysely';
import { DomainError } from '../../../shared/domain/errors';
import { isValidEmail, normalizeEmail } from '../../../shared/util/email-address';
import type { ScreenedEmailsTable } from '../../db/schema';
import type { ForumContext } from '../../services/context';
import { nowIso } from '../../util/clock';
import { bodyOf, idParam, requireStaff } from '../route-helpers';

type ScreenedEmail = Selectable<ScreenedEmailsTable>;
const ACTIONS: ReadonlySet<string> = new Set(['block', 'do_nothing']);

/** Discourse's ScreenedEmailSerializer; Foyer records no IP address for an entry. */
function screenedJson(row: ScreenedEmail) {
  return {
    id: row.id,
    email: row.email,
    action: row.action,
    match_count: row.match_count,
    last_match_at: row.last_match_at,
    created_at: row.created_at,
    ip_address: null,
  };
}

function parseEntry(body: Record<string, unknown>): { email: string; action: 'block' | 'do_nothing' } {
  const email = typeof body.email === 'string' ? normalizeEmail(body.email) : '';
  if (!isValidEmail(email))
    throw new DomainError('invalid_parameters', { detail: 'email must be an email address.' });
  const action = body.action_name ?? 'block';
  if (typeof action !== 'string' || !ACTIONS.has(action))
    throw new DomainError('invalid_parameters', { detail: 'action_name must be "block" or "do_nothing".' });
  return { email, action: action as 'block' | 'do_nothing' };
}

export function registerAdminScreenedEmailRoutes(app: FastifyInstance, ctx: ForumContext): void {
  app.get('/admin/logs/screened_emails.json', async (req) => {
    requireStaff(req);
    const rows = await ctx.db
      .selectFrom('screened_emails')
      .selectAll()
      .orderBy('last_match_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map(screenedJson);
  });

  app.post('/admin/logs/screened_emails.json', async (req) => {
    requireStaff(req);
    const { email, action } = parseEntry(bodyOf(req));
    // Screening an address twice changes its action rather than failing (Discourse's
    // ScreenedEmail.block finds the existing row).
    const row = await ctx.db
      .insertInto('screened_emails')
      .values({ email, action, last_match_at: null, created_at: nowIso() })
      .onConflict((oc) => oc.column('email').doUpdateSet({ action }))
      .returningAll()
      .executeTakeFirstOrThrow();
    return screenedJson(row);
  });

  app.delete('/admin/logs/screened_emails/:id.json', async (req) => {
    requireStaff(req);
    const id = idParam(req);
    const deleted = await ctx.db.deleteFrom('screened_emails').where('id', '=', id).executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) throw new DomainError('not_found');
    return { success: 'OK' };
  });
}
