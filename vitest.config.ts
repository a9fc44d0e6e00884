import { defineConfig } from 'vitest/config';

// Unit and corpus tests run in Node against the same extractors the worker uses.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores on CI machines: keep parallelism modest.
    maxWorkers: 2,
  },
});
