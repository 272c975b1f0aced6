import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts'],
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  // The private @phone-api/openapi's `Surface` type is inlined; its source sits outside the package.
  dts: { tsc: { eager: true }, compilerOptions: { rootDir: '..' } },
  sourcemap: true,
  clean: true,
  // openapi-fetch is a dependency and ajv an optional peer: consumers install them, we never inline them.
  deps: { neverBundle: ['openapi-fetch', /^ajv/] },
});
