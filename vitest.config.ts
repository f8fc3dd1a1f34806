import { defineConfig } from 'vitest/config';

// Three projects: `unit` (no database), `integration` (a real database: PGlite, or PostgreSQL when
// DATABASE_URL is set) and `e2e` (real Chromium against a real server). scripts/test.mjs runs them in order.
export default defineConfig({
  test: {
    reporters: ['default', './scripts/vitest-summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['contracts/**/*.test.ts', 'server/**/*.unit.test.ts', 'web/src/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['server/**/*.test.ts'],
          exclude: ['server/**/*.unit.test.ts', 'node_modules/**'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // Each file gets its own database; two at a time suits a 2-core machine.
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          testTimeout: 90_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
