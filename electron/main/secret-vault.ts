// Secrets (passwords, API keys of team servers) are stored only encrypted by the OS
// keychain through Electron's safeStorage (architecture.md). The cipher is injected so the
// rules are testable without Electron: when the OS offers no encryption we refuse to save
// rather than silently writing a secret in clear text.
import type { KeyValueStore } from './preferences';
import { storeKeys } from './preferences';

export interface SecretCipher {
  isAvailable(): boolean;
  encrypt(plain: string): Buffer;
  decrypt(encrypted: Buffer): string;
}

export class SecretStorageUnavailableError extends Error {
  constructor() {
    super(
      'Secure storage is not available on this system (no OS keychain), so the secret was not saved. ' +
        'On Linux, install and unlock a Secret Service keyring (for example gnome-keyring) and try again.',
    );
    this.name = 'SecretStorageUnavailableError';
  }
}

function readAll(store: KeyValueStore): Record<string, string> {
  const raw = store.get(storeKeys.secrets);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  return Object.fromEntries(
    Object.entries(raw).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

export function createSecretVault(store: KeyValueStore, cipher: SecretCipher) {
  return {
    set(name: string, secret: string): void {
      if (!cipher.isAvailable()) throw new SecretStorageUnavailableError();
      const encrypted = cipher.encrypt(secret).toString('base64');
      store.set(storeKeys.secrets, { ...readAll(store), [name]: encrypted });
    },
    /** undefined when absent, undecryptable (keychain reset) or when encryption is unavailable. */
    get(name: string): string | undefined {
      const encrypted = readAll(store)[name];
      if (encrypted === undefined || !cipher.isAvailable()) return undefined;
      try {
        return cipher.decrypt(Buffer.from(encrypted, 'base64'));
      } catch {
        return undefined;
      }
    },
    delete(name: string): void {
      const { [name]: _removed, ...rest } = readAll(store);
      store.set(storeKeys.secrets, rest);
    },
  };
}
export type SecretVault = ReturnType<typeof createSecretVault>;
