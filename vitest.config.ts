import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['apps/*/test/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'adapters/*/test/**/*.test.ts', 'conformance/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // the model tests are CPU-heavy; two workers match the CI machine's two cores
    maxWorkers: 2,
  },
});
