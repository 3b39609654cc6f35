// addParticipant: one field takes a username, a group name or an e-mail address. An address
// invites by e-mail (a staged person when nobody has it); a name invites that group if there
// is one, else that person. Not optimistic: the person's details are the server's to tell.
import { http } from '../api/client';
import { groupExists, invite, type Invitee } from '../api/forum-api';
import { useThreads } from '../stores/thread-store';
import { useToasts } from '../stores/toast-store';
import { runCommand } from './run-command';

/** The Invitee for what was typed; a name may still turn out to be a group. */
export function parseInvitee(text: string): Invitee | null {
  const value = text.trim().replace(/^@/, '');
  if (!value) return null;
  if (value.includes('@')) return { email: value };
  return { user: value };
}

export async function addParticipant(topicId: number, text: string): Promise<boolean> {
  const who = parseInvitee(text);
  if (!who) return false;
  // Usernames and group names share one namespace, so a name is a group exactly when a
  // group has it; anything else goes to the server as a username (which says if there is none).
  const attempt = async () => {
    const target = 'user' in who && (await groupExists(http(), who.user)) ? { group: who.user } : who;
    await invite(http(), topicId, target);
  };
  const result = await runCommand({
    name: 'Add participant',
    apply: () => () => undefined,
    confirm: attempt,
    confirmed: () => {
      void useThreads.getState().loadThread(topicId);
      useToasts.getState().show({ kind: 'info', message: `Added ${text.trim()} to the conversation.` });
    },
  });
  return result.ok;
}
