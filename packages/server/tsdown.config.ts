import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  platform: 'node',
  target: 'node26',
  dts: true,
  clean: true,
  // .js / .d.ts as the exports say (tsdown 0.23 defaults to .mjs for platform node); the package is ESM.
  fixedExtension: false,
});
