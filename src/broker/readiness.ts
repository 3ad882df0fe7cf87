/**
 * Readiness (docs/broker.md#metrics-and-health): a key signs, the store takes a write, the audit
 * log takes writes, and no live
 * peer on the store serves a key set this instance is behind or split from. `/readyz` runs it per
 * request; the readiness watch runs it every READINESS_CHECK_MS as well, so the `stint_ready` and
 * `stint_store_up` gauges show a store outage while no request comes (nothing may call `/readyz`
 * behind systemd + nginx or Docker, and CI jobs meet the outage only when they exchange).
 */
import { isStintError } from '../lib/errors.js';
import { StateDirUnreadableError } from '../store/types.js';
import { KeysUnreadableError } from '../tokens/keyset.js';
import type { BrokerContext } from './context.js';
import type { BrokerLog } from './log.js';

/** How often the watch checks (the gauges are at most this old, plus one check). */
export const READINESS_CHECK_MS = 15_000;

export interface Readiness {
  ready: boolean;
  /** Whether the store took the write; undefined when the check stopped before it (no signing key). */
  storeUp: boolean | undefined;
  /** The public reason when not ready: generic, since the store's error names internal hosts. */
  reason?: string;
  /** For the broker's own log only. */
  errors: string[];
  warnings: string[];
  /** The store refused the write (counted in stint_store_errors_total by sharedReadiness). */
  storeFailed: boolean;
}

/** Runs every readiness check once and sets the gauges. Never throws. */
export async function checkReadiness(ctx: BrokerContext): Promise<Readiness> {
  const result = await readiness(ctx);
  ctx.metrics.readiness(result.ready, result.storeUp);
  return result;
}

/** How long a readiness result is reused by `/readyz` and the watch (sharedReadiness). */
export const READINESS_REUSE_MS = 1000;

interface SharedReadiness {
  running?: Promise<Readiness>;
  /** Bumped by readinessInDoubt. */
  doubts: number;
  last?: { result: Readiness; atMs: number };
}
/** Per broker, by its store (each request has a context of its own: src/broker/request-scope.ts). */
const sharedByStore = new WeakMap<BrokerContext['store'], SharedReadiness>();

/**
 * Readiness as `GET /readyz` and the readiness watch ask for it: callers at the same time share one
 * check, and a ready result younger than READINESS_REUSE_MS is reused. `/readyz` is public and
 * each check writes to the store (a journal line and its fdatasync, or a Redis write), so a caller
 * polling it in a loop made one write per request; now at most one a second. A failure a request
 * meets in the meantime (readinessInDoubt) drops a reused result, so the next check is fresh:
 * a store that goes away is 503 at once when a request has met it, else within a second.
 * `fresh` is true for the one caller whose call ran the check.
 *
 * @example
 * const { result, fresh } = await sharedReadiness(ctx);
 * if (!result.ready) sendJson(res, 503, { status: 'unavailable', reason: result.reason });
 */
export async function sharedReadiness(ctx: BrokerContext): Promise<{ result: Readiness; fresh: boolean }> {
  let shared = sharedByStore.get(ctx.store);
  if (shared === undefined) {
    shared = { doubts: 0 };
    sharedByStore.set(ctx.store, shared);
  }
  const { last, running } = shared;
  if (running !== undefined) return { result: await running, fresh: false };
  if (last !== undefined && performance.now() - last.atMs < READINESS_REUSE_MS)
    return { result: last.result, fresh: false };
  const state = shared;
  const doubts = state.doubts;
  const check = checkReadiness(ctx)
    .then((result) => {
      // Counted by the check that ran, whoever asked (a /readyz, or the watch every 15 s while no
      // request comes): stint_store_errors_total keeps rising while the store is down.
      if (result.storeFailed) ctx.metrics.storeError();
      // Only a ready result is reused: a broker taken out of rotation comes back at the first check
      // after its fault clears, and a failing check writes nothing (the store or log refuses it).
      // Not kept when a request met a failure while it ran; timed from its end.
      state.last = result.ready && state.doubts === doubts ? { result, atMs: performance.now() } : undefined;
      return result;
    })
    .finally(() => {
      if (state.running === check) state.running = undefined;
    });
  state.running = check;
  const result = await check;
  return { result, fresh: true };
}

/**
 * A request met one of readiness's dependencies failing (the store, the audit log, the signing
 * keys): the next `/readyz` checks afresh rather than reuse a result from before.
 */
export function readinessInDoubt(ctx: BrokerContext): void {
  const shared = sharedByStore.get(ctx.store);
  if (shared === undefined) return;
  shared.last = undefined;
  shared.doubts++;
}

/** Why no key signs now, or undefined when one does. */
function signingKeyProblem(ctx: BrokerContext): unknown {
  try {
    ctx.keySet.current();
    return undefined;
  } catch (error) {
    return error;
  }
}

