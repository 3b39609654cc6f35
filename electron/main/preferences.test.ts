// Uses `conf`, the library electron-store 11 is built on (electron-store itself loads the
// Electron binary and cannot run here), so preferences round-trip through a real JSON file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createBackendPortStore,
  createPreferences,
  createWindowStateStore,
  defaultPreferences,
  readPreferences,
  storeKeys,
  type KeyValueStore,
} from './preferences';

let dir: string;
const open = (): KeyValueStore =>
  new Conf<Record<string, unknown>>({ projectName: 'foyer-test', cwd: dir, configName: 'settings' });

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'foyer-prefs-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('readPreferences', () => {
  it('gives the defaults for an empty store', () => {
    expect(readPreferences(undefined)).toEqual({
      theme: 'system',
      undoSendSeconds: 5,
      desktopNotifications: true,
      loadRemoteImages: false,
    });
  });

  it('keeps valid fields and replaces only the damaged ones', () => {
    expect(
      readPreferences({ theme: 'dark', undoSendSeconds: -4, loadRemoteImages: 'yes', retired: 1 }),
    ).toEqual({
      ...defaultPreferences,
      theme: 'dark',
    });
  });
});

describe('preferences on disk', () => {
  it('survive a restart', () => {
    createPreferences(open()).set(['theme', 'light']);
    createPreferences(open()).set(['undoSendSeconds', 10]);
    expect(createPreferences(open()).get()).toEqual({
      ...defaultPreferences,
      theme: 'light',
      undoSendSeconds: 10,
    });
  });

  it('recover from a hand-edited file with wrong values', () => {
    writeFileSync(
      path.join(dir, 'settings.json'),
      JSON.stringify({ [storeKeys.preferences]: { theme: 'purple', desktopNotifications: false } }),
    );
    expect(createPreferences(open()).get()).toEqual({ ...defaultPreferences, desktopNotifications: false });
  });
});

describe('window state', () => {
  it('round-trips bounds and the maximized flag', () => {
    const state = { bounds: { x: 10, y: 20, width: 1000, height: 700 }, maximized: true };
    createWindowStateStore(open()).set(state);
    expect(createWindowStateStore(open()).get()).toEqual(state);
  });

  it('falls back to no saved bounds when the stored value is damaged', () => {
    const store = open();
    store.set(storeKeys.windowState, { bounds: { x: 'left' }, maximized: 1 });
    expect(createWindowStateStore(store).get()).toEqual({ maximized: false });
  });
});

describe('the bundled forum port', () => {
  it('is remembered across launches, so the window keeps its origin', () => {
    expect(createBackendPortStore(open()).get()).toBe(0);
    createBackendPortStore(open()).set(48213);
    expect(createBackendPortStore(open()).get()).toBe(48213);
  });

  it('ignores values that are not usable ports', () => {
    const store = open();
    store.set(storeKeys.backendPort, 'eighty');
    expect(createBackendPortStore(store).get()).toBe(0);
    createBackendPortStore(store).set(80);
    expect(createBackendPortStore(store).get()).toBe(0);
  });
});
