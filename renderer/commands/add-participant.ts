// addParticipant: one field takes a username, a group name or an e-mail address. An address
// invites by e-mail (a staged person when nobody has it); a name is tried as a person first,
// then as a group. Not optimistic: the person's details are the server's to tell.
import { http } from '../api/client';
import { toApiError } from '../api/api-error';
import { invite, type Invitee } from '../api/forum-api';
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
  const attempt = async () => {
    try {
      await invite(http(), topicId, who);
    } catch (error) {
      const status = toApiError(error).status;
      if (!('user' in who) || (status !== 404 && status !== 422)) throw error;
      // Not a person by that name: perhaps a group. If not, the person error says it best
      // ("no user or group called …").
      try {
        await invite(http(), topicId, { group: who.user });
      } catch (groupError) {
        throw toApiError(groupError).status === 404 ? error : groupError;
      }
    }
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
