import { defineConfig } from 'tsdown';

export default defineConfig({
  // Two entries: `browser` is the part that runs without Node (shared code lands in a common chunk).
  entry: ['src/index.ts', 'src/browser.ts'],
  format: ['esm'],
  platform: 'node',
  target: 'node26',
  // The private @phone-api/openapi is bundled (source and types), so its sources sit under the root too.
  dts: { tsc: { eager: true }, compilerOptions: { rootDir: '..' } },
  clean: true,
  // .js / .d.ts as the exports say (tsdown 0.23 defaults to .mjs for platform node); the package is ESM.
  fixedExtension: false,
});
