// The checks every IPC handler runs before doing anything (architecture.md): the message
// must come from a frame showing our own app origin, and its arguments must match the
// channel's zod schema. Pure so the rules are unit-tested without Electron.
import { ipcChannels, type IpcArgs, type IpcChannel } from '../../shared/ipc/channels';
import { isAppUrl } from './policy';

export type GuardResult<C extends IpcChannel> =
  { ok: true; args: IpcArgs<C> } | { ok: false; reason: string };

export function guardInvocation<C extends IpcChannel>(
  channel: C,
  senderFrameUrl: string | undefined,
  args: readonly unknown[],
  appOrigin: string | null,
): GuardResult<C> {
  if (!isAppUrl(senderFrameUrl, appOrigin)) {
    return {
      ok: false,
      reason: `${channel}: refused, sender frame ${senderFrameUrl ?? '(gone)'} is not the app`,
    };
  }
  const parsed = ipcChannels[channel].args.safeParse(args);
  if (!parsed.success) {
    const where = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(args)'}: ${issue.message}`);
    return { ok: false, reason: `${channel}: invalid arguments (${where.join('; ')})` };
  }
  return { ok: true, args: parsed.data as IpcArgs<C> };
}
