// Discourse's personal-message lists: a user's inbox, sent and archive, and a group's inbox
// and archive as seen by one of its members. Only the user themself or an admin may list a
// user's messages; a group's also needs membership (or admin) of both the viewer and the user.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../../../shared/domain/errors';
import type { Group, User } from '../../db/schema';
import { TOPIC_NOTIFICATION_LEVELS } from '../../notifications/notification-types';
import { canSeeGroup, canSendPrivateMessages, canSeePrivateMessagesOf } from '../../policy/guardian';
import {
  decodeCursor,
  listMessages,
  loadMessageListData,
  type ListCursor,
  type MessageFolder,
} from '../../posts/message-lists';
import type { ForumContext } from '../../services/context';
import { findGroupByName, groupIdsOfUser, membership } from '../../users/groups-repository';
import { findUserByUsername } from '../../users/users-repository';
import { param, queryOf, requireActor } from '../route-helpers';
import { topicListJson } from '../serializers/topic-list-serializer';

/** Discourse's `page`: 0-based; absent or empty means the first page. */
export function pageParam(req: FastifyRequest): number {
  const raw = queryOf(req).page;
  if (raw === undefined || raw === '') return 0;
  if (typeof raw !== 'string' || !/^\d{1,6}$/.test(raw))
    throw new DomainError('invalid_parameters', { detail: 'page must be a whole number from 0.' });
  return Number(raw);
}

/** Foyer's keyset cursor, carried in more_topics_url beside Discourse's page number. */
export function cursorParam(req: FastifyRequest): ListCursor | undefined {
  const raw = queryOf(req).before;
  if (raw === undefined || raw === '') return undefined;
  const cursor = typeof raw === 'string' ? decodeCursor(raw) : undefined;
  if (!cursor)
    throw new DomainError('invalid_parameters', {
      detail: 'before must be "<bumped_at>,<topic id>" as given in more_topics_url; or leave it out.',
    });
  return cursor;
}

async function isMemberOrAdmin(ctx: ForumContext, user: User, group: Group): Promise<boolean> {
  return Boolean(user.admin) || (await groupIdsOfUser(ctx.db, user)).includes(group.id);
}

export function registerMessageListRoutes(app: FastifyInstance, ctx: ForumContext): void {
  async function ownerOf(req: FastifyRequest): Promise<{ actor: User; owner: User }> {
    const actor = requireActor(req);
    const owner = await findUserByUsername(ctx.db, param(req, 'username'));
    if (!owner) throw new DomainError('user_not_found');
    if (!canSeePrivateMessagesOf(actor, owner)) throw new DomainError('invalid_access');
    return { actor, owner };
  }

  async function respond(
    actor: User,
    owner: User,
    folder: MessageFolder,
    path: string,
    defaultLevel: number,
    req: FastifyRequest,
  ) {
    const page = pageParam(req);
    const result = await listMessages(ctx.db, folder, page, cursorParam(req));
    return topicListJson({
      owner,
      page: result,
      data: await loadMessageListData(ctx.db, owner, result.topics),
      pageNumber: page,
      path,
      canCreateTopic: await canSendPrivateMessages(ctx.db, ctx.settings, actor),
      defaultLevel,
    });
  }

  const personal = (kind: 'inbox' | 'sent' | 'archive', prefix: string) => async (req: FastifyRequest) => {
    const { actor, owner } = await ownerOf(req);
    const path = `${prefix}/${encodeURIComponent(owner.username)}`;
    // Every PM in these folders has the owner as an allowed user, who watches by default.
    return respond(actor, owner, { kind, user: owner }, path, TOPIC_NOTIFICATION_LEVELS.watching, req);
  };

  const groupFolder = (kind: 'group' | 'group-archive') => async (req: FastifyRequest) => {
    const { actor, owner } = await ownerOf(req);
    const group = await findGroupByName(ctx.db, param(req, 'group'));
    if (!group || !(await canSeeGroup(ctx.db, actor, group))) throw new DomainError('group_not_found');
    if (!(await isMemberOrAdmin(ctx, actor, group)) || !(await isMemberOrAdmin(ctx, owner, group)))
      throw new DomainError('invalid_access');
    const base = `/topics/private-messages-group/${encodeURIComponent(owner.username)}/${encodeURIComponent(group.name)}`;
    const level = (await membership(ctx.db, group.id, owner.id))?.notification_level;
    return respond(
      actor,
      owner,
      { kind, group },
      kind === 'group' ? base : `${base}/archive`,
      level ?? TOPIC_NOTIFICATION_LEVELS.regular,
      req,
    );
  };

  // Discourse answers with and without ".json", and its more_topics_url has none.
  for (const ext of ['.json', '']) {
    app.get(`/topics/private-messages/:username${ext}`, personal('inbox', '/topics/private-messages'));
    app.get(
      `/topics/private-messages-sent/:username${ext}`,
      personal('sent', '/topics/private-messages-sent'),
    );
    app.get(
      `/topics/private-messages-archive/:username${ext}`,
      personal('archive', '/topics/private-messages-archive'),
    );
    app.get(`/topics/private-messages-group/:username/:group${ext}`, groupFolder('group'));
    app.get(`/topics/private-messages-group/:username/:group/archive${ext}`, groupFolder('group-archive'));
  }
}
