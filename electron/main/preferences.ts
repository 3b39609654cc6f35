// Device preferences and window state over any key-value store. settings.ts backs it with
// electron-store; tests back it with `conf` (electron-store's own logic), which runs in
// plain Node. Every read goes through zod, field by field, so one damaged or outdated value
// falls back to its default instead of resetting everything or crashing the app.
import { z } from 'zod';
import {
  preferenceFields,
  preferenceKeys,
  preferencesSchema,
  type Preferences,
  type setPreferenceArgs,
} from '../../shared/ipc/channels';

/** The subset of electron-store / conf that we use. */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export const storeKeys = {
  preferences: 'preferences',
  windowState: 'windowState',
  secrets: 'secrets',
  backendPort: 'backendPort',
} as const;

export const defaultPreferences: Preferences = preferencesSchema.parse({});

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** Keeps every valid stored field, replaces the others with their defaults, drops unknown keys. */
export function readPreferences(stored: unknown): Preferences {
  const source = asRecord(stored);
  const merged: Record<string, unknown> = {};
  for (const key of preferenceKeys) {
    const parsed = preferenceFields[key].safeParse(source[key]);
    merged[key] = parsed.success ? parsed.data : defaultPreferences[key];
  }
  return preferencesSchema.parse(merged);
}

export type SetPreference = z.infer<typeof setPreferenceArgs>;

export function createPreferences(store: KeyValueStore) {
  return {
    get(): Preferences {
      return readPreferences(store.get(storeKeys.preferences));
    },
    /** `change` must already be validated (ipc.ts parses it with setPreferenceArgs). */
    set([key, value]: SetPreference): Preferences {
      const next = { ...readPreferences(store.get(storeKeys.preferences)), [key]: value };
      const checked = preferencesSchema.parse(next);
      store.set(storeKeys.preferences, checked);
      return checked;
    },
  };
}
export type PreferencesService = ReturnType<typeof createPreferences>;

const boundsSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(200).max(100_000),
  height: z.number().int().min(150).max(100_000),
});
export type Bounds = z.infer<typeof boundsSchema>;

export const windowStateSchema = z.object({
  bounds: boundsSchema.optional(),
  maximized: z.boolean().default(false),
});
export type WindowState = z.infer<typeof windowStateSchema>;

export function createWindowStateStore(store: KeyValueStore) {
  return {
    get(): WindowState {
      const parsed = windowStateSchema.safeParse(store.get(storeKeys.windowState));
      return parsed.success ? parsed.data : { maximized: false };
    },
    set(state: WindowState): void {
      store.set(storeKeys.windowState, windowStateSchema.parse(state));
    },
  };
}
export type WindowStateStore = ReturnType<typeof createWindowStateStore>;

/**
 * The bundled forum's port from the last launch (see SupervisorOptions.preferredPort); 0 when
 * none was kept or the stored value is not a usable port.
 */
export function createBackendPortStore(store: KeyValueStore) {
  const port = z.number().int().min(1024).max(65535);
  return {
    get(): number {
      const parsed = port.safeParse(store.get(storeKeys.backendPort));
      return parsed.success ? parsed.data : 0;
    },
    set(value: number): void {
      if (port.safeParse(value).success) store.set(storeKeys.backendPort, value);
    },
  };
}
