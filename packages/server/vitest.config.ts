import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// Both `typescript` (5.9) and `typescript-native` (7) ship a `tsc` bin and pnpm links the newer one, so
// the type tests name their compiler: TS 5.9 here, while `typecheck` runs TS 7 over the same project.
const tsc59 = createRequire(import.meta.url).resolve('typescript/bin/tsc');

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Type-level tests (`*.test-d.ts`) run through tsc as part of `vitest run`.
    typecheck: {
      enabled: true,
      include: ['test/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
      checker: tsc59,
    },
  },
});
