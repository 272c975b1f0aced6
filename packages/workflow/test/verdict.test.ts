import { describe, expect, it } from 'vitest';
import type { DecidedChange } from '../src/breaking/index.ts';
import { verdictLines } from '../src/verdict.ts';

const change = (kind: DecidedChange['kind'], blocking: boolean): DecidedChange => ({
  kind,
  severity: 'breaking',
  location: 'operation',
  message: kind,
  pointer: '#',
  fingerprint: '000000000000',
  decidedBy: blocking ? 'rule default' : 'stability: beta',
  blocking,
  ...(blocking ? {} : { waived: 'stability' as const }),
});
const ok = { ok: true, message: 'fine' };
const input = {
  packages: ['@phone-api/client', '@phone-api/server'],
  policyFile: 'spec/breaking-policy.yaml',
  rootFile: 'spec/openapi.yaml',
};

describe('verdictLines', () => {
  it.each([
    ['no change passes', { given: { changes: [], majorBumped: false }, want: ['PASS: no breaking change.'] }],
    [
      'a breaking change without a major changeset fails, naming the fixes',
      {
        given: { changes: [change('operation-removed', true)], majorBumped: false },
        want: [
          'FAIL: 1 breaking change and no changeset bumping @phone-api/client and @phone-api/server as major. Fix: pnpm breaking --write-changeset (or undo the breaking change, or accept it by fingerprint in spec/breaking-policy.yaml).',
        ],
      },
    ],
    [
      'an announced removal is named as such',
      {
        given: { changes: [change('removed-after-sunset', true)], majorBumped: false },
        want: [
          'FAIL: 1 announced removal (sunset passed) and no changeset bumping @phone-api/client and @phone-api/server as major. Fix: pnpm breaking --write-changeset.',
        ],
      },
    ],
    [
      'both kinds are counted apart',
      {
        given: {
          changes: [
            change('removed-after-sunset', true),
            change('operation-removed', true),
            change('path-removed', true),
          ],
          majorBumped: false,
        },
        want: [/^FAIL: 2 breaking changes and 1 announced removal and no changeset/],
      },
    ],
    [
      'a major changeset lets breaking changes pass',
      {
        given: { changes: [change('operation-removed', true)], majorBumped: true },
        want: [
          'PASS: breaking changes are released as a major bump of @phone-api/client and @phone-api/server.',
        ],
      },
    ],
    [
      'waived breaking changes pass and say why',
      {
        given: { changes: [change('operation-removed', false)], majorBumped: false },
        want: ['PASS: the breaking changes are waived by the policy (accepted or not yet stable).'],
      },
    ],
  ])('%s', (_name, { given, want }) => {
    const lines = verdictLines({ ...input, ...given, version: ok });
    expect(lines).toHaveLength(want.length);
    for (const [i, w] of want.entries()) {
      if (typeof w === 'string') expect(lines[i]).toBe(w);
      else expect(lines[i]).toMatch(w);
    }
  });

  it('adds the version failure with its exact fix', () => {
    const version = {
      ok: false,
      expected: '1.1.0',
      message: 'info.version 1.0.0 -> 1.0.0, but the changes need a minor bump (1.1.0)',
    };
    expect(verdictLines({ ...input, changes: [], majorBumped: false, version })).toEqual([
      'FAIL: info.version 1.0.0 -> 1.0.0, but the changes need a minor bump (1.1.0). Fix: pnpm breaking --write-version (sets info.version to 1.1.0 in spec/openapi.yaml).',
    ]);
  });
});
