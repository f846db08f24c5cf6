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
    // A page waited on with expect.poll gets 10 s, not 1 s: a loaded 2-core CI box is slow, and a
    // poll that fails is still a failure, only a later one.
    expect: { poll: { timeout: 10_000 } },
  },
});
