import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each test shells out to the Spectral or Redocly CLI (2-5 s apiece on two cores, more under load).
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
