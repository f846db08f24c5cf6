// The test suite as four projects, each with timeouts for what it does (a test may still pass its
// own, longer timeout). `npm test` runs all four with coverage; one project:
//   npx vitest run --config tests/vitest.config.ts --project unit [file…]
import { defineConfig } from 'vitest/config';

const root = new URL('..', import.meta.url).pathname;
const PACKAGING = ['tests/packaging/**/*.test.ts', 'tests/unit/packaging.test.ts'];

export default defineConfig({
  test: {
    root,
    // 2 cores: two test files at a time over all projects (an e2e file drives one Chromium).
    maxWorkers: 2,
    reporters: ['default'],
    coverage: {
      provider: 'v8',
      include: ['electron/**', 'shared/**', 'renderer/**'],
      exclude: ['**/*.d.ts', '**/*.config.*', 'renderer/index.html'],
      reporter: ['text-summary'],
      // Printed even when a test fails: the figure is part of every run's output.
      reportOnFailure: true,
      reportsDirectory: 'test-output/coverage',
    },
    projects: [
      {
        // The core, shared code and the hosts in plain Node. 60 s: a 10,000-row test took 35 s on a
        // 2-core box shared with other work.
        test: {
          name: 'unit',
          root,
          include: ['tests/unit/**/*.test.ts'],
          exclude: PACKAGING,
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          expect: { poll: { timeout: 10_000 } },
        },
      },
      {
        // React pages over the real core in happy-dom (files say `// @vitest-environment happy-dom`).
        test: {
          name: 'renderer',
          root,
          include: ['tests/renderer/**/*.test.ts', 'tests/renderer/**/*.test.tsx'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          expect: { poll: { timeout: 10_000 } },
        },
      },
      {
        // The built page in Debian's Chromium against the web host.
        test: {
          name: 'e2e',
          root,
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // A page waited on with expect.poll gets 10 s, not 1 s: a loaded 2-core box is slow, and a
          // poll that fails is still a failure, only a later one.
          expect: { poll: { timeout: 10_000 } },
        },
      },
      {
        // electron-builder really packs the app: long, and alone in its worker.
        test: {
          name: 'packaging',
          root,
          include: PACKAGING,
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 300_000,
          maxWorkers: 1,
        },
      },
    ],
  },
});
