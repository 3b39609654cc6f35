import { describe, expect, it } from 'vitest';
import type { KeyValueStore } from './preferences';
import { createSecretVault, SecretStorageUnavailableError, type SecretCipher } from './secret-vault';

function memoryStore(): KeyValueStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return { data, get: (key) => data.get(key), set: (key, value) => void data.set(key, value) };
}

// Stands in for safeStorage: reversible, but never stores the plain text.
const fakeCipher = (available = true): SecretCipher => ({
  isAvailable: () => available,
  encrypt: (plain) => Buffer.from([...Buffer.from(plain)].map((byte) => byte ^ 0x5a)),
  decrypt: (encrypted) => Buffer.from([...encrypted].map((byte) => byte ^ 0x5a)).toString(),
});

describe('secret vault', () => {
  it('stores only encrypted bytes and reads them back', () => {
    const store = memoryStore();
    const vault = createSecretVault(store, fakeCipher());
    vault.set('team-server-api-key', 's3cret-key');
    expect(JSON.stringify([...store.data])).not.toContain('s3cret-key');
    expect(vault.get('team-server-api-key')).toBe('s3cret-key');
    vault.delete('team-server-api-key');
    expect(vault.get('team-server-api-key')).toBeUndefined();
  });

  it('refuses to save when the OS offers no encryption instead of writing plain text', () => {
    const store = memoryStore();
    expect(() => createSecretVault(store, fakeCipher(false)).set('k', 'v')).toThrow(
      SecretStorageUnavailableError,
    );
    expect(store.data.size).toBe(0);
  });

  it('treats a secret the keychain can no longer decrypt as absent', () => {
    const store = memoryStore();
    createSecretVault(store, fakeCipher()).set('k', 'v');
    const broken: SecretCipher = {
      ...fakeCipher(),
      decrypt: () => {
        throw new Error('keychain reset');
      },
    };
    expect(createSecretVault(store, broken).get('k')).toBeUndefined();
  });
});
