import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin } from '../helpers/redis-topology.js';
import { type Fleet, startFleet } from './setup.js';
import { exchangeStream, refusedThenServed } from './stream.js';

/**
 * Redis stalls (DEBUG SLEEP: up, connected, not answering) for 2 s under a stream of exchanges at
 * two brokers. Exchanges time out and are refused with 503; when Redis wakes it runs the commands
 * that waited, and none of them may turn a refused exchange into a spent ID token.
 */
// A failure during a stream: the trigger's waits (up to 180 s) and the stream after it (120 s) on a busy machine.
describe('a Redis that stalls for 2 s', { timeout: 600_000 }, () => {
  let fleet: Fleet;
  beforeAll(async () => {
    fleet = await startFleet(2, 'redis', { redisArgs: ['--enable-debug-command', 'yes'] });
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  it('refuses while it sleeps, spends no refused ID token, exchanges none twice, and serves again by itself', async () => {
    const redis = fleet.redis!;
    const urls = fleet.brokers.map((b) => b.url);
    let stalls = 0;
    const report = await exchangeStream(urls, fleet.issuer, {
      triggerAt: 15,
      // Two stalls, so commands land in the sleep at different steps of an exchange.
      trigger: async () => {
        for (let i = 0; i < 2; i++) {
          await admin(redis.port, redis.password, (r) => r.call('DEBUG', 'SLEEP', '2'));
          stalls++;
          await new Promise((resolve) => setTimeout(resolve, 300));
        }
      },
      after: 40,
    });
    await report.triggered;
    console.log(
      `DEBUG SLEEP 2 (twice): ${report.rounds} rounds, statuses ${JSON.stringify(report.statuses)}, doubles ${report.doubles}, refused ${report.refused.length}, outage ${report.outageMs} ms`,
    );
    expect(stalls).toBe(2);
    expect(report.statuses[503]).toBeGreaterThan(0);
    expect(report.doubles).toBe(0);
    // Every ID token refused with 503 is still good: the job's retry gets its token.
    const retry = await refusedThenServed(urls[0]!, report.refused);
    console.log(`refused then retried: ${retry.served} served, ${retry.burnt} burnt`);
    expect(retry.burnt).toBe(0);
    expect(retry.served).toBe(report.refused.length);
  });
});
