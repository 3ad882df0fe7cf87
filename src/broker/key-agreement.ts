/**
 * One key set across instances (docs/many-brokers.md#one-key-set). Every instance publishes to
 * the store the kid it signs with, the kids its JWKS publishes and the kids its keys dir has
 * retired; when a live peer signs with a key an instance does not publish (a token minted at one
 * is refused at the other, and a revocation or introspection there is a silent no-op), the one
 * behind is not ready: the instance a rotation has not reached yet; when neither is a later state
 * of the other's keys dir (a split), the instances in the minority, or every instance split from
 * another when no key set has a strict majority of the live instances. A scheduled rotation does not trip it (a new key
 * is published ahead of signing); an emergency rotation (`stint keys rotate --now`) makes the
 * instances that do not have it yet not ready, and leaves those that do serving. On a PKCS#11
 * token, which every instance reads its keys from, an instance that disagrees with a peer re-reads
 * the token before it judges, so the one behind catches up at its next probe.
 */
import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { VERSION } from '../lib/version.js';
import type { InstanceRecord, Store } from '../store/types.js';
import type { KeySet } from '../tokens/keyset.js';

/** How often an instance publishes its record; a record older than PEER_STALE_MS is ignored. */
export const PUBLISH_EVERY_MS = 5_000;
export const PEER_STALE_MS = 3 * PUBLISH_EVERY_MS;
/**
 * A verdict that refuses requests (KeyAgreement.refusal) is at most this old: an instance that
 * disagrees judges again, at most this often, before it refuses.
 */
export const REFUSAL_FRESH_MS = 1_000;
/** A broker on a PKCS#11 token that disagrees with a peer re-reads the token at most this often. */
export const RELOAD_ON_DISAGREEMENT_MS = 1_000;

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
  return { instance, signing, published, retired: keySet.retired(), fingerprint, atMs: nowMs, version: VERSION };
}

/**
 * The live peers that run an older stint than `self`: their record names no version (brokers
 * from before the field), or a lower one. A version that is not `MAJOR.MINOR.PATCH[-PRE]` is not judged.
 */
export function olderPeers(self: InstanceRecord, records: InstanceRecord[], nowMs: number): InstanceRecord[] {
  const own = versionParts(self.version ?? VERSION);
  if (own === undefined) return [];
  return records.filter((peer) => {
    if (peer.instance === self.instance || nowMs - peer.atMs > PEER_STALE_MS) return false;
    if (peer.version === undefined) return true;
    const theirs = versionParts(peer.version);
    return theirs !== undefined && compareVersions(theirs, own) < 0;
  });
}

/** What `self` says of an older peer: which version, and what a broker that old may not do. */
export function olderPeerWarning(self: InstanceRecord, peer: InstanceRecord): string {
  const own = self.version ?? VERSION;
  const which =
    peer.version === undefined
      ? `runs a stint older than this one (${own}): its instance record names no version`
      : `runs stint ${peer.version}, older than this one (${own})`;
  // Every build that names its version has the dataset marker: only one that names none may lack it.
  if (peer.version !== undefined) return `instance ${peer.instance} ${which}; upgrade it (docs/upgrading.md)`;
  return (
    `instance ${peer.instance} ${which}; a broker from before the Redis dataset marker does not check it: when Redis ` +
    'loses its data, that broker neither reports the loss nor refuses the ID tokens issued before it ' +
    '(docs/many-brokers.md#when-redis-loses-its-data); upgrade it'
  );
}

type VersionParts = [number, number, number, string | undefined];

function versionParts(version: unknown): VersionParts | undefined {
  if (typeof version !== 'string') return undefined;
  const match = /^(\d{1,9})\.(\d{1,9})\.(\d{1,9})(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(version);
  if (match === null) return undefined;
  return [Number(match[1]), Number(match[2]), Number(match[3]), match[4]];
}

/** Semantic-version order, except that pre-releases of one version are not ordered among themselves. */
function compareVersions(a: VersionParts, b: VersionParts): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  if (a[3] === undefined) return b[3] === undefined ? 0 : 1;
  return b[3] === undefined ? -1 : 0;
}

/** How `self` stands with its live peers (disagreements). */
export interface Agreement {
  /** Why `self` is not ready: one sentence per peer it is behind or split from, then why a split counts against it. */
  problems: string[];
  /** Peers behind `self`'s rotation, one sentence each: they are not ready, `self` serves on. */
  peersBehind: string[];
  /** Peers split from `self` in the minority (`self`'s key set has a strict majority): they are not ready, `self` serves on. */
  peersOutvoted?: string[];
  /** Live peers that run an older stint (olderPeerWarning), each said once by check(); disagreements() leaves it out. */
  peersOlder?: string[];
}

