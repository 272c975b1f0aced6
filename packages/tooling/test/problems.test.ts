import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { failureReport, formatProblem, redoclyProblems, spectralProblems } from '../src/spec/problems.ts';

// Outputs as the CLIs print them (trimmed): Redocly's boxed notice, then `--format=stylish` rows, one
// repeated as Redocly repeats a row per failing example; Spectral's `--format=text` rows.
const REDOCLY = `
    ╔═════════════════════╗
    ║  Deprecation notice ║
    ╚═════════════════════╝

validating openapi.yaml...
paths/v1_agents_phone-numbers_{id}.yaml:
  23:13  error    no-unresolved-refs              Can't resolve $ref: ENOENT components/schemas/PhoneNumbr.yaml
  23:13  error    no-unresolved-refs              Can't resolve $ref: ENOENT components/schemas/PhoneNumbr.yaml
components/examples/ConvaiTwilio.yaml:
   5:10  warning  no-invalid-media-type-examples  Example value must conform to the schema.
`;
// Spectral prints absolute paths: rooted in the machine's temp folder, as a lint of a copy would be.
const LINTED = join(tmpdir(), 'lint-x');
const SPECTRAL = `${LINTED}/dist/openapi.yaml:186:20 error operation-id-camel-case "operationId "agents_get" must be camelCase."
${LINTED}/dist/openapi.yaml:12:3 warning info-contact "Info object must have "contact" object."
`;

describe('the one problem format of both linters', () => {
  it.each([
    [
      'Redocly stylish: file headers, rows, repeats folded, banners skipped',
      {
        given: () => redoclyProblems(REDOCLY),
        want: [
          "paths/v1_agents_phone-numbers_{id}.yaml:23:13 error no-unresolved-refs: Can't resolve $ref: ENOENT components/schemas/PhoneNumbr.yaml",
          'components/examples/ConvaiTwilio.yaml:5:10 warning no-invalid-media-type-examples: Example value must conform to the schema.',
        ],
      },
    ],
    [
      'Spectral text: absolute paths made relative to where it ran, quotes around the message dropped',
      {
        given: () => spectralProblems(SPECTRAL, LINTED),
        want: [
          'dist/openapi.yaml:186:20 error operation-id-camel-case: operationId "agents_get" must be camelCase.',
          'dist/openapi.yaml:12:3 warning info-contact: Info object must have "contact" object.',
        ],
      },
    ],
  ])('%s', (_name, { given, want }) => {
    expect(given().map(formatProblem)).toEqual(want);
  });

  it.each([
    [
      'lists the problems when there are some',
      { given: REDOCLY, want: /^paths\/.*:23:13 error no-unresolved-refs/ },
    ],
    [
      'falls back to the last lines, banners removed, when nothing parses (a crash, a missing file)',
      {
        given: '  ║ notice ║\nError: ENOENT: no such file openapi.yaml\n',
        want: /^Error: ENOENT: no such file openapi\.yaml$/,
      },
    ],
  ])('a failure report %s', (_name, { given, want }) => {
    expect(failureReport(redoclyProblems(given), given)).toMatch(want);
  });
});
