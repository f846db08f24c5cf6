import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // e2e files share one Chromium each; keep workers to the machine's 2 cores.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
