import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KEY_MAINTENANCE_MS, scheduleMaintenance } from '../../src/broker/server.js';

/**
 * The broker's key maintenance timer (src/broker/server.ts): brokers started together on one token
 * or one keys dir must not run it in lockstep, or each makes its own successor milliseconds apart.
 */
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Runs a schedule with these random draws for `forMs` of fake time; the times it ran at. */
async function runTimes(draws: number[], forMs: number): Promise<number[]> {
  const times: number[] = [];
  let i = 0;
  const started = Date.now();
  const schedule = scheduleMaintenance(
    async () => {
      times.push(Date.now() - started);
    },
    { random: () => draws[i++ % draws.length]! },
  );
  await vi.advanceTimersByTimeAsync(forMs);
  schedule.stop();
  return times;
}

describe('key maintenance schedule', () => {
  it('draws each delay anew between half the period and all of it: two brokers started together part ways', async () => {
    const a = await runTimes([0, 0.5, 1], 5 * KEY_MAINTENANCE_MS);
    const b = await runTimes([0.9, 0.2], 5 * KEY_MAINTENANCE_MS);
    const half = KEY_MAINTENANCE_MS / 2;
    // Random draws 0, 0.5, 1: 15 s, then 22.5 s, then 30 s after each previous run.
    expect(a.slice(0, 3)).toEqual([
      half,
      half + 0.75 * KEY_MAINTENANCE_MS,
      half + 0.75 * KEY_MAINTENANCE_MS + KEY_MAINTENANCE_MS,
    ]);
    for (const times of [a, b]) {
      const gaps = times.map((t, k) => t - (times[k - 1] ?? 0));
      for (const gap of gaps) {
        // A change still reaches every broker within the period.
        expect(gap).toBeGreaterThanOrEqual(half);
        expect(gap).toBeLessThanOrEqual(KEY_MAINTENANCE_MS);
      }
    }
    // Not in lockstep: no run of one is at the same moment as a run of the other.
    expect(a.filter((t) => b.includes(t))).toEqual([]);
  });

  it('waits for a run to settle before the next delay starts, and stops', async () => {
    let running = 0;
    let most = 0;
    let runs = 0;
    const schedule = scheduleMaintenance(
      async () => {
        runs++;
        running++;
        most = Math.max(most, running);
        // A slow token: longer than the period.
        await new Promise((done) => setTimeout(done, 2 * KEY_MAINTENANCE_MS));
        running--;
      },
      { random: () => 0 },
    );
    await vi.advanceTimersByTimeAsync(10 * KEY_MAINTENANCE_MS);
    expect(most).toBe(1);
    expect(runs).toBeGreaterThan(1);
    schedule.stop();
    const stoppedAt = runs;
    await vi.advanceTimersByTimeAsync(10 * KEY_MAINTENANCE_MS);
    expect(runs).toBe(stoppedAt);
  });
});
