// @vitest-environment jsdom
// The undo window is a device preference: 5 s by default, persisted, and a broken stored value
// falls back to the default.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { FoyerBridge, Preferences } from '../../shared/ipc/channels';
import { DEFAULT_UNDO_SECONDS, linkDesktopPreference, undoWindowMs, useSendSettings } from './send-settings';

describe('send settings', () => {
  beforeEach(() => {
    localStorage.clear();
    useSendSettings.setState({ undoSeconds: DEFAULT_UNDO_SECONDS });
  });

  it('defaults to a 5 second undo window', () => {
    expect(undoWindowMs()).toBe(5_000);
  });

  it('persists a new window and reads it back after a reload', async () => {
    useSendSettings.getState().setUndoSeconds(12);
    expect(JSON.parse(localStorage.getItem('foyer.send-settings')!).state).toEqual({ undoSeconds: 12 });
    vi.resetModules(); // a reload: a fresh store that hydrates from localStorage
    const reloaded = await import('./send-settings');
    expect(reloaded.undoWindowMs()).toBe(12_000);
  });

  it('clamps to 0–30 s and ignores a corrupt stored value', async () => {
    useSendSettings.getState().setUndoSeconds(999);
    expect(useSendSettings.getState().undoSeconds).toBe(30);
    localStorage.setItem(
      'foyer.send-settings',
      JSON.stringify({ state: { undoSeconds: 'soon' }, version: 1 }),
    );
    await useSendSettings.persist.rehydrate();
    expect(useSendSettings.getState().undoSeconds).toBe(DEFAULT_UNDO_SECONDS);
  });

  it('follows the desktop app preference and writes changes back to it', async () => {
    let stored: Preferences = {
      theme: 'system',
      undoSendSeconds: 9,
      desktopNotifications: true,
      loadRemoteImages: false,
    };
    const bridge = {
      getPreferences: async () => stored,
      setPreference: async (key: keyof Preferences, value: never) => (stored = { ...stored, [key]: value }),
    } as unknown as FoyerBridge;
    const unlink = await linkDesktopPreference(bridge);
    expect(undoWindowMs()).toBe(9_000);
    useSendSettings.getState().setUndoSeconds(3);
    await Promise.resolve();
    expect(stored.undoSendSeconds).toBe(3);
    unlink();
  });
});
