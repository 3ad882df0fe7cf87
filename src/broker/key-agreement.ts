/**
 * One key set across instances (docs/many-brokers.md#one-key-set). Every instance publishes to
 * the store the kid it signs with and the kids its JWKS publishes; an instance is not ready while
 * a live peer signs with a key it does not publish, or publishes none of the key it signs with,
 * because then a token minted at one is refused at the other (and a revocation or introspection
 * there is a silent no-op). A rotation does not trip it: a new key is published ahead of signing,
 * so the signing kid of each is in the other's JWKS throughout.
 */
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import type { InstanceRecord, Store } from '../store/types.js';
import type { KeySet } from '../tokens/keyset.js';

/** How often an instance publishes its record; a record older than PEER_STALE_MS is ignored. */
export const PUBLISH_EVERY_MS = 5_000;
export const PEER_STALE_MS = 3 * PUBLISH_EVERY_MS;

/** The instance name: `STINT_INSTANCE`, else `host:pid` (a Kubernetes pod's host name is its name). */
export function instanceName(env: NodeJS.ProcessEnv): string {
  const named = env.STINT_INSTANCE?.trim();
  return named !== undefined && named !== '' ? named : `${hostname()}:${process.pid}`;
}

/** This instance's record now. */
export function keySetRecord(instance: string, keySet: KeySet, nowMs: number): InstanceRecord {
  let signing = '';
  try {
    signing = keySet.current().kid;
  } catch {
    // no signing key: readiness says so on its own
  }
  const jwks = keySet.jwks();
  const published = jwks.keys.map((k) => String(k.kid)).sort();
  const canonical = JSON.stringify(
    [...jwks.keys]
      .sort((a, b) => String(a.kid).localeCompare(String(b.kid)))
      .map((k) => [k.kid, k.kty, k.crv, k.x, k.y, k.n, k.e]),
  );
  const fingerprint = createHash('sha256').update(canonical).digest('hex').slice(0, 16);
  return { instance, signing, published, fingerprint, atMs: nowMs };
}

/** What stands between `self` and each live peer, one sentence per peer that disagrees. */
export function disagreements(self: InstanceRecord, records: InstanceRecord[], nowMs: number): string[] {
  const problems: string[] = [];
  for (const peer of records) {
    if (peer.instance === self.instance || nowMs - peer.atMs > PEER_STALE_MS) continue;
    const theyLack = self.signing !== '' && !peer.published.includes(self.signing);
    const weLack = peer.signing !== '' && !self.published.includes(peer.signing);
    if (!theyLack && !weLack) continue;
    const parts: string[] = [];
    if (theyLack) parts.push(`it does not publish the key this instance signs with (${self.signing})`);
    if (weLack) parts.push(`it signs with ${peer.signing}, which this instance does not publish`);
    problems.push(
      `instance ${peer.instance} serves another key set (fingerprint ${peer.fingerprint}, here ${self.fingerprint}): ${parts.join('; ')}`,
    );
  }
  return problems;
}

export interface KeyAgreement {
  readonly instance: string;
  /** Publishes this instance's record, reads the others', and returns the disagreements (empty: agreed). */
  check(): Promise<string[]>;
  /** Stops publishing and removes the record (best effort). */
  close(): Promise<void>;
}

/**
 * Publishes now and every PUBLISH_EVERY_MS (errors are left to readiness, which sees the store
 * fail on its own).
 *
 * @example
 * const agreement = startKeyAgreement({ instance: instanceName(env), store, keySet, now: Date.now });
 * const problems = await agreement.check();
 */
export function startKeyAgreement(options: {
  instance: string;
  store: Store;
  keySet: KeySet;
  now: () => number;
}): KeyAgreement {
  const { instance, store, keySet, now } = options;
  const publish = async (): Promise<InstanceRecord> => {
    const record = keySetRecord(instance, keySet, now());
    await store.publishInstance(record);
    return record;
  };
  void publish().catch(() => undefined);
  const timer = setInterval(() => void publish().catch(() => undefined), PUBLISH_EVERY_MS);
  timer.unref();
  return {
    instance,
    async check() {
      const self = await publish();
      return disagreements(self, await store.listInstances(), now());
    },
    async close() {
      clearInterval(timer);
      await store.removeInstance(instance).catch(() => undefined);
    },
  };
}
