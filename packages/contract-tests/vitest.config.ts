import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { targetFromEnv } from './src/target.ts';

const target = targetFromEnv();

// `pnpm dev` regenerates the client's and the server's sources on every save but does not rebuild their
// dist/, so it sets CONTRACT_CLIENT_SOURCE=1 to run the suite with the sources of that very save (the
// broken targets are built on the server's router). Everywhere else (turbo builds the packages first) the
// suite uses the built packages, as a user of the SDK would.
// Exact names: a bare-name alias would also rewrite subpaths (`@phone-api/server/browser`).
const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const clientSource =
  process.env.CONTRACT_CLIENT_SOURCE === '1'
    ? [
        { find: /^@phone-api\/client$/, replacement: source('../client/src/index.ts') },
        { find: /^@phone-api\/server$/, replacement: source('../server/src/index.ts') },
        { find: /^@phone-api\/server\/browser$/, replacement: source('../server/src/browser.ts') },
      ]
    : [];

export default defineConfig({
  resolve: { alias: clientSource },
  test: {
    include: ['test/**/*.test.ts'],
    // Stateful scenarios with writes off have nothing to send, and round trips need writes and state; the
    // conformance table says why (`off` / `n.a.`).
    exclude: [
      // Asking for a response with `Prefer` is the mock's feature.
      ...(target.kind === 'mock' ? [] : ['test/examples.test.ts']),
      ...(target.allowWrites ? [] : ['test/stateful.test.ts']),
      ...(target.allowWrites && !target.stateless
        ? []
        : [
            'test/property-roundtrip.test.ts',
            'test/stateful-links.test.ts',
            'test/stateful-refusals.test.ts',
          ]),
    ],
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default', './src/reporter.ts'],
    // Files share one workspace of a stateful target: in parallel, one file's create of a spec example's
    // e164 would meet another's as a 409. The stateless mock has no such coupling.
    fileParallelism: target.stateless,
    // Each request has its own 2 s limit; a test sends a handful, a property a few dozen.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
