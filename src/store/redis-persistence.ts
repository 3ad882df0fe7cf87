/**
 * What the broker can read of a Redis server's durability settings at start, and the guarantee
 * each weak setting breaks (docs/many-brokers.md#persistence). Redis forgets quietly: a restart
 * without the append-only file, or an eviction, loses replay records, and a used ID token can then
 * be exchanged again. Nothing here refuses to start: the operator may know better (a Redis that
 * only ever fails over, never restarts); the broker says what it sees at start, and again when it
 * finds Redis lost its data (the dataset marker, src/store/redis.ts).
 */
import type { Redis } from 'ioredis';

/** The settings read, each by its own CONFIG GET (Redis 6 takes one name per call). */
export const PERSISTENCE_SETTINGS = ['appendonly', 'appendfsync', 'maxmemory-policy', 'min-replicas-to-write'] as const;
type Setting = (typeof PERSISTENCE_SETTINGS)[number];

/**
 * The warnings for one node's settings. `minReplicaAcks` is the broker's `store.min_replica_acks`:
 * with replicas confirming every record, a crash of the master alone loses nothing acknowledged.
 */
export function persistenceWarnings(
  node: string,
  settings: Partial<Record<Setting, string>>,
  minReplicaAcks: number,
  replicas?: number,
): string[] {
  const warnings: string[] = [];
  const say = (text: string): void => {
    warnings.push(`WARN_STORE_PERSISTENCE: Redis ${node} ${text}`);
  };
  if (settings.appendonly === 'no') {
    say(
      'has appendonly no: a restart forgets replay records, revocations and API keys, so a used ID token can be exchanged again and a revoked token is honoured again; set appendonly yes',
    );
  } else if (settings.appendfsync === 'no') {
    say(
      'has appendfsync no: a machine crash loses the writes the operating system had not flushed (often 30 s), replay records and revocations among them; set appendfsync everysec or always',
    );
  } else if (settings.appendfsync === 'everysec' && minReplicaAcks === 0) {
    say(
      // Not "1 s": Redis postpones its write to the file while a background fsync is slow (up to 2 s),
      // and what it has not written a crash of Redis alone loses (kill -9 lost 1 of 208 revocations).
      'has appendfsync everysec and store.min_replica_acks is 0: a crash of Redis or its machine can lose about 2 s of acknowledged replay records and revocations; set appendfsync always, or min_replica_acks: 1 with a replica',
    );
  }
  const policy = settings['maxmemory-policy'];
  if (policy !== undefined && policy !== 'noeviction') {
    say(
      `has maxmemory-policy ${policy}: when full it evicts keys, replay records and revocations among them, so a used ID token can be exchanged again and a revoked token is honoured again; set maxmemory-policy noeviction`,
    );
  }
  if (minReplicaAcks > 0 && settings['min-replicas-to-write'] === '0') {
    say(
      'has min-replicas-to-write 0: a master cut off from its replicas still takes the writes stint does not wait for (rate-limit counts, certificate records), and a failover drops them; set min-replicas-to-write 1',
    );
  }
  if (replicas !== undefined && replicas < minReplicaAcks) {
    say(
      `has ${replicas} replica(s) connected and store.min_replica_acks is ${minReplicaAcks}: no write can be confirmed, so the broker refuses exchanges (503) and is not ready until ${minReplicaAcks - replicas} more replica(s) attach; start or reattach them, or set min_replica_acks: ${replicas}`,
    );
  }
  if (replicas !== undefined && replicas > 0 && minReplicaAcks < replicas) {
    say(
      minReplicaAcks === 0
        ? `has ${replicas} replica(s) and store.min_replica_acks is 0: a failover loses the replay records and revocations not yet copied, so a used ID token can be exchanged again; set min_replica_acks: ${replicas}`
        : `has ${replicas} replicas and store.min_replica_acks is ${minReplicaAcks}: a failover that promotes a replica which did not confirm a record (SENTINEL FAILOVER while the master is up) loses it; set min_replica_acks: ${replicas} (then every replica must be up for exchanges to be served)`,
    );
  }
  return warnings;
}

/**
 * Reads the settings of one node and returns its warnings. An ACL user without CONFIG GET gets
 * one warning naming what to check by hand (least privilege is the right choice; the check is a help).
 */
export async function checkNodePersistence(client: Redis, node: string, minReplicaAcks: number): Promise<string[]> {
  const settings: Partial<Record<Setting, string>> = {};
  const unreadable: string[] = [];
  for (const name of PERSISTENCE_SETTINGS) {
    try {
      const reply = (await client.call('CONFIG', 'GET', name)) as string[];
      if (reply.length >= 2) settings[name] = reply[1];
    } catch (error) {
      unreadable.push(`${name} (${(error as Error).message.split('\n')[0]})`);
    }
  }
  const replication = await client.info('replication').catch(() => '');
  const connected = /^connected_slaves:(\d+)/m.exec(replication)?.[1];
  const warnings = persistenceWarnings(
    node,
    settings,
    minReplicaAcks,
    connected === undefined ? undefined : Number(connected),
  );
  if (unreadable.length > 0) {
    warnings.push(
      `WARN_STORE_SETTINGS_UNREAD: Redis ${node}: could not read ${unreadable.join(', ')}; check them by hand: appendonly yes, appendfsync always (or everysec with min_replica_acks), maxmemory-policy noeviction`,
    );
  }
  return warnings;
}
