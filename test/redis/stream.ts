import type { GithubIssuer } from '../../src/demo/github-issuer.js';
import { exchange, idToken, sleep } from './setup.js';

/** What a stream of exchanges through a failure came to. */
export interface StreamReport {
  rounds: number;
  /** Status → how many answers had it (every broker, every round). */
  statuses: Record<number, number>;
  /** ID tokens answered 200 more than once, during the stream or when replayed after it. Must be 0. */
  doubles: number;
  /** ID tokens answered 200 once (each was replayed at every broker afterwards). */
  served: number;
  /** ID tokens refused with 503 and never answered 200: those must still be usable (`refusedThenServed`). */
  refused: string[];
  /** Milliseconds from the first failed round after the trigger to the next round with a 200 (0 if none failed). */
  outageMs: number;
  /** Readiness samples of each broker while the stream ran: [ms since start, status]. */
  readiness: Array<Array<[number, number]>>;
}

/**
 * Sends a fresh ID token to every broker at once, round after round (a token exchanged twice is
 * the failure this counts), calls `trigger` (not awaited: the failure happens under load) at round
 * `triggerAt`, and goes on until `after` rounds with a 200 followed the trigger, or `ceilingMs`
 * passed since the trigger finished (a failover takes longer on a busy machine; the trigger's
 * own waits have their ceilings). Then replays every token that got a 200 at every broker: a 200
 * there is a lost record.
 */
export async function exchangeStream(
  brokers: string[],
  issuer: GithubIssuer,
  options: { triggerAt: number; trigger: () => Promise<unknown>; after?: number; ceilingMs?: number },
): Promise<StreamReport & { triggered: Promise<unknown> }> {
  const started = Date.now();
  const ceilingMs = options.ceilingMs ?? 120_000;
  let ceiling = Number.POSITIVE_INFINITY;
  const statuses: Record<number, number> = {};
  const wins = new Map<string, number>();
  const refused: string[] = [];
  const readiness: Array<Array<[number, number]>> = brokers.map(() => []);
  let triggered: Promise<unknown> = Promise.resolve();
  let firstFailure: number | undefined;
  let outageMs = 0;
  let servedAfter = 0;
  let stop = false;
  const sampler = (async () => {
    while (!stop) {
      await Promise.all(
        brokers.map(async (url, i) => {
          const status = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(10_000) }).then(
            (r) => r.status,
            () => 0,
          );
          readiness[i]!.push([Date.now() - started, status]);
        }),
      );
      await sleep(100);
    }
  })();
  let round = 0;
  for (; Date.now() < ceiling; round++) {
    if (round === options.triggerAt) {
      triggered = options.trigger();
      const settled = () => {
        ceiling = Date.now() + ceilingMs;
      };
      triggered.then(settled, settled);
    }
    const token = await idToken(issuer);
    const answers = await Promise.all(
      brokers.map((url) => exchange(url, token, 'warehouse', 15_000).catch(() => ({ status: 0 }))),
    );
    let ok = 0;
    for (const a of answers) {
      statuses[a.status] = (statuses[a.status] ?? 0) + 1;
      if (a.status === 200) ok++;
    }
    if (ok > 0) wins.set(token, ok);
    else if (answers.some((a) => a.status !== 401)) refused.push(token);
    if (round >= options.triggerAt) {
      if (ok === 0 && firstFailure === undefined) firstFailure = Date.now();
      if (ok > 0) {
        if (firstFailure !== undefined && outageMs === 0) outageMs = Date.now() - firstFailure;
        servedAfter++;
        if (servedAfter >= (options.after ?? 30)) break;
      }
    }
    await sleep(10);
  }
  stop = true;
  await sampler;
  let doubles = [...wins.values()].filter((n) => n > 1).length;
  for (const token of wins.keys()) {
    const again = await Promise.all(brokers.map((url) => exchange(url, token, 'warehouse', 15_000)));
    if (again.some((a) => a.status === 200) && (wins.get(token) ?? 0) <= 1) doubles++;
  }
  return { rounds: round, statuses, doubles, served: wins.size, refused, outageMs, readiness, triggered };
}

/** How many of `tokens` (refused with 503 during a stream) a broker now exchanges; each must be. */
export async function refusedThenServed(broker: string, tokens: string[]): Promise<{ served: number; burnt: number }> {
  let served = 0;
  let burnt = 0;
  for (const token of tokens) {
    const answer = await exchange(broker, token, 'warehouse', 15_000);
    if (answer.status === 200) served++;
    else if (answer.status === 401 && String(answer.body.error_description).includes('already exchanged')) burnt++;
  }
  return { served, burnt };
}
