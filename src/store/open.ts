import { join } from 'node:path';
import { unsetVariable } from '../lib/env-setting.js';
import { StintError } from '../lib/errors.js';
import type { RedisEndpoint } from './redis-connect.js';
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
  /**
   * Told, at open, each Redis setting that breaks a guarantee (src/store/redis-persistence.ts), and
   * again each time the broker finds Redis lost its data; for the embedded store, a state directory
   * whose lock it took over from another host's broker.
   */
  onWarning?: (line: string) => void;
  /**
   * The embedded store: where the record of its journal's dataset is kept, outside the state
   * directory (the broker: `<audit file>.state.json`), so a state directory that lost its journal is
   * told from a new one (docs/broker.md#state-on-disk). Without it, it cannot be.
   */
  journalRecord?: string;
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
    return openDurableMemoryStore({
      dir: config.dir,
      apiKeyFile,
      ...(config.sync ? { sync: config.sync } : {}),
      ...(options.journalRecord === undefined ? {} : { record: options.journalRecord }),
      // A state directory taken over from another host's broker (its lock 30 s unrefreshed) is said.
      ...(options.onWarning === undefined ? {} : { onTakeOver: options.onWarning }),
    });
  }
  const secret = (field: 'password_env' | 'sentinel_password_env'): string | undefined => {
    const name = config[field];
    if (name === undefined) return undefined;
    const value = options.env[name];
    if (value === undefined || value === '') {
      throw new StintError(
        'ERR_STORE_PASSWORD_MISSING',
        unsetVariable({
          setting: `store.${field}`,
          name,
          holds: field === 'password_env' ? 'the Redis password' : "the sentinels' password",
          where: 'where stint serve and stint keys run',
          at: config[`${field}_at`],
        }),
      );
    }
    return value;
  };
  const password = secret('password_env');
  const sentinelPassword = secret('sentinel_password_env');
  const endpoint: RedisEndpoint =
    config.sentinels !== undefined
      ? { sentinels: config.sentinels, name: config.name ?? '', ...(config.db === undefined ? {} : { db: config.db }) }
      : config.cluster !== undefined
        ? { cluster: config.cluster }
        : { url: config.url ?? '' };
  const { openRedisStore } = await import('./redis.js');
  const store = await openRedisStore(endpoint, {
    ...(password === undefined ? {} : { password }),
    ...(sentinelPassword === undefined ? {} : { sentinelPassword }),
    ...(config.username === undefined ? {} : { username: config.username }),
    ...(config.tls ? { tls: true } : {}),
    ...(config.prefix === undefined ? {} : { namespace: config.prefix }),
    ...(config.min_replica_acks === undefined ? {} : { minReplicaAcks: config.min_replica_acks }),
  });
  const warn = options.onWarning;
  if (warn !== undefined) {
    const acks = config.min_replica_acks ?? 0;
    const check = async (): Promise<void> => {
      for (const warning of await store.persistenceWarnings(acks)) warn(warning);
    };
    // A Redis not up yet when the broker starts (compose, Kubernetes, systemd without ordering) is
    // read once it takes the first write; one that answers now is read before the broker serves.
    if (store.connected()) await check();
    else store.onFirstWrite(() => void check());
    // Data lost under a running broker: the settings read now most often say why.
    store.onDataset((change) => {
      if (change.kind === 'lost') {
        void store.persistenceWarnings(acks).then((warnings) => {
          for (const warning of warnings) warn(warning);
        });
      }
    });
  }
  return store;
}
