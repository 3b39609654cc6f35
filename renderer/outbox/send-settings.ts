// Device preferences for sending, persisted in localStorage and parsed with zod so a stale or
// hand-edited value falls back to the default instead of breaking the composer. Inside the
// desktop app the shell's preference (`undoSendSeconds`, electron-store) is the one the person
// set in the app's settings, so it is read at start and written back on change.
import { z } from 'zod';
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { FoyerBridge } from '../../shared/ipc/channels';

export const DEFAULT_UNDO_SECONDS = 5;
export const MAX_UNDO_SECONDS = 30;

const persistedSettings = z.object({
  undoSeconds: z.number().int().min(0).max(MAX_UNDO_SECONDS).catch(DEFAULT_UNDO_SECONDS),
});

export type SendSettings = {
  /** How long "Undo" is offered after Send before the message leaves (0 turns undo off). */
  undoSeconds: number;
  setUndoSeconds(seconds: number): void;
};

export const useSendSettings = create<SendSettings>()(
  persist(
    (set) => ({
      undoSeconds: DEFAULT_UNDO_SECONDS,
      setUndoSeconds: (seconds) =>
        set({ undoSeconds: Math.min(MAX_UNDO_SECONDS, Math.max(0, Math.round(seconds))) }),
    }),
    {
      name: 'foyer.send-settings',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: (state) => ({ undoSeconds: state.undoSeconds }),
      merge: (persisted, current) => {
        const parsed = persistedSettings.safeParse(persisted);
        return parsed.success ? { ...current, ...parsed.data } : current;
      },
    },
  ),
);

/** Two-way link with the desktop app's preference; a no-op in a plain browser. */
export async function linkDesktopPreference(
  bridge: FoyerBridge | undefined = window.foyer,
): Promise<() => void> {
  if (!bridge) return () => {};
  try {
    const preferences = await bridge.getPreferences();
    useSendSettings.getState().setUndoSeconds(preferences.undoSendSeconds);
  } catch {
    // The shell did not answer: the device's stored value stays in effect.
  }
  return useSendSettings.subscribe((state, previous) => {
    if (state.undoSeconds !== previous.undoSeconds) {
      void bridge.setPreference('undoSendSeconds', state.undoSeconds).catch(() => {});
    }
  });
}

export function undoWindowMs(): number {
  return useSendSettings.getState().undoSeconds * 1000;
}
