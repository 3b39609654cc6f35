// Discourse's drafts routes (DraftsController): list, show, save with a sequence, delete.
// A stale sequence answers 409 as Discourse does ({ errors, description }), plus the server's
// current draft and sequence so the client can show both versions and let the person choose.
import type { FastifyInstance } from 'fastify';
import type { Draft, User } from '../../db/schema';
import type { ForumContext } from '../../services/context';
import {
  clearDraft,
  draftKey,
  DraftOutOfSequence,
  getDraft,
  saveDraft,
  sequenceParam,
} from '../../services/drafts';
import { boolField, bodyOf, param, queryOf, requireActor } from '../route-helpers';
import { avatarTemplate } from '../serializers/user-summary';

/** DraftsController::INDEX_LIMIT */
const INDEX_LIMIT = 50;
const EXCERPT_LENGTH = 300;

function parsed(data: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(data);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

type TopicInfo = {
  id: number;
  title: string;
  slug: string;
  archetype: string;
  closed: number;
  archived: number;
};

/** Discourse's DraftSerializer, for the parts Foyer has. */
function draftJson(d: Draft, user: User, topic: TopicInfo | undefined) {
  const data = parsed(d.data);
  const reply = typeof data.reply === 'string' ? data.reply : '';
  const title = typeof data.title === 'string' && data.title ? data.title : (topic?.title ?? null);
  return {
    created_at: d.created_at,
    updated_at: d.updated_at,
    draft_key: d.draft_key,
    sequence: d.sequence,
    draft_username: user.username,
    avatar_template: avatarTemplate(user),
    data: d.data,
    topic_id: topic?.id ?? null,
    username: user.username,
    username_lower: user.username_lower,
    name: user.name ?? '',
    user_id: user.id,
    title,
    slug: topic?.slug ?? null,
    category_id: null,
    closed: topic ? topic.closed === 1 : false,
    archetype:
      topic?.archetype ?? (d.draft_key.startsWith('new_private_message') ? 'private_message' : 'regular'),
    archived: topic ? topic.archived === 1 : false,
    excerpt: reply.length > EXCERPT_LENGTH ? `${reply.slice(0, EXCERPT_LENGTH)}…` : reply,
  };
}

export function registerDraftRoutes(app: FastifyInstance, ctx: ForumContext): void {
  app.get('/drafts.json', async (req) => {
    const user = requireActor(req);
    const offset = sequenceParam(queryOf(req).offset);
    const drafts = await ctx.db
      .selectFrom('drafts')
      .selectAll()
      .where('user_id', '=', user.id)
      .orderBy('updated_at', 'desc')
      .orderBy('id', 'desc')
      .limit(INDEX_LIMIT)
      .offset(offset)
      .execute();
    const topicIds = drafts
      .map((d) => /^topic_(\d{1,15})$/.exec(d.draft_key)?.[1])
      .filter((id): id is string => id !== undefined)
      .map(Number);
    // Only topics the user can still see lend their title: a draft never reveals another PM.
    const topics = topicIds.length
      ? await ctx.db
          .selectFrom('topics')
          .select(['id', 'title', 'slug', 'archetype', 'closed', 'archived'])
          .where('id', 'in', topicIds)
          .where('deleted_at', 'is', null)
          .where((eb) =>
            user.admin
              ? eb.lit(true)
              : eb.or([
                  eb.exists(
                    eb
                      .selectFrom('topic_allowed_users')
                      .select('id')
                      .whereRef('topic_allowed_users.topic_id', '=', 'topics.id')
                      .where('topic_allowed_users.user_id', '=', user.id),
                  ),
                  eb.exists(
                    eb
                      .selectFrom('topic_allowed_groups')
                      .innerJoin('group_users', 'group_users.group_id', 'topic_allowed_groups.group_id')
                      .select('topic_allowed_groups.id')
                      .whereRef('topic_allowed_groups.topic_id', '=', 'topics.id')
                      .where('group_users.user_id', '=', user.id),
                  ),
                ]),
          )
          .execute()
      : [];
    const byId = new Map(topics.map((t) => [t.id, t]));
    return {
      drafts: drafts.map((d) => {
        const id = /^topic_(\d{1,15})$/.exec(d.draft_key)?.[1];
        return draftJson(d, user, id === undefined ? undefined : byId.get(Number(id)));
      }),
    };
  });

  app.get('/drafts/:key.json', async (req) => {
    const user = requireActor(req);
    return getDraft(ctx, user, draftKey(param(req, 'key')));
  });

  app.post('/drafts.json', async (req, reply) => {
    const user = requireActor(req);
    const body = bodyOf(req);
    const key = draftKey(body.draft_key);
    try {
      const sequence = await saveDraft(ctx, user, {
        key,
        data: body.data,
        sequence: sequenceParam(body.sequence),
        owner: body.owner,
        forceSave: boolField(body.force_save) === true,
      });
      return { success: 'OK', draft_sequence: sequence };
    } catch (e) {
      if (!(e instanceof DraftOutOfSequence)) throw e;
      return reply.code(409).send({
        errors: ['draft error'],
        description: 'Draft is being edited in another window. Please reload this page.',
        error_type: 'draft_sequence_conflict',
        draft: e.current.data,
        draft_sequence: e.current.sequence,
      });
    }
  });

  app.delete('/drafts/:key.json', async (req) => {
    const user = requireActor(req);
    const key = draftKey(param(req, 'key'));
    const sequence = sequenceParam(queryOf(req).sequence ?? bodyOf(req).sequence);
    await clearDraft(ctx, user, key, sequence);
    return { success: 'OK' };
  });
}
