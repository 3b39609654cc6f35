// Discourse's tag routes: the tags in use (listTags), a tag's topic list (getTag), and one's own
// level in a tag (GET and PUT /tag/{name}/notifications). Like Discourse's TagsController they
// answer 404 while tagging_enabled is off. A tag the viewer may not see answers exactly like one
// that does not exist (tag-access.ts), and lists and counts include only topics the viewer may
// see — never a PM, never a topic of a category closed to them.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../../../shared/domain/errors';
import { canStartTopicsSomewhere, loadCategoryListing } from '../../categories/category-listing';
import { loadMessageListData } from '../../posts/message-lists';
import { listCategoryTopics, topicScopeOf } from '../../posts/topic-lists';
import type { ForumContext } from '../../services/context';
import { setTagLevel, tagLevelLists, tagLevelOf } from '../../services/tag-tracking';
import { loadVisibleTag, tagViewer, visibleTagCounts } from '../../tags/tag-access';
import { tagTopicCounts } from '../../tags/tags-repository';
import { bodyOf, param, requireActor } from '../route-helpers';
import { tagTopicListJson } from '../serializers/category-topic-list-serializer';
import { cursorParam, pageParam } from './message-lists';
import { listTags } from './topic-lists';

/** tag_notification[notification_level] from form clients, { tag_notification: { … } } from JSON ones. */
function levelField(body: Record<string, unknown>): unknown {
  const nested = body.tag_notification;
  if (nested && typeof nested === 'object' && !Array.isArray(nested))
    return (nested as Record<string, unknown>).notification_level;
  return body['tag_notification[notification_level]'] ?? body.notification_level;
}

export function registerTagRoutes(app: FastifyInstance, ctx: ForumContext): void {
  // Discourse's ensure_tags_enabled.
  const ensureEnabled = () => {
    if (!ctx.settings.bool('tagging_enabled')) throw new DomainError('not_found');
  };

  app.get('/tags.json', async (req) => {
    ensureEnabled();
    const tags = await visibleTagCounts(ctx.db, await tagViewer(ctx.db, req.actor));
    return {
      // pm_count stays 0: personal messages are not tagged (tag-guardian.ts).
      tags: tags.map(({ tag, count }) => ({
        id: tag.name,
        text: tag.name,
        name: tag.name,
        description: null,
        count,
        pm_count: 0,
        target_tag: null,
      })),
      extras: { categories: [] },
    };
  });

  app.get('/tag/:name.json', async (req) => {
    ensureEnabled();
    const listing = await loadCategoryListing(ctx.db, req.actor, { counts: false });
    const scope = topicScopeOf(listing);
    const tag = await loadVisibleTag(ctx.db, { user: req.actor, scope }, param(req, 'name'));
    const page = pageParam(req);
    const result = await listCategoryTopics(ctx.db, scope, page, cursorParam(req), { tagId: tag.id });
    return tagTopicListJson(
      {
        viewer: req.actor,
        page: result,
        data: await loadMessageListData(ctx.db, req.actor, result.topics),
        pageNumber: page,
        path: `/tag/${encodeURIComponent(tag.name)}`,
        canCreateTopic: canStartTopicsSomewhere(listing),
        ...(await listTags(ctx, result.topics)),
      },
      {
        id: tag.id,
        name: tag.name,
        topicCount: (await tagTopicCounts(ctx.db, scope, tag.id)).get(tag.id) ?? 0,
      },
    );
  });

  const visibleTagOf = async (req: FastifyRequest) => {
    ensureEnabled();
    const actor = requireActor(req);
    return { actor, tag: await loadVisibleTag(ctx.db, await tagViewer(ctx.db, actor), param(req, 'name')) };
  };

  const showLevel = async (req: FastifyRequest) => {
    const { actor, tag } = await visibleTagOf(req);
    return { tag_notification: { id: tag.name, notification_level: await tagLevelOf(ctx.db, actor, tag) } };
  };

  // Discourse's update_notifications: the level set, and the caller's tags at each level.
  const updateLevel = async (req: FastifyRequest) => {
    const { actor, tag } = await visibleTagOf(req);
    const level = await setTagLevel(ctx, actor, tag, levelField(bodyOf(req)));
    return { notification_level: level, ...(await tagLevelLists(ctx.db, actor.id)) };
  };

  for (const path of ['/tag/:name/notifications', '/tag/:name/notifications.json']) {
    app.get(path, showLevel);
    app.put(path, updateLevel);
  }
}
