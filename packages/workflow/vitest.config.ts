import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Gate and dev-mode tests spawn Redocly, tsc and git: seconds each on two cores.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
