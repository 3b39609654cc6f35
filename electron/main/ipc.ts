// Registers one ipcMain handler per channel of shared/ipc/channels. Every handler goes
// through guardInvocation first, so a frame that is not the app, or malformed arguments,
// never reach the code that does things. This file and the preload are the only places
// that touch ipcMain / ipcRenderer.
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { ipcChannels, type IpcArgs, type IpcChannel, type IpcResult } from '../../shared/ipc/channels';
import { guardInvocation } from './ipc-guard';

export type IpcHandlers = {
  [C in IpcChannel]: (...args: IpcArgs<C>) => IpcResult<C> | Promise<IpcResult<C>>;
};

function register<C extends IpcChannel>(
  channel: C,
  handler: IpcHandlers[C],
  appOrigin: () => string | null,
): void {
  ipcMain.handle(channel, (event: IpcMainInvokeEvent, ...raw: unknown[]) => {
    const guard = guardInvocation(channel, event.senderFrame?.url, raw, appOrigin());
    if (!guard.ok) {
      console.warn(`[ipc] ${guard.reason}`);
      throw new Error(guard.reason);
    }
    // TypeScript cannot correlate IpcHandlers[C] with IpcArgs<C> for a generic C; the guard
    // has just parsed the arguments with this very channel's schema.
    const call = handler as (...args: unknown[]) => IpcResult<C> | Promise<IpcResult<C>>;
    return call(...(guard.args as unknown[]));
  });
}

/** Installs every handler; returns a function that removes them (used on quit and in tests). */
export function registerIpcHandlers(handlers: IpcHandlers, appOrigin: () => string | null): () => void {
  const channels = Object.keys(ipcChannels) as IpcChannel[];
  for (const channel of channels) register(channel, handlers[channel], appOrigin);
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}