/**
 * How `a` stands with `b`: they agree (each publishes the key the other signs with), `a` is ahead
 * (it publishes or has retired the key `b` signs with, and `b` has never seen `a`'s: `b` serves an
 * older state of the same keys dir), `a` is behind (the other way round), or they are split
 * (neither knows the other's signing key: separate keys dirs, or copies that each rotated on
 * their own). `parts` says what disagrees, from `a`'s side.
 */
function relation(
  a: InstanceRecord,
  b: InstanceRecord,
): { kind: 'agree' | 'ahead' | 'behind' | 'split'; parts: string[] } {
  const knows = (record: InstanceRecord, kid: string): boolean =>
    record.published.includes(kid) || (Array.isArray(record.retired) && record.retired.includes(kid));
  const theyLack = a.signing !== '' && !b.published.includes(a.signing);
  const weLack = b.signing !== '' && !a.published.includes(b.signing);
  if (!theyLack && !weLack) return { kind: 'agree', parts: [] };
  const parts: string[] = [];
  if (theyLack) parts.push(`it does not publish the key this instance signs with (${a.signing})`);
  if (weLack) parts.push(`it signs with ${b.signing}, which this instance does not publish`);
  const weKnowTheirs = b.signing === '' || knows(a, b.signing);
  const theyKnowOurs = a.signing === '' || knows(b, a.signing);
  if (weKnowTheirs && !theyKnowOurs) return { kind: 'ahead', parts };
  if (theyKnowOurs && !weKnowTheirs) return { kind: 'behind', parts };
  return { kind: 'split', parts };
}

/** `broker-a, broker-c`: instance names in order. */
function names(records: InstanceRecord[]): string {
  return records
    .map((r) => r.instance)
    .sort()
    .join(', ');
}

/**
 * What stands between `self` and each live peer. Two instances disagree when one signs with a key
 * the other does not publish. Then, by the lineage each publishes (the kids its keys dir retired
 * or dropped): when `self` knows the peer's signing key (publishes it, or has retired it) and the
 * peer does not know `self`'s, the peer serves an older state of the same keys dir (a rotation has
 * not reached it yet) and only the peer is not ready; the other way round, `self` is behind. This
 * lineage rule comes first: the newer lineage is right however few serve it yet (an emergency
 * rotation reaches one instance before the others), so an instance behind is not ready whatever
 * the count, and one ahead is never outvoted by those behind it (they count on its side).
 *
 * When neither knows the other's key (a split), the count decides: the instances on `self`'s side
 * are those not split from it (itself, those that agree with it, and those ahead of or behind it
 * in its lineage). When they are a strict majority of the live instances, `self` serves on and
 * the split peers, the minority, are not ready; otherwise (1 vs 1, 2 vs 2, three key sets)
 * `self` is not ready, since no key set can be the one to trust, or another has the majority.
 */
