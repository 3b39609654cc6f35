// The preload bridge: a short named API on `window.foyer`, never ipcRenderer itself, so
// renderer code (and anything injected into it) gets no general messaging access.
// Only types are imported from shared/ipc: the sandboxed preload stays tiny and main
// validates every argument anyway.
import { contextBridge, ipcRenderer } from 'electron';
import type { FoyerBridge, IpcArgs, IpcChannel, IpcResult, bridgeKey } from '../../shared/ipc/channels';

function invoke<C extends IpcChannel>(channel: C, ...args: IpcArgs<C>): Promise<IpcResult<C>> {
  return ipcRenderer.invoke(channel, ...args) as Promise<IpcResult<C>>;
}

const bridge: FoyerBridge = {
  backend: () => invoke('foyer:backend'),
  openExternal: (url) => invoke('foyer:open-external', url),
  getPreferences: () => invoke('foyer:get-preferences'),
  // The generic key/value pair is one of the tuples of setPreferenceArgs by construction.
  setPreference: (key, value) =>
    invoke('foyer:set-preference', ...([key, value] as IpcArgs<'foyer:set-preference'>)),
};

const key: typeof bridgeKey = 'foyer';
contextBridge.exposeInMainWorld(key, bridge);
