import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The entry-point table and the spec tools spawn processes (Redocly: about 1-2 s per run).
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
