import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // Generous: tests that start processes share two cores with other suites.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores here: more forks only contend for PostgreSQL.
    maxWorkers: 2,
    // Teardown in reverse order of setup: the app closes before its database is dropped.
    sequence: { hooks: 'stack' },
    teardownTimeout: 3_000,
  },
});
