import { describe, expect, it } from 'vitest';
import { applyPolicy, type Change, checkVersion, requiredBump } from '../src/breaking/index.ts';
import { DEFAULT_POLICY } from '../src/breaking/policy.ts';

const change = (severity: Change['severity'], stability?: 'beta'): Change => ({
  kind: 'path-added',
  severity,
  location: `/${severity}`,
  message: severity,
  pointer: '#',
  ...(stability ? { stability } : {}),
});
const bump = (...changes: Change[]) => requiredBump(applyPolicy(changes, DEFAULT_POLICY));

describe('requiredBump: the most severe change decides', () => {
  it.each([
    ['nothing changed', { given: [], want: undefined }],
    ['documentation only', { given: [change('info')], want: 'patch' }],
    ['an addition', { given: [change('info'), change('additive')], want: 'minor' }],
    ['a warning', { given: [change('warning')], want: 'minor' }],
    ['a breaking change', { given: [change('additive'), change('breaking')], want: 'major' }],
    ['a waived breaking change (beta operation)', { given: [change('breaking', 'beta')], want: 'minor' }],
  ] as const)('%s', (_name, { given, want }) => {
    expect(bump(...given)).toBe(want);
  });
});

describe('checkVersion', () => {
  it.each([
    ['major needed, major given', { given: ['1.4.2', '2.0.0', 'major'], want: [true, undefined] }],
    ['major needed, minor given', { given: ['1.4.2', '1.5.0', 'major'], want: [false, '2.0.0'] }],
    ['minor needed, patch given', { given: ['1.4.2', '1.4.3', 'minor'], want: [false, '1.5.0'] }],
    ['minor needed, more given', { given: ['1.4.2', '3.0.0', 'minor'], want: [true, undefined] }],
    ['patch needed, unchanged', { given: ['1.4.2', '1.4.2', 'patch'], want: [false, '1.4.3'] }],
    [
      'a pre-release counts by its numbers',
      { given: ['1.4.2', '2.0.0-rc.1', 'major'], want: [true, undefined] },
    ],
    ['nothing needed', { given: ['1.4.2', '1.4.2', undefined], want: [true, undefined] }],
    ['a base without semver is not checked', { given: ['v1', '1.0.0', 'major'], want: [true, undefined] }],
    ['a head without semver fails', { given: ['1.0.0', 'next', 'minor'], want: [false, undefined] }],
  ] as const)('%s', (_name, { given: [base, head, required], want: [ok, expected] }) => {
    const result = checkVersion(base, head, required);
    expect([result.ok, result.expected]).toEqual([ok, expected]);
  });
});
