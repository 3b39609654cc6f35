// The client's mailbox list with unread/new/total counts (Foyer's /foyer/mailboxes.json),
// Discourse's PM tracking state, and Discourse's POST /topics/timings that marks posts read.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../../shared/domain/errors';
import { canSeePrivateMessagesOf } from '../../policy/guardian';
import {
  countGroupFolders,
  countUserFolders,
  inboxGroupsOf,
  privateMessageTrackingState,
} from '../../posts/mailbox-counts';
import type { ForumContext } from '../../services/context';
import { markPostsRead } from '../../services/mark-read';
import { toPositiveInt } from '../../services/reply-to-topic';
import { findUserByUsername } from '../../users/users-repository';
import { bodyOf, param, requireActor } from '../route-helpers';

/** Most post numbers one timings call may report (Discourse's client sends a screenful). */
const MAX_TIMINGS = 1000;

/**
 * timings as Discourse's client sends them: form fields timings[3]=1200, or JSON
 * { timings: { "3": 1200 } }. Only the post numbers matter here (time on screen is not kept).
 */
function timedPostNumbers(req: FastifyRequest): number[] {
  const body = bodyOf(req);
  const keys: string[] = [];
  if (body.timings && typeof body.timings === 'object' && !Array.isArray(body.timings))
    keys.push(...Object.keys(body.timings));
  for (const k of Object.keys(body)) {
    const m = /^timings\[(.+)\]$/.exec(k);
    if (m?.[1]) keys.push(m[1]);
  }
  if (keys.length > MAX_TIMINGS)
    throw new DomainError('invalid_parameters', { detail: `send at most ${MAX_TIMINGS} timings at once.` });
  return keys.map((k) => {
    if (!/^\d{1,9}$/.test(k))
      throw new DomainError('invalid_parameters', {
        detail: 'timings must map post numbers to milliseconds, e.g. timings[1]=1500.',
      });
    return Number(k);
  });
}

export function registerMailboxRoutes(app: FastifyInstance, ctx: ForumContext): void {
  app.get('/foyer/mailboxes.json', async (req) => {
    const user = requireActor(req);
    const drafts = await ctx.db
      .selectFrom('drafts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', user.id)
      .executeTakeFirst();
    const mine = await countUserFolders(ctx.db, user);
    const mailboxes = [
      { id: 'inbox', title: 'Inbox', ...mine.inbox },
      { id: 'sent', title: 'Sent', ...mine.sent },
      { id: 'archive', title: 'Archive', ...mine.archive },
      { id: 'drafts', title: 'Drafts', unread: 0, new: 0, total: Number(drafts?.n ?? 0) },
    ];
    for (const group of await inboxGroupsOf(ctx.db, user)) {
      const title = group.full_name?.trim() || group.name;
      const counts = await countGroupFolders(ctx.db, group, user);
      mailboxes.push(
        { id: `group:${group.name}`, title, ...counts.inbox },
        { id: `group:${group.name}:archive`, title: `${title} archive`, ...counts.archive },
      );
    }
    return { mailboxes };
  });

  app.get('/u/:username/private-message-topic-tracking-state.json', async (req) => {
    const actor = requireActor(req);
    const owner = await findUserByUsername(ctx.db, param(req, 'username'));
    if (!owner) throw new DomainError('user_not_found');
    if (!canSeePrivateMessagesOf(actor, owner)) throw new DomainError('invalid_access');
    return privateMessageTrackingState(ctx.db, owner);
  });

  const timings = async (req: FastifyRequest, reply: FastifyReply) => {
    const actor = requireActor(req);
    const topicId = toPositiveInt(bodyOf(req).topic_id, 'topic_id');
    await markPostsRead(ctx, actor, topicId, timedPostNumbers(req));
    // Discourse answers with an empty body.
    return reply.code(200).send();
  };
  app.post('/topics/timings', timings);
  app.post('/topics/timings.json', timings);
}
