// People on an email that lands in a PM join the PM (behaviour.md §1.2 C4, §3.5, §6 C 40–43):
// every To/Cc/Bcc address that is not ours is looked up or staged (name from the header), up
// to maximum_staged_users_per_email staged users per email (one moderator note when the cap is
// reached), added to the PM as watching with an "invited" small action by the sender — unless
// already a participant, directly or through one of the PM's groups. Problems with one address
// never fail the email.
import type { Db } from '../../db/database';
import type { Topic, User } from '../../db/schema';
import type { SiteSettings } from '../../settings/site-settings';
import { isValidEmail } from '../../../shared/util/email-address';
import { isTopicParticipant, userAcceptsMessagesFrom } from '../../policy/guardian';
import { addAllowedUser } from '../../posts/participants';
import { POST_TYPES, writePost } from '../../posts/post-writer';
import { findUserByEmail } from '../../users/users-repository';
import { isOurReplyAddress } from '../outbound/reply-addresses';
import { isOwnAddress } from './destinations';
import type { Mailbox, ParsedEmail } from './parse-email';
import { stageTracked, withSavepoint, type StagedTracker } from './staged-cleanup';

/** To, Cc, Bcc in order, each address once. */
export function emailRecipients(email: Pick<ParsedEmail, 'to' | 'cc' | 'bcc'>): Mailbox[] {
  const seen = new Set<string>();
  const out: Mailbox[] = [];
  for (const m of [...email.to, ...email.cc, ...email.bcc]) {
    if (!m.address.includes('@') || seen.has(m.address)) continue;
    seen.add(m.address);
    out.push(m);
  }
  return out;
}

/**
 * Accounts that already have this email in their mailbox (they were on To/Cc): the post made
 * from it is not emailed to them again (§3.5 last bullet, §6 C 45).
 */
export async function usersOnEmail(
  db: Db,
  settings: SiteSettings,
  email: Pick<ParsedEmail, 'to' | 'cc'>,
): Promise<number[]> {
  const ids: number[] = [];
  for (const m of [...email.to, ...email.cc]) {
    // Our reply addresses belong to no one (and are most of what a reply is addressed to).
    if (!m.address.includes('@') || isOurReplyAddress(settings, m.address)) continue;
    const user = await findUserByEmail(db, m.address);
    if (user && !ids.includes(user.id)) ids.push(user.id);
  }
  return ids;
}

export const STAGED_CAP_NOTE =
  'Reached the maximum number of staged users created per email (maximum_staged_users_per_email): the remaining addresses of that email were not added.';

export interface AddParticipantsInput {
  topic: Topic;
  sender: User;
  recipients: readonly Mailbox[];
  staged: StagedTracker;
}

/** Returns the users added to the PM. */
export async function addParticipantsFromEmail(
  db: Db,
  settings: SiteSettings,
  input: AddParticipantsInput,
): Promise<User[]> {
  const { topic, sender } = input;
  const cap = settings.int('maximum_staged_users_per_email');
  const stagingOn = settings.bool('enable_staged_users');
  let stagedTouched = 0;
  let capNoted = false;
  const added: User[] = [];
  for (const m of input.recipients) {
    if (!isValidEmail(m.address) || (await isOwnAddress(db, settings, m.address))) continue;
    const existing = await findUserByEmail(db, m.address);
    if (existing?.id === sender.id) continue;
    if (!existing || existing.staged) {
      if (stagedTouched >= cap) {
        if (!capNoted) {
          capNoted = true;
          await writePost(db, {
            topic,
            author: sender,
            raw: STAGED_CAP_NOTE,
            postType: POST_TYPES.moderator_action,
          });
        }
        continue;
      }
      if (!existing && !stagingOn) continue;
      stagedTouched++;
    }
    let user = existing;
    if (!user) {
      try {
        const address = m.address;
        user = await withSavepoint(
          db,
          'stage_cc',
          async () =>
            (
              await stageTracked(db, settings, input.staged, address, m.name || undefined, {
                // The person whose email Cc'd them brought them in.
                invitedByUserId: sender.id,
                topicId: topic.id,
              })
            ).user,
        );
      } catch {
        // An address that cannot be staged (a username clash, a race) is skipped, as Discourse does.
        continue;
      }
    }
    if (!user.staged && !(await userAcceptsMessagesFrom(db, sender, user))) continue;
    if (await isTopicParticipant(db, user, topic.id)) continue;
    if (!(await addAllowedUser(db, topic.id, user.id))) continue;
    await writePost(db, {
      topic,
      author: sender,
      raw: '',
      postType: POST_TYPES.small_action,
      actionCode: `invited_user:${user.username}`,
    });
    added.push(user);
  }
  return added;
}
