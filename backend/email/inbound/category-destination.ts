// Email to a category's incoming address (behaviour.md §1.2 C3, §2.3, §3.3 step 13 "Category",
// §6 D 53–55): a stranger (unknown or staged sender) only where the category takes email from
// strangers (StrangersNotAllowedError, checked before anyone is staged); a known person only in
// email_in_allowed_groups (InsufficientTrustLevelError) and with permission to start topics
// there (Discourse's TopicCreator guardian, "invalid access"). The topic is titled with the
// subject, posted as the sender (staged when unknown), validations skipped for staged senders
// and list mirrors; its watchers hear of it like any new topic, and replies to the mail it
// produces come back through their reply keys.
import { DomainError } from '../../../shared/domain/errors';
import { findCategoryById, findCategoryByIncomingAddress } from '../../categories/categories-repository';
import type { Db } from '../../db/database';
import type { Category } from '../../db/schema';
import { canCreateTopicInCategory } from '../../policy/category-guardian';
import { insertCategoryTopic } from '../../posts/insert-pm-topic';
import { isInAnyGroup } from '../../users/groups-repository';
import { senderAccount, topicTitle } from './group-message';
import { elidedBlock, type EmailBody } from './email-body';
import { publishFromEmail, validate } from './post-reply';
import type { Inbound, Sender, StageOutcome } from './types';

/** The category an address belongs to (email_in, case-insensitive), for destinations.ts. */
export async function categoryForAddress(db: Db, address: string): Promise<{ id: number } | undefined> {
  const category = await findCategoryByIncomingAddress(db, address);
  return category ? { id: category.id } : undefined;
}

/** The subject is the title; a real person's subject must be long enough, as in the app. */
function checkTitle(inb: Inbound, title: string): void {
  const min = inb.ctx.settings.int('min_topic_title_length');
  if (title.length < min)
    throw new DomainError('email_invalid_post', {
      detail: `the subject becomes the topic's title and must be at least ${min} characters`,
    });
}

export async function postToCategory(
  inb: Inbound,
  categoryId: number,
  sender: Sender,
  body: EmailBody,
): Promise<StageOutcome> {
  const category: Category | undefined = await findCategoryById(inb.db, categoryId);
  if (!category) throw new DomainError('email_bad_destination');
  const mirror = category.mailinglist_mirror === 1;
  if ((!sender.user || sender.user.staged) && !category.email_in_allow_strangers)
    throw new DomainError('email_strangers_not_allowed');
  const user = await senderAccount(inb, sender);
  const { settings } = inb.ctx;
  if (!user.staged && !mirror) {
    if (!(await isInAnyGroup(inb.db, user, settings.groupIds('email_in_allowed_groups'))))
      throw new DomainError('email_insufficient_trust');
    if (!(await canCreateTopicInCategory(inb.db, settings, user, category)))
      throw new DomainError('email_invalid_access');
  }
  const title = topicTitle(inb.email.subject);
  if (!user.staged && !mirror) {
    checkTitle(inb, title);
    validate(inb, user, body.markdown, 'first_post');
  }
  const topic = await insertCategoryTopic(inb.db, title, user, category.id);
  // Outside PMs the trimmed part is kept only with always_show_trimmed_content (§3.6).
  const raw =
    body.elided.trim() && settings.bool('always_show_trimmed_content')
      ? body.markdown + elidedBlock(body.elided)
      : body.markdown;
  return publishFromEmail(inb, { user, topic, raw, replyToPostNumber: null, groupMessage: false });
}