export function disagreements(self: InstanceRecord, records: InstanceRecord[], nowMs: number): Agreement {
  const agreement: Agreement = { problems: [], peersBehind: [] };
  const live = [
    self,
    ...records.filter((peer) => peer.instance !== self.instance && nowMs - peer.atMs <= PEER_STALE_MS),
  ];
  const split: Array<{ peer: InstanceRecord; parts: string[] }> = [];
  for (const peer of live) {
    if (peer === self) continue;
    const { kind, parts } = relation(self, peer);
    const prints = `fingerprint ${peer.fingerprint}, here ${self.fingerprint}`;
    if (kind === 'ahead') {
      agreement.peersBehind.push(
        `instance ${peer.instance} serves an older key set (${prints}), one this instance's keys dir has rotated past: ${parts.join('; ')}; it is not ready until the rotated keys dir reaches it, and this instance serves on`,
      );
    } else if (kind === 'behind') {
      agreement.problems.push(
        `instance ${peer.instance} serves a newer key set (${prints}), rotated past this instance's: ${parts.join('; ')}; this instance is not ready until the rotated keys dir reaches it (a Secret update waiting for the kubelet, a copy not made yet)`,
      );
    } else if (kind === 'split') {
      split.push({ peer, parts });
    }
  }
  if (split.length === 0) return agreement;
  /** The live instances on `record`'s side: not split from it (itself included). */
  const side = (record: InstanceRecord): InstanceRecord[] =>
    live.filter((other) => other === record || relation(record, other).kind !== 'split');
  const majority = (members: InstanceRecord[]): boolean => members.length * 2 > live.length;
  const ours = side(self);
  const outvoted = split.map(({ peer }) => peer);
  if (majority(ours)) {
    agreement.peersOutvoted = [];
    for (const { peer, parts } of split) {
      agreement.peersOutvoted.push(
        `instance ${peer.instance} serves another key set (fingerprint ${peer.fingerprint}, here ${self.fingerprint}): ${parts.join('; ')}; it is in the minority (${outvoted.length} of the ${live.length} live instances: ${names(outvoted)}) against this instance's key set, served by ${ours.length} of them (${names(ours)}): it is not ready, and this instance serves on`,
      );
    }
    return agreement;
  }
  for (const { peer, parts } of split) {
    agreement.problems.push(
      `instance ${peer.instance} serves another key set (fingerprint ${peer.fingerprint}, here ${self.fingerprint}): ${parts.join('; ')}`,
    );
  }
  // The largest side among the others that has a strict majority, if any.
  const theirs = live
    .filter((record) => record !== self)
    .map(side)
    .filter(majority)
    .sort((a, b) => b.length - a.length)[0];
  agreement.problems.push(
    theirs !== undefined
      ? `this instance is in the minority: ${theirs.length} of the ${live.length} live instances (${names(theirs)}) serve a key set this instance does not, and ${ours.length} (${names(ours)}) ${ours.length === 1 ? 'serves' : 'serve'} this instance's; they stay ready, and this instance is not ready until it serves theirs (check its keys.dir, and its store.prefix if it belongs to another deployment)`
      : `no key set is served by a strict majority of the ${live.length} live instances (this instance's by ${ours.length}: ${names(ours)}), so none can be the one to trust: every instance split from another is not ready until one key set has a majority or the odd ones stop (check each one's keys.dir, and store.prefix for deployments that must stay apart)`,
  );
  return agreement;
}

/**
 * Two broker processes with one instance name (the same `STINT_INSTANCE`, or the same host name and
 * pid, as containers that all run node as PID 1 with one `--hostname`) write one record and each
 * skips the other as itself: a key-set split between them would go unseen. Every process writes a
 * random nonce with its record and reads the record under its name before it writes its own; a
 * nonce not its own there means another live process wrote it since, and both are not ready until
 * PEER_STALE_MS after the last sighting. The first read is not judged: the record there may be a
 * stopped predecessor's (a restarted container), which never writes again.
 */
function duplicateProblem(instance: string, seenAtMs: number): string {
  return `another broker process publishes under this instance's name ${instance} (last seen ${new Date(seenAtMs).toISOString()}): instance names must be unique among the brokers sharing a store, or a key-set split between them goes unseen; give each its own STINT_INSTANCE (or host name), and this instance is not ready until the other stops or is renamed`;
}

interface Judgement {
  self: InstanceRecord;
  records: InstanceRecord[];
  agreement: Agreement;
}

export interface KeyAgreement {
  readonly instance: string;
  /**
   * Publishes this instance's record, reads the others', and says how it stands with them
   * (`peersBehind` and `peersOutvoted` hold each such line once, at the first check that finds it).
   */
  check(): Promise<Agreement>;
  /**
   * Why this instance must not serve now, or undefined: the reasons (`Agreement.problems`) of the
   * last judgement, made every PUBLISH_EVERY_MS and at each check(); one that found problems is made
   * again first when older than REFUSAL_FRESH_MS, so a disagreement that has ended (a peer stopped,
   * the rotated keys arrived) refuses nothing after it. Undefined before the first judgement (start-up)
   * and when the store cannot be asked (the request meets that outage on its own).
   */
  refusal(): Promise<string[] | undefined>;
  /** Stops publishing and removes the record (best effort). */
  close(): Promise<void>;
}

/**
 * Publishes now and every PUBLISH_EVERY_MS (errors are left to readiness, which sees the store
 * fail on its own).
 *
 * @example
 * const agreement = startKeyAgreement({ instance: instanceName(env), store, keySet, now: Date.now });
 * const { problems, peersBehind } = await agreement.check();
 */
