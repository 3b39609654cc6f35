// Device settings on disk: electron-store (JSON in userData) behind the pure services of
// preferences.ts, and secrets encrypted with the OS keychain through safeStorage.
import { safeStorage } from 'electron';
import Store from 'electron-store';
import {
  createBackendPortStore,
  createPreferences,
  createWindowStateStore,
  defaultPreferences,
  storeKeys,
} from './preferences';
import { createSecretVault, type SecretCipher } from './secret-vault';

const safeStorageCipher: SecretCipher = {
  // On Linux without a keyring Electron falls back to 'basic_text', a fixed-key
  // obfuscation: treat it as unavailable rather than pretend the secret is protected.
  isAvailable: () =>
    safeStorage.isEncryptionAvailable() &&
    (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text'),
  encrypt: (plain) => safeStorage.encryptString(plain),
  decrypt: (encrypted) => safeStorage.decryptString(encrypted),
};

export function createSettings() {
  const store = new Store<Record<string, unknown>>({
    name: 'settings',
    defaults: { [storeKeys.preferences]: defaultPreferences },
    // A half-written or hand-edited file must not stop the app from starting: start over.
    clearInvalidConfig: true,
  });
  return {
    preferences: createPreferences(store),
    windowState: createWindowStateStore(store),
    backendPort: createBackendPortStore(store),
    secrets: createSecretVault(store, safeStorageCipher),
  };
}
export type Settings = ReturnType<typeof createSettings>;
