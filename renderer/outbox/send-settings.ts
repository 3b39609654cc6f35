// Device preferences for sending, persisted in localStorage and parsed with zod so a stale or
// hand-edited value falls back to the default instead of breaking the composer.
import { z } from 'zod';
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

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

export function undoWindowMs(): number {
  return useSendSettings.getState().undoSeconds * 1000;
}
