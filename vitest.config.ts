import { defineConfig } from 'vitest/config';

// Two projects: fast unit tests colocated with the source, and the slower suites under tests/ that spawn
// the built CLI, real HTTP servers and a private redis-server.
export default defineConfig({
  test: {
    // The JSON report is what .ci/run reads for its closing `vitest: N passed, N failed` line.
    reporters: ['default', ['json', { outputFile: '.vitest-results.json' }]],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{apps,core,shared,contract,plugins}/**/src/**/*.test.ts', 'scripts/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/{integration,e2e}/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          globalSetup: ['tests/test-utils/src/global-setup.ts'],
        },
      },
    ],
    benchmark: {
      include: ['tests/performance/**/*.bench.ts'],
    },
  },
});
