import { mkdirSync, writeFileSync } from 'node:fs';

/** One line of bench/RESULTS.md. Ratios are taken within one run, never against a stored figure. */
export interface BenchFigure {
  /** What was measured, e.g. "policy check, 10,000 / 10 rules". */
  figure: string;
  /** The measured value as printed, e.g. "1.31×" or "412 exchanges/s". */
  value: string;
  /** The target, e.g. "≤ 2×"; empty when the figure is informative only. */
  target: string;
  /** Whether the target was met; undefined when there is no target. */
  met?: boolean;
}

/**
 * Records figures for bench/run.mjs to gather into bench/RESULTS.md. Call once per bench file
 * with a distinct `area`; the figures also go to stdout.
 */
export function recordBench(area: string, figures: BenchFigure[]): void {
  mkdirSync('bench/.results', { recursive: true });
  writeFileSync(`bench/.results/${area}.json`, `${JSON.stringify(figures, null, 2)}\n`);
  for (const f of figures) {
    const verdict = f.met === undefined ? '' : f.met ? '  (met)' : '  (NOT met)';
    console.log(`[bench ${area}] ${f.figure}: ${f.value}${f.target ? `  target ${f.target}` : ''}${verdict}`);
  }
}

/** Operations per second of `fn`, run for about `ms` milliseconds after a short warm-up. */
export async function opsPerSecond(fn: () => unknown | Promise<unknown>, ms = 1000): Promise<number> {
  const warmUntil = performance.now() + Math.min(200, ms / 5);
  while (performance.now() < warmUntil) await fn();
  let count = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    await fn();
    count++;
    elapsed = performance.now() - start;
  }
  return (count * 1000) / elapsed;
}