async function readiness(ctx: BrokerContext): Promise<Readiness> {
  let problem = signingKeyProblem(ctx);
  if (isStintError(problem, 'ERR_KEYS_NO_CURRENT') && ctx.keySet.token !== undefined) {
    // Another broker on the token may have rotated since this one last read it (destroying the
    // private half it still lists): re-read the token before saying no key signs.
    await ctx.keySet.reload().catch(() => undefined);
    problem = signingKeyProblem(ctx);
  }
  if (problem instanceof KeysUnreadableError) {
    // The keys dir changed and could not be read: try again now, so a fixed dir is ready at this probe.
    await ctx.keySet.reload().catch(() => undefined);
    problem = signingKeyProblem(ctx);
  }
  if (problem instanceof KeysUnreadableError) {
    return {
      ready: false,
      storeUp: undefined,
      // The file by its name in the keys dir, the errno and the user; the dir's path goes to the log only.
      reason: `the broker cannot re-read its signing keys since they changed (${problem.file === undefined ? '' : `${problem.file}: `}${problem.reason}, as ${problem.user}); it signs nothing until it can`,
      errors: [`signing keys unreadable: ${problem.message}`],
      warnings: [],
      storeFailed: false,
    };
  }
  if (problem !== undefined) {
    const unreachable = isStintError(problem, 'ERR_PKCS11_SESSION');
    return {
      ready: false,
      storeUp: undefined,
      // The token's name and return codes go to the broker's own log only.
      reason: unreachable ? 'the broker cannot reach its PKCS#11 token' : 'the broker has no signing key',
      errors: [`${unreachable ? 'PKCS#11 token unreachable' : 'no signing key'}: ${(problem as Error).message}`],
      warnings: [],
      storeFailed: false,
    };
  }
  try {
    await ctx.store.checkWrite();
  } catch (error) {
    return storeDown(error);
  }
  try {
    // The embedded store's API key file (damaged, or written by a newer stint): introspection would refuse every resource server.
    await ctx.store.checkApiKeys?.();
  } catch (error) {
    const code = isStintError(error) ? ` (${error.code})` : '';
    return {
      ready: false,
      storeUp: true,
      // The file's path goes to the broker's own log only.
      reason: `the broker cannot read its project API keys${code}`,
      errors: [`API keys unreadable: ${error instanceof Error ? error.message : String(error)}`],
      warnings: [],
      storeFailed: false,
    };
  }
  // After a failed audit write this tries the log again, so a broker taken out of rotation comes
  // back by itself once its disk has room (the watch below asks even when no request comes).
  const audit = await ctx.audit.check();
  if (audit !== undefined) {
    // The errno says what kind of fault; the file's name goes to the broker's own log only.
    const errno = (audit.cause as NodeJS.ErrnoException | undefined)?.code;
    return {
      ready: false,
      storeUp: true,
      reason: `the broker cannot write its audit log${typeof errno === 'string' && /^E[A-Z]+$/.test(errno) ? ` (${errno})` : ''}`,
      errors: [audit.message],
      warnings: [],
      storeFailed: false,
    };
  }
  try {
    const { problems, peersBehind, peersOutvoted, peersOlder } = (await ctx.keyAgreement?.check()) ?? {
      problems: [],
      peersBehind: [],
    };
    const warnings = [
      ...peersBehind.map((behind) => `key set: ${behind}`),
      ...(peersOutvoted ?? []).map((outvoted) => `key set: ${outvoted}`),
      ...(peersOlder ?? []).map((older) => `version: ${older}`),
    ];
    if (problems.length > 0) {
      return {
        ready: false,
        storeUp: true,
        reason: 'the broker does not serve the same signing keys as its peers',
        errors: problems.map((problem) => `key set: ${problem}`),
        warnings,
        storeFailed: false,
      };
    }
    return { ready: true, storeUp: true, errors: [], warnings, storeFailed: false };
  } catch (error) {
    // The key agreement reads and writes the store too.
    return storeDown(error);
  }
}

function storeDown(error: unknown): Readiness {
  return {
    ready: false,
    storeUp: false,
    // The embedded store's unreadable state directory: the errno says what kind of fault (a
    // permission, a failing disk); the directory's name goes to the broker's own log only.
    reason:
      error instanceof StateDirUnreadableError && /^E[A-Z]+$/.test(error.errno)
        ? `the broker cannot read its state directory (${error.errno})`
        : 'the broker cannot write to its store',
    errors: [`store unavailable: ${error instanceof Error ? error.message : String(error)}`],
    warnings: [],
    storeFailed: true,
  };
}

export interface ReadinessWatch {
  /** Stops the timer; resolves when a check in flight has ended (before the store closes). */
  stop(): Promise<void>;
}

/**
 * Checks readiness (sharedReadiness, as `/readyz` does) once `after` settles (the start-up checks, which probe the store themselves:
 * two probes at once on one Redis connection would time each other out), then every
 * READINESS_CHECK_MS (skipping a turn while a check is still running; the timer does not hold the
 * process). It logs when readiness changes, not at each check: the first result is left to the
 * start-up checks, which say it already.
 *
 * @example
 * const watch = watchReadiness(broker.context, log, { after: storeReached });
 * // on drain, before closing the store: await watch.stop();
 */
export function watchReadiness(
  ctx: BrokerContext,
  log: BrokerLog,
  options: { intervalMs?: number; after?: Promise<unknown> } = {},
): ReadinessWatch {
  let running: Promise<void> | undefined;
  let last: boolean | undefined;
  let stopped = false;
  const check = (): void => {
    if (running !== undefined || stopped) return;
    running = sharedReadiness(ctx)
      .then(({ result, fresh }) => {
        // Said by whoever ran the check (a `/readyz` may have run it, and logged them).
        if (fresh) for (const warning of result.warnings) log.warn(`readiness check: ${warning}`);
        if (last !== undefined && result.ready !== last) {
          if (result.ready) log.info('readiness check: ready again');
          else log.error(`readiness check: not ready: ${result.errors.join('; ')}`);
        }
        last = result.ready;
      })
      .finally(() => {
        running = undefined;
      });
  };
  let timer: NodeJS.Timeout | undefined;
  const settled = (): void => {
    if (stopped) return;
    check();
    timer = setInterval(check, options.intervalMs ?? READINESS_CHECK_MS);
    timer.unref();
  };
  void Promise.resolve(options.after).then(settled, settled);
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
