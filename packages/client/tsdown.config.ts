import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts'],
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  dts: true,
  sourcemap: true,
  clean: true,
  // openapi-fetch is a dependency and ajv an optional peer: consumers install them, we never inline them.
  deps: { neverBundle: ['openapi-fetch', /^ajv/] },
});
