/**
 * Breaking-change gate: compares `spec/` with the last released spec and fails on a breaking change
 * unless a changeset bumps the client and server packages as major, or on an `info.version` that did
 * not move as far as the changes need. `spec/breaking-policy.yaml` sets severities and accepted changes.
 *
 *   pnpm breaking [--base <git ref>] [--format text|markdown|junit|json|github] [--output <file>]
 *                 [--write-changeset] [--write-version] [--today YYYY-MM-DD] [--json]
 *
 * Exit codes: 0 pass, 1 a blocking change without a major changeset or a missing version bump,
 * 2 usage, policy or tool error.
 */
import { appendFile } from 'node:fs/promises';
import { parseLifecycleDate } from '@phone-api/spec/lifecycle-dates';
import { parseCommandLine, usageError } from '@phone-api/tooling/args';
import { FORMATS, type Format, renderReport } from './breaking/reports/index.ts';
import { runGate } from './gate.ts';

const cli = {
  usage:
    'pnpm breaking [--base <git ref>] [--format text|markdown|junit|json|github] [--output <file>] ' +
    '[--write-changeset] [--write-version] [--today YYYY-MM-DD] [--json]',
  options: {
    base: { type: 'string' },
    format: { type: 'string', default: 'text' },
    output: { type: 'string' },
    today: { type: 'string' },
    'write-changeset': { type: 'boolean', default: false },
    'write-version': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
} as const;

async function main(): Promise<number> {
  const { values } = parseCommandLine(cli);
  const format = values.json ? 'json' : values.format;
  if (!(format in FORMATS)) usageError(cli, `breaking: unknown --format ${format}`);
  // A day that exists (2027-02-30 is refused, not rolled over), read as the spec's lifecycle dates are.
  if (values.today !== undefined && parseLifecycleDate(values.today)?.date !== values.today) {
    usageError(cli, `breaking: --today takes a date as YYYY-MM-DD, got ${values.today}`);
  }
  const result = await runGate({
    cwd: process.cwd(),
    ...(values.base === undefined ? {} : { base: values.base }),
    ...(values.today === undefined ? {} : { today: values.today }),
    writeChangeset: values['write-changeset'],
    writeVersion: values['write-version'],
  });
  const text = renderReport(format as Format, result);
  // --output appends, as GitHub's $GITHUB_STEP_SUMMARY expects, and keeps the log readable as text.
  if (values.output === undefined) process.stdout.write(text);
  else {
    await appendFile(values.output, text);
    process.stdout.write(renderReport('text', result));
  }
  return result.exitCode;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A policy or tool error (a bad policy file, a failed bundle): exit 2, like a usage error.
    console.error(`breaking: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  },
);
