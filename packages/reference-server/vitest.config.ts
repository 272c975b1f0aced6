import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Starts a private PostgreSQL (installing it if needed) and builds the PGlite template once per run.
    globalSetup: ['test/global-setup.ts'],
    // PGlite runs PostgreSQL in WASM on the test's own thread: generous limits for busy 2-core machines.
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
