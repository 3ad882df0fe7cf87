import { join } from 'node:path';
import { StintError } from '../lib/errors.js';
import type { Store, StoreConfig } from './types.js';

export interface OpenStoreOptions {
  /** The broker's keys dir; the memory store keeps project API keys in `<keysDir>/api-keys.json`. */
  keysDir: string;
  /** Where `password_env` is looked up. */
  env: NodeJS.ProcessEnv;
  /**
   * Only the project API keys are used (`stint keys` beside a running broker): the embedded store
   * then leaves the state directory, which the broker holds, alone.
   */
  apiKeysOnly?: boolean;
}

/**
 * Opens the store the config names. Each backend is imported only when chosen, so a broker on
 * the memory store never loads the Redis client.
 *
 * @example
 * const store = await openStore(config.store, { keysDir: config.keys.dir, env: process.env });
 */
export async function openStore(config: StoreConfig, options: OpenStoreOptions): Promise<Store> {
  if (config.kind === 'memory') {
    const { createMemoryStore, openDurableMemoryStore } = await import('./memory.js');
    const apiKeyFile = join(options.keysDir, 'api-keys.json');
    if (options.apiKeysOnly) return createMemoryStore({ apiKeyFile });
    return openDurableMemoryStore({ dir: config.dir, apiKeyFile, ...(config.sync ? { sync: config.sync } : {}) });
  }
  let password: string | undefined;
  if (config.password_env !== undefined) {
    password = options.env[config.password_env];
    if (password === undefined || password === '') {
      throw new StintError(
        'ERR_STORE_PASSWORD_MISSING',
        `store.password_env names ${config.password_env}, but that environment variable is not set`,
      );
    }
  }
  const { openRedisStore } = await import('./redis.js');
  return openRedisStore(config.url, password === undefined ? {} : { password });
}
