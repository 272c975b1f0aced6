import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // CI runs every package's suite at once on 2 cores; the first ajv compile alone can take seconds there.
    testTimeout: 30_000,
    // Type-level tests (`*.test-d.ts`) run through tsc as part of `vitest run`.
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
});
