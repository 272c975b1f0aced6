import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Starts a private PostgreSQL (installing it if needed) once per run.
    globalSetup: ['test/global-setup.ts'],
    // Generous limits for busy 2-core machines (PostgreSQL may be installed by the global setup).
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Type-level tests (`*.test-d.ts`) run through tsc as part of `vitest run`.
    typecheck: {
      enabled: true,
      include: ['test/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
  },
});
