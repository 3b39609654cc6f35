// The one map of every IPC channel between the preload bridge and the main process.
// Both sides import it: the preload to expose a small typed API, main to validate every
// invocation. Arguments are parsed with zod on the main side because a compromised
// renderer can send anything; results are schemas too so tests can check them.
// Pure TypeScript: no node:*, electron or DOM imports (shared/ rules in architecture.md).
import { z } from 'zod';

/** Device preferences; every field has a default so an empty or damaged store still parses. */
export const preferenceFields = {
  /** 'system' follows the OS (prefers-color-scheme); the others force a theme. */
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  /** Seconds a sent message can still be undone (client.md: default 5 s, configurable). */
  undoSendSeconds: z.number().int().min(0).max(30).default(5),
  desktopNotifications: z.boolean().default(true),
  /** Remote images in mail are blocked by default (quality.md, security). */
  loadRemoteImages: z.boolean().default(false),
} as const;

export const preferencesSchema = z.object(preferenceFields);
export type Preferences = z.infer<typeof preferencesSchema>;
export type PreferenceKey = keyof Preferences;
export const preferenceKeys = Object.keys(preferenceFields) as PreferenceKey[];

/** A union failure only says "Invalid input"; name the unknown key or the bad value instead. */
function explainSetPreference(input: unknown): string {
  if (!Array.isArray(input) || input.length !== 2) return 'expected [key, value]';
  const [key, value] = input as [unknown, unknown];
  if (typeof key !== 'string' || !(preferenceKeys as string[]).includes(key)) {
    return `unknown preference ${JSON.stringify(key)} (known: ${preferenceKeys.join(', ')})`;
  }
  const result = preferenceFields[key as PreferenceKey].unwrap().safeParse(value);
  return `invalid value for ${key}: ${result.error?.issues[0]?.message ?? 'not allowed'}`;
}

/** [key, value] pairs, each value checked against its own field's schema. */
export const setPreferenceArgs = z.union(
  [
    z.tuple([z.literal('theme'), preferenceFields.theme.unwrap()]),
    z.tuple([z.literal('undoSendSeconds'), preferenceFields.undoSendSeconds.unwrap()]),
    z.tuple([z.literal('desktopNotifications'), preferenceFields.desktopNotifications.unwrap()]),
    z.tuple([z.literal('loadRemoteImages'), preferenceFields.loadRemoteImages.unwrap()]),
  ],
  { error: (issue) => explainSetPreference(issue.input) },
);
// Adding a preference without a setter tuple above fails the type check here.
type SettableKey = z.infer<typeof setPreferenceArgs>[0];
type AssertNever<T extends never> = T;
type _EveryKeySettable = AssertNever<Exclude<PreferenceKey, SettableKey>>;

export const backendInfoSchema = z.object({
  /** Origin of the bundled forum, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: z.string(),
  /** Per-launch secret the backend requires in the X-Foyer-Launch-Token header. */
  token: z.string(),
});
export type BackendInfo = z.infer<typeof backendInfoSchema>;

/** Longest URL we hand to the OS; real links are far shorter, absurd ones are suspicious. */
export const maxExternalUrlLength = 2048;

export const ipcChannels = {
  'foyer:backend': { args: z.tuple([]), result: backendInfoSchema },
  'foyer:open-external': {
    args: z.tuple([z.string().min(1).max(maxExternalUrlLength)]),
    /** false when the URL was refused (not https:/mailto:, or malformed). */
    result: z.boolean(),
  },
  'foyer:get-preferences': { args: z.tuple([]), result: preferencesSchema },
  'foyer:set-preference': { args: setPreferenceArgs, result: preferencesSchema },
} as const;

export type IpcChannel = keyof typeof ipcChannels;
export type IpcArgs<C extends IpcChannel> = z.infer<(typeof ipcChannels)[C]['args']>;
export type IpcResult<C extends IpcChannel> = z.infer<(typeof ipcChannels)[C]['result']>;

/** Name under which the preload exposes the bridge: `window.foyer`. */
export const bridgeKey = 'foyer';

/** What the renderer sees as `window.foyer` inside the desktop app (absent in a plain browser). */
export interface FoyerBridge {
  backend(): Promise<BackendInfo>;
  openExternal(url: string): Promise<boolean>;
  getPreferences(): Promise<Preferences>;
  setPreference<K extends PreferenceKey>(key: K, value: Preferences[K]): Promise<Preferences>;
}
