/**
 * Dev mode: watches spec/ and, on each save, lints, bundles, regenerates the client and server types,
 * typechecks them, reloads the in-process mock and runs the contract tests of the changed operations.
 *
 *   pnpm dev [--no-mock] [--no-tests]
 *
 * A broken spec stops at lint with each problem's file:line:col; the mock keeps serving the last good one.
 */
import path from 'node:path';
import { parseCommandLine } from '@phone-api/tooling/args';
import { startDev } from './dev.ts';

const { values } = parseCommandLine({
  usage: 'pnpm dev [--no-mock] [--no-tests]',
  options: {
    'no-mock': { type: 'boolean', default: false },
    'no-tests': { type: 'boolean', default: false },
  },
});

const session = await startDev({
  repoRoot: path.resolve(import.meta.dirname, '../../..'),
  mock: !values['no-mock'],
  contractTests: !values['no-tests'],
});

const stop = async () => {
  await session.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
