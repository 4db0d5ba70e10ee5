export { createKeyResolver } from './key-resolver.js';
export type { KeyResolver, KeyResolverOptions, ResolvedKey } from './key-resolver.js';
export { KEY_STORE_FILE, readKeyStore, removeStoredKey, resolveKeyStorePath, setStoredKey } from './key-store.js';
export type { KeyStoreContents, KeyStoreOptions } from './key-store.js';
export { rotateMasterKey } from './rotate-master-key.js';
export type { RotationResult } from './rotate-master-key.js';
export { KeyStoreError } from './key-store-error.js';
export {
  KEY_ENV_VARS,
  KEY_NAME_PATTERN,
  assertKeyName,
  envVarForKey,
  isKeyName,
  keyNameForEnvVar,
} from './key-names.js';
export { MASTER_KEY_ENV, keyFingerprint, parseMasterKey } from './master-key.js';
export type { MasterKeySource } from './master-key.js';
export { MASTER_KEY_FILE, KEYRING_ACCOUNT } from './master-key-slots.js';
export { KEYRING_SERVICE } from './keyring.js';
export type { LockOptions } from './store-lock.js';
