/**
 * The log of an outage the broker answers 503 for (its store, its audit log, its signing keys, a
 * key set its peers do not share): the first refusal is logged with its reason, the refusals after
 * it are counted and summarised at most once per OUTAGE_LOG_EVERY_MS per cause, and the first
 * request served afterwards says that it is over and how many were refused. An outage under CI
 * load (hundreds of requests a second) is then a handful of lines, not one per request, which
 * would drown the lines that say what changed and trip a log-based alert per line. Each request
 * keeps its access line, and stint_store_errors_total and stint_exchanges_total still count each.
 */
import type { BrokerLog } from './log.js';

/** How often, at most, a cause's refusals are logged (its first, then a summary with a count). */
export const OUTAGE_LOG_EVERY_MS = 60_000;

export interface OutageLog {
  /**
   * A request refused for `cause` (its error code, or `/readyz: ` and the public reason); `line` is what one refusal
   * logs alone (the route and the reason). Logged at error when no line of this cause was logged in
   * the last OUTAGE_LOG_EVERY_MS, else counted for the next one. `where` (a route, and the
   * failure's own code) keeps apart, under one cause, refusals an operator tells apart: the
   * introspection and the certificate refused for one audit log, or a log cut short and then
   * one whose last line is incomplete; a bounded set too.
   */
  refused(cause: string, requestId: string, line: string, where?: string): void;
  /** A request was served (its dependencies answered): each outage that was logged is said to be over. */
  served(): void;
}

/** A line's fields: `code` when the cause is a catalogue code (a /readyz cause is its public reason). */
function fields(cause: string, extra: Record<string, string>): Record<string, string> {
  return /^ERR_[A-Z0-9_]+$/.test(cause) ? { ...extra, code: cause } : extra;
}

interface CauseState {
  /** When this cause's last line was logged (-Infinity: never). */
  lastLineMs: number;
  /** Refusals since that line that no line has counted yet. */
  held: number;
  /** The run of refusals under way (since the last request served). */
  run?: { sinceMs: number; refused: number; announced: boolean };
}

/**
 * @example
 * const outages = createOutageLog(ctx.log, ctx.now);
 * outages.refused('ERR_STORE_UNAVAILABLE', requestId, `/auth/oidc/exchange: ${reason}`);
 * // a 200 later: outages.served();
 */
export function createOutageLog(
  log: BrokerLog | undefined,
  now: () => number,
  everyMs = OUTAGE_LOG_EVERY_MS,
): OutageLog {
  // One entry per cause and where: error codes, routes and /readyz, a bounded set.
  const causes = new Map<string, CauseState & { cause: string; where?: string }>();
  const every = `${Math.round(everyMs / 1000)} s`;
  return {
    refused(cause, requestId, line, where) {
      const t = now();
      const key = where === undefined ? cause : `${cause} ${where}`;
      let state = causes.get(key);
      if (state === undefined) {
        state = { cause, where, lastLineMs: Number.NEGATIVE_INFINITY, held: 0 };
        causes.set(key, state);
      }
      state.run ??= { sinceMs: t, refused: 0, announced: false };
      const run = state.run;
      run.refused++;
      if (t - state.lastLineMs < everyMs) {
        state.held++;
        return;
      }
      const earlier = state.held;
      if (!run.announced) {
        log?.error(
          fields(cause, { request_id: requestId }),
          `${line}${earlier > 0 ? ` (${earlier} earlier such refusal(s) were not logged)` : ''}; further refusals for this cause are counted and logged at most once every ${every} until a request is served again`,
        );
        run.announced = true;
      } else {
        log?.error(
          fields(cause, { request_id: requestId }),
          `${earlier + 1} request(s) refused (${cause}) since the last such line, ${run.refused} since ${new Date(run.sinceMs).toISOString()}; the latest: ${line}`,
        );
      }
      state.held = 0;
      state.lastLineMs = t;
    },
    served() {
      if (causes.size === 0) return;
      for (const state of causes.values()) {
        const { cause, where, run } = state;
        if (run === undefined) continue;
        state.run = undefined;
        // A run no line announced (it began within the interval after the last line) stays counted
        // in `held`, for this cause's next line.
        if (!run.announced) continue;
        log?.info(
          fields(cause, {}),
          `requests are served again: ${run.refused} refused (${where === undefined ? cause : `${cause} at ${where}`}) since ${new Date(run.sinceMs).toISOString()}${state.held > 0 ? `, ${state.held} of them after the last line` : ''}`,
        );
        state.held = 0;
      }
    },
  };
}
