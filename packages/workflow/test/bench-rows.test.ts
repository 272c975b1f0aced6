import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTool } from '@phone-api/tooling/spec';
import { afterAll, describe, expect, it } from 'vitest';
import { type MeasureOptions, measureRow, redoclyLinted, wrote } from '../bench/rows.ts';
import type { RunResult } from '../src/tools.ts';

const specBundle = fileURLToPath(new URL('../../../spec/dist/openapi.json', import.meta.url));
// Empty: the corpus path and the bundle the rows look for are not in it.
const dir = mkdtempSync(path.join(os.tmpdir(), 'phone-api-bench-rows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Redocly's lint of `file`, as the pipeline bench runs it on the corpus. */
async function redoclyLint(file: string): Promise<RunResult> {
  const run = await runTool('redocly', ['lint', file, '--format=summary'], { cwd: dir });
  return { code: run.code, ms: run.ms, stdout: run.output, stderr: '' };
}
const quick = (result: Partial<RunResult>) => async (): Promise<RunResult> => ({
  code: 0,
  ms: 250,
  stdout: '',
  stderr: '',
  ...result,
});
const LINT: MeasureOptions = { okCodes: [0, 1], didWork: redoclyLinted };

describe('a pipeline bench row', () => {
  it.each([
    [
      'fails, without a time, when Redocly lints a corpus path that does not exist',
      {
        given: () => redoclyLint(path.join(dir, 'no-such-corpus.json')),
        options: LINT,
        want: /^did no work: Redocly validated no document$/,
      },
    ],
    [
      'counts a Redocly lint that validated the document',
      { given: () => redoclyLint(specBundle), options: LINT, want: undefined },
    ],
    [
      'fails when a tool exits 0 but did not write its output',
      {
        given: quick({}),
        options: { didWork: wrote(path.join(dir, 'bundle.json')) },
        want: /^did no work: .*bundle\.json was not written$/,
      },
    ],
    [
      'fails on an exit code the step does not accept, naming it',
      {
        given: quick({ code: 2, stderr: 'No files found to lint.' }),
        options: LINT,
        want: /^exit 2: No files found to lint\.$/,
      },
    ],
    ['counts a plain successful run', { given: quick({}), options: {}, want: undefined }],
  ])('%s', async (_name, { given, options, want }) => {
    const row = await measureRow({ group: 'corpus', step: 'step', runs: 2 }, given, options);
    if (want === undefined) {
      expect(row.failed).toBeUndefined();
      expect(row.samples.length).toBeGreaterThan(0);
    } else {
      expect(row.failed).toMatch(want);
      expect(row.samples).toEqual([]);
    }
  });
});
