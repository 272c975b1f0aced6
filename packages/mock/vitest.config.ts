import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Reload tests wait for Redocly (about 1-2 s per run) and spawn processes.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
