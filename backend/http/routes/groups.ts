// Discourse's group routes: list and show groups, list members, add and remove members
// (owners and admins), update a group and test its mailbox, and create a group (admins).
// Paths take a group name or numeric id.
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../../shared/domain/errors';
import type { ForumContext } from '../../services/context';
import { createGroup } from '../../services/create-group';
import {
  addGroupMembers,
  canSeeGroupMembers,
  describeGroups,
  groupMessageCount,
  listMembers,
  loadVisibleGroup,
  removeGroupMembers,
  visibleGroups,
} from '../../services/group-membership';
import { updateGroup } from '../../services/update-group';
import { testGroupMailbox } from '../../services/test-group-mailbox';
import { isStaff } from '../../users/users-repository';
import { bodyOf, param, queryOf, requireActor, requireAdmin } from '../route-helpers';
import { basicGroup, groupMember, listedGroup, shownGroup } from '../serializers/group-serializer';

/** Discourse's /groups page size. */
const GROUPS_PAGE_SIZE = 36;
const MEMBERS_DEFAULT_LIMIT = 50;
const MEMBERS_MAX_LIMIT = 1000;

/** A non-negative integer query parameter, or the default; nonsense is a clear 400. */
function intQuery(value: unknown, name: string, dflt: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined || value === '') return dflt;
  if (typeof value !== 'string' || !/^\d+$/.test(value))
    throw new DomainError('invalid_parameters', { detail: `${name} must be a whole number.` });
  const n = Number(value);
  if (n > max) throw new DomainError('invalid_parameters', { detail: `${name} must be at most ${max}.` });
  return n;
}

/** Form clients send group[name]=…; JSON clients send { group: { name } }. */
function groupFields(body: Record<string, unknown>): Record<string, unknown> {
  if (body.group && typeof body.group === 'object' && !Array.isArray(body.group))
    return body.group as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    const m = /^group\[(\w+)\]$/.exec(k);
    if (m?.[1]) out[m[1]] = v;
  }
  return out;
}

const TYPE_FILTERS = ['my', 'owner', 'public', 'close', 'automatic', 'non_automatic'] as const;

export function registerGroupRoutes(app: FastifyInstance, ctx: ForumContext): void {
  app.get('/groups.json', async (req) => {
    const q = queryOf(req);
    const viewer = req.actor;
    const staff = Boolean(viewer && isStaff(viewer));
    const page = intQuery(q.page, 'page', 0);
    const type = typeof q.type === 'string' && q.type ? q.type : undefined;
    const filter = typeof q.filter === 'string' ? q.filter.trim().toLowerCase() : '';
    let views = await describeGroups(
      ctx.db,
      viewer,
      await visibleGroups(ctx.db, viewer, { includeAutomatic: staff }),
    );
    if (filter)
      views = views.filter(
        (v) =>
          v.group.name_lower.includes(filter) || (v.group.full_name ?? '').toLowerCase().includes(filter),
      );
    if (type === 'my') views = views.filter((v) => v.isMember);
    else if (type === 'owner') views = views.filter((v) => v.isOwner);
    else if (type === 'public') views = views.filter((v) => v.group.public_admission === 1);
    else if (type === 'close')
      views = views.filter((v) => v.group.public_admission === 0 && !v.group.automatic);
    else if (type === 'automatic') views = views.filter((v) => v.group.automatic === 1);
    else if (type === 'non_automatic') views = views.filter((v) => v.group.automatic === 0);
    const pageViews = views.slice(page * GROUPS_PAGE_SIZE, (page + 1) * GROUPS_PAGE_SIZE);
    const next = new URLSearchParams({ page: String(page + 1) });
    if (type) next.set('type', type);
    if (filter) next.set('filter', filter);
    return {
      groups: pageViews.map(listedGroup),
      extras: {
        type_filters: TYPE_FILTERS.filter(
          (t) => (viewer || (t !== 'my' && t !== 'owner')) && (staff || !t.includes('automatic')),
        ),
      },
      total_rows_groups: views.length,
      load_more_groups: `/groups?${next.toString()}`,
    };
  });

  app.get('/groups/:id.json', async (req) => {
    const group = await loadVisibleGroup(ctx.db, req.actor, param(req, 'id'));
    const [view] = await describeGroups(ctx.db, req.actor, [group]);
    if (!view) throw new DomainError('group_not_found');
    const visible = await visibleGroups(ctx.db, req.actor, { includeAutomatic: true });
    return {
      group: shownGroup(view, await groupMessageCount(ctx.db, view)),
      extras: { visible_group_names: visible.map((g) => g.name) },
    };
  });

  app.get('/groups/:id/members.json', async (req) => {
    const group = await loadVisibleGroup(ctx.db, req.actor, param(req, 'id'));
    if (!(await canSeeGroupMembers(ctx.db, req.actor, group)))
      throw new DomainError(req.actor ? 'invalid_access' : 'not_logged_in');
    const q = queryOf(req);
    const limit = intQuery(q.limit, 'limit', MEMBERS_DEFAULT_LIMIT, MEMBERS_MAX_LIMIT);
    const offset = intQuery(q.offset, 'offset', 0);
    const { members, owners, total } = await listMembers(ctx.db, req.actor, group, { limit, offset });
    return {
      members: members.map(groupMember),
      owners: owners.map(groupMember),
      meta: { total, limit, offset },
    };
  });

  app.put('/groups/:id/members.json', async (req) => {
    const actor = requireActor(req);
    const group = await loadVisibleGroup(ctx.db, actor, param(req, 'id'));
    const body = bodyOf(req);
    const result = await addGroupMembers(ctx, actor, group, {
      usernames: body.usernames,
      emails: body.emails,
    });
    return { success: 'OK', usernames: result.usernames, emails: result.emails };
  });

  app.delete('/groups/:id/members.json', async (req) => {
    const actor = requireActor(req);
    const group = await loadVisibleGroup(ctx.db, actor, param(req, 'id'));
    // Discourse clients send the list in the body or, for DELETE, in the query string.
    const usernames = bodyOf(req).usernames ?? queryOf(req).usernames;
    const result = await removeGroupMembers(ctx, actor, group, { usernames });
    return { success: 'OK', usernames: result.usernames, skipped_usernames: result.skippedUsernames };
  });

  app.put('/groups/:id.json', async (req) => {
    const actor = requireActor(req);
    const group = await loadVisibleGroup(ctx.db, actor, param(req, 'id'));
    await updateGroup(ctx, actor, group, groupFields(bodyOf(req)));
    return { success: 'OK' };
  });

  // Discourse's "test settings" button: log in to the mailbox without saving or sending anything.
  app.post('/groups/:id/test_email_settings.json', async (req) => {
    const actor = requireAdmin(req);
    const group = await loadVisibleGroup(ctx.db, actor, param(req, 'id'));
    await testGroupMailbox(group, bodyOf(req));
    return { success: 'OK' };
  });

  app.post('/admin/groups.json', async (req) => {
    const actor = requireAdmin(req);
    const group = await createGroup(ctx, actor, groupFields(bodyOf(req)));
    const [view] = await describeGroups(ctx.db, actor, [group]);
    if (!view) throw new DomainError('group_not_found');
    return { basic_group: basicGroup(view) };
  });
}
