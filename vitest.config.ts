import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration and browser tests start real servers and Chromium: run files one at a time on 2 cores.
    fileParallelism: false,
    reporters: ['default'],
    expect: { poll: { timeout: 10_000, interval: 50 } },
  },
});
