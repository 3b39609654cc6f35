// Archive and move-to-inbox for PMs, per user and per group (Discourse's
// PUT /t/{id}/archive-message.json and /move-to-inbox.json): the actor's own copy if they
// are an allowed user, and the inbox of each allowed group they belong to.
import type { User } from '../db/schema';
import { DomainError } from '../../shared/domain/errors';
import { PM_ARCHETYPE } from '../policy/guardian';
import { groupIdsOfUser } from '../users/groups-repository';
import { nowIso } from '../util/clock';
import type { ForumContext } from './context';
import { loadVisibleTopic } from './topic-access';
import { recordLiveEvents } from '../live/record-event';

export interface ArchiveOutcome {
  /** The group whose inbox changed, when one did (Discourse returns its name). */
  groupName: string | null;
}

export async function setArchived(
  ctx: ForumContext,
  actor: User,
  topicId: number,
  archived: boolean,
): Promise<ArchiveOutcome> {
  const topic = await loadVisibleTopic(ctx.db, actor, topicId);
  if (topic.archetype !== PM_ARCHETYPE) throw new DomainError('not_a_private_message');
  const myGroups = await groupIdsOfUser(ctx.db, actor);
  return ctx.db.transaction().execute(async (db) => {
    let groupName: string | null = null;
    const groups = myGroups.length
      ? await db
          .selectFrom('topic_allowed_groups')
          .innerJoin('groups', 'groups.id', 'topic_allowed_groups.group_id')
          .select(['groups.id', 'groups.name'])
          .where('topic_allowed_groups.topic_id', '=', topic.id)
          .where('groups.id', 'in', myGroups)
          .execute()
      : [];
    const now = nowIso();
    for (const g of groups) {
      if (archived) {
        await db
          .insertInto('group_archived_messages')
          .values({ group_id: g.id, topic_id: topic.id, created_at: now })
          .onConflict((oc) => oc.doNothing())
          .execute();
      } else {
        await db
          .deleteFrom('group_archived_messages')
          .where('group_id', '=', g.id)
          .where('topic_id', '=', topic.id)
          .execute();
      }
      groupName = g.name;
      await recordLiveEvents(db, [{ type: 'topic_archived', topicId: topic.id, groupId: g.id }]);
    }
    const allowed = await db
      .selectFrom('topic_allowed_users')
      .select('id')
      .where('topic_id', '=', topic.id)
      .where('user_id', '=', actor.id)
      .executeTakeFirst();
    if (allowed) {
      if (archived) {
        await db
          .insertInto('user_archived_messages')
          .values({ user_id: actor.id, topic_id: topic.id, created_at: now })
          .onConflict((oc) => oc.doNothing())
          .execute();
      } else {
        await db
          .deleteFrom('user_archived_messages')
          .where('user_id', '=', actor.id)
          .where('topic_id', '=', topic.id)
          .execute();
      }
      await recordLiveEvents(db, [{ type: 'topic_archived', topicId: topic.id, userId: actor.id }]);
    }
    return { groupName };
  });
}
