// Discourse's topic routes: read a topic or some of its posts, invite a user, an address or a
// group, archive or move back to the inbox (PMs), and change a topic's tags.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../../../shared/domain/errors';
import {
  loadTopicView,
  TOPIC_CHUNK_SIZE,
  postStream,
  usersByIds,
  visiblePostsByIds,
} from '../../posts/topic-queries';
import { PM_ARCHETYPE } from '../../policy/guardian';
import { setArchived } from '../../services/archive-message';
import type { ForumContext } from '../../services/context';
import {
  inviteGroupToPrivateMessage,
  inviteToPrivateMessage,
} from '../../services/invite-to-private-message';
import { loadVisibleTopic } from '../../services/topic-access';
import { tagsField, updateTopicTags } from '../../services/topic-tags';
import { boolField, bodyOf, idParam, queryOf, requireActor } from '../route-helpers';
import { allowedParticipantsJson } from '../serializers/allowed-participants';
import { topicJson, topicPostsJson } from '../serializers/topic-serializer';
import { basicUser } from '../serializers/user-summary';

/** More ids than a client ever asks for at once (Discourse's chunk is 20); a bound on the IN list. */
const MAX_POST_IDS = 200;

/**
 * post_ids as Discourse clients send them: post_ids[]=1&post_ids[]=2, repeated post_ids=1,
 * or a comma list, in the query or (as the spec puts it) the body.
 */
function postIdsParam(req: FastifyRequest): number[] | undefined {
  const query = queryOf(req);
  const body = bodyOf(req);
  const given = [query['post_ids[]'], query.post_ids, body['post_ids[]'], body.post_ids].filter(
    (v) => v !== undefined,
  );
  if (given.length === 0) return undefined;
  const ids = new Set<number>();
  for (const raw of given.flat()) {
    for (const part of String(raw).split(',')) {
      const text = part.trim();
      if (text === '') continue;
      if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text)))
        throw new DomainError('invalid_parameters', { detail: 'post_ids must be post ids (whole numbers).' });
      ids.add(Number(text));
    }
  }
  if (ids.size > MAX_POST_IDS)
    throw new DomainError('invalid_parameters', {
      detail: `ask for at most ${MAX_POST_IDS} post_ids at a time.`,
    });
  return [...ids];
}

export function registerTopicRoutes(app: FastifyInstance, ctx: ForumContext): void {
  const showTopic = async (req: FastifyRequest) => {
    const topic = await loadVisibleTopic(ctx.db, req.actor, idParam(req));
    const json = topicJson(await loadTopicView(ctx, req.actor, topic));
    // Opt-in, because the spec's details are closed (allowed-participants.ts).
    if (boolField(queryOf(req).include_allowed_users) && topic.archetype === PM_ARCHETYPE)
      return {
        ...json,
        details: { ...json.details, ...(await allowedParticipantsJson(ctx.db, topic.id, req.actor)) },
      };
    return json;
  };
  app.get('/t/:id.json', showTopic);
  // The slug is decoration: the id decides, as in Discourse.
  app.get('/t/:slug/:id.json', showTopic);

  app.get('/t/:id/posts.json', async (req) => {
    const topic = await loadVisibleTopic(ctx.db, req.actor, idParam(req));
    // Without post_ids Discourse answers with the first chunk of the stream.
    const ids =
      postIdsParam(req) ??
      (await postStream(ctx.db, req.actor, topic.id)).slice(0, TOPIC_CHUNK_SIZE).map((p) => p.id);
    const posts = await visiblePostsByIds(ctx.db, req.actor, topic.id, ids);
    const authors = await usersByIds(
      ctx.db,
      posts.map((p) => p.user_id),
    );
    return topicPostsJson(topic, posts, authors, req.actor);
  });

  app.post('/t/:id/invite.json', async (req) => {
    const actor = requireActor(req);
    const body = bodyOf(req);
    const result = await inviteToPrivateMessage(ctx, actor, idParam(req), {
      user: body.user,
      email: body.email,
    });
    // The same answer for every address, whoever owns it: no address-to-account oracle
    // (behaviour.md "differs" 2).
    return result.kind === 'user' ? { user: basicUser(result.user) } : { success: 'OK' };
  });

  app.post('/t/:id/invite-group.json', async (req) => {
    const actor = requireActor(req);
    const group = await inviteGroupToPrivateMessage(ctx, actor, idParam(req), {
      group: bodyOf(req).group,
      shouldNotify: boolField(bodyOf(req).should_notify) ?? true,
    });
    return { group: { id: group.id, name: group.name } };
  });

  const archive = (archived: boolean) => async (req: FastifyRequest) => {
    const actor = requireActor(req);
    const { groupName } = await setArchived(ctx, actor, idParam(req), archived);
    // Discourse names the group whose inbox changed; otherwise its body is empty, and we
    // answer with success_json so every client can parse the reply.
    return groupName === null ? { success: 'OK' } : { group_name: groupName };
  };
  app.put('/t/:id/archive-message.json', archive(true));
  app.put('/t/:id/move-to-inbox.json', archive(false));

  // Discourse's updateTopic, for the one topic field Foyer changes so far: its tags.
  const updateTopic = async (req: FastifyRequest) => {
    const actor = requireActor(req);
    const body = bodyOf(req);
    const nested = (body.topic && typeof body.topic === 'object' ? body.topic : {}) as Record<
      string,
      unknown
    >;
    const tags = tagsField(body) ?? tagsField(nested);
    for (const f of ['title', 'category_id'])
      if (body[f] !== undefined || nested[f] !== undefined)
        throw new DomainError('invalid_parameters', {
          detail: `${f} cannot be changed here yet; PUT /t/-/{id}.json changes a topic's tags only.`,
        });
    if (tags === undefined)
      throw new DomainError('invalid_parameters', {
        detail: 'send tags: the list of tag names the topic should carry ([] for none).',
      });
    const topic = await updateTopicTags(ctx, actor, idParam(req), tags);
    return {
      basic_topic: {
        id: topic.id,
        title: topic.title,
        fancy_title: topic.fancy_title,
        slug: topic.slug,
        posts_count: topic.posts_count,
      },
    };
  };
  app.put('/t/:slug/:id.json', updateTopic);
  app.put('/t/:id.json', updateTopic);
}
