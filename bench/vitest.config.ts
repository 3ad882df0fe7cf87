import { defineConfig } from 'vitest/config';

// Benchmarks run one file at a time so they do not share the 2 cores with each other.
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.ts'],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
