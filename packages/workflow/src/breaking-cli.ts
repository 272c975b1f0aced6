/**
 * Breaking-change gate: compares `spec/` with the last released spec and fails on a breaking change
 * unless a changeset bumps the client and server packages as major.
 *
 *   pnpm breaking [--base <git ref>] [--write-changeset] [--json]
 *
 * Exit codes: 0 pass, 1 breaking change without a major changeset, 2 usage or tool error.
 */
import { parseArgs } from 'node:util';
import { runGate } from './gate.ts';

const usage = 'usage: pnpm breaking [--base <git ref>] [--write-changeset] [--json]';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      base: { type: 'string' },
      'write-changeset': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const result = await runGate({
    cwd: process.cwd(),
    ...(values.base === undefined ? {} : { base: values.base }),
    writeChangeset: values['write-changeset'],
  });
  if (values.json) {
    const { report: _report, ...data } = result;
    console.log(JSON.stringify(data, null, 2));
  } else {
    console.log(result.report);
  }
  return result.exitCode;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`breaking: ${error instanceof Error ? error.message : String(error)}`);
    console.error(usage);
    process.exitCode = 2;
  },
);
