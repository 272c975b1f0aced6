import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default', './src/reporter.ts'],
    // Each request has its own 2 s limit; a test sends a handful, a property a few dozen.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