export function startKeyAgreement(options: {
  instance: string;
  store: Store;
  keySet: KeySet;
  now: () => number;
}): KeyAgreement {
  const { instance, store, keySet, now } = options;
  const nonce = randomBytes(12).toString('base64url');
  let published = false;
  /** When a record under this name with another nonce was last seen (duplicateProblem). */
  let duplicateSeenAtMs: number | undefined;
  /** Reads the records, notes a duplicate of this name, then writes this instance's record. */
  const publish = async (): Promise<{ self: InstanceRecord; records: InstanceRecord[] }> => {
    const records = await store.listInstances();
    const mine = records.find((r) => r.instance === instance);
    if (published && mine !== undefined && mine.nonce !== nonce) duplicateSeenAtMs = now();
    const self = { ...keySetRecord(instance, keySet, now()), nonce };
    await store.publishInstance(self);
    published = true;
    return { self, records: [...records.filter((r) => r.instance !== instance), self] };
  };
  let told = new Set<string>();
  /** Older peers already warned of, by instance and version: said once per process. */
  const toldOlder = new Set<string>();
  /** The last judgement (judge()), which refusal() answers from. */
  let verdict: { problems: string[]; atMs: number } | undefined;
  let judging: Promise<Judgement> | undefined;
  let lastReloadMs = Number.NEGATIVE_INFINITY;
  let reloading: Promise<void> | undefined;
  /**
   * Re-reads a PKCS#11 token (at most once a RELOAD_ON_DISAGREEMENT_MS; concurrent probes share one
   * read). A failed read keeps the keys as they were: current() says what is wrong with the token.
   */
  const reloadToken = (): Promise<void> => {
    if (reloading === undefined && now() - lastReloadMs >= RELOAD_ON_DISAGREEMENT_MS) {
      lastReloadMs = now();
      reloading = keySet
        .reload()
        .catch(() => undefined)
        .finally(() => {
          reloading = undefined;
        });
    }
    return reloading ?? Promise.resolve();
  };
  /**
   * Publishes, reads the peers' records and judges how this instance stands with them (concurrent
   * callers share one judgement), keeping the verdict for refusal().
   */
  function judge(): Promise<Judgement> {
    judging ??= (async (): Promise<Judgement> => {
      let { self, records } = await publish();
      let agreement = disagreements(self, records, now());
      // Every broker on a PKCS#11 token reads its keys from that one token, which is the truth:
      // a disagreement means this instance or a peer has not re-read it since a rotation
      // (`stint keys rotate --now`). Re-read it before judging, so the one behind catches up at
      // this probe instead of waiting for its periodic re-read.
      if (agreement.problems.length > 0 && keySet.token !== undefined) {
        await reloadToken();
        ({ self, records } = await publish());
        agreement = disagreements(self, records, now());
      }
      if (duplicateSeenAtMs !== undefined && now() - duplicateSeenAtMs <= PEER_STALE_MS) {
        agreement.problems.unshift(duplicateProblem(instance, duplicateSeenAtMs));
      }
      verdict = { problems: agreement.problems, atMs: performance.now() };
      return { self, records, agreement };
    })().finally(() => {
      judging = undefined;
    });
    return judging;
  }
  // Judged now and every PUBLISH_EVERY_MS, so refusal() knows without waiting for a probe.
  void judge().catch(() => undefined);
  const timer = setInterval(() => void judge().catch(() => undefined), PUBLISH_EVERY_MS);
  timer.unref();
  return {
    instance,
    async refusal() {
      if (verdict === undefined || verdict.problems.length === 0) return undefined;
      if (performance.now() - verdict.atMs > REFUSAL_FRESH_MS) {
        try {
          await judge();
        } catch {
          return undefined;
        }
      }
      return verdict.problems.length === 0 ? undefined : verdict.problems;
    },
    async check() {
      const { self, records, agreement } = await judge();
      // A peer behind or outvoted is said once while it lasts, not at every probe of this ready instance.
      const fresh = agreement.peersBehind.filter((line) => !told.has(line));
      const outvoted = (agreement.peersOutvoted ?? []).filter((line) => !told.has(line));
      told = new Set([...agreement.peersBehind, ...(agreement.peersOutvoted ?? [])]);
      // An older peer (a rolling upgrade under way, or one left behind), once per instance and version.
      const peersOlder: string[] = [];
      for (const peer of olderPeers(self, records, now())) {
        const key = `${peer.instance}\u0000${peer.version ?? ''}`;
        if (toldOlder.has(key)) continue;
        toldOlder.add(key);
        peersOlder.push(olderPeerWarning(self, peer));
      }
      return { ...agreement, peersBehind: fresh, peersOutvoted: outvoted, peersOlder };
    },
    async close() {
      clearInterval(timer);
      await store.removeInstance(instance).catch(() => undefined);
    },
  };
}
