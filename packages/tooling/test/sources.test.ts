import { describe, expect, it } from 'vitest';
import { isSpecSource } from '../src/spec/sources.ts';

const SPEC = '/repo/spec';

describe('the spec source set (what the mock and dev mode watch)', () => {
  it.each([
    ['a path file', { given: 'paths/v1_agents_phone-numbers.yaml', want: true }],
    ['a component', { given: 'components/schemas/PhoneNumber.yml', want: true }],
    ['the Spectral ruleset', { given: '.spectral.yaml', want: true }],
    ['a house rule', { given: 'rules/operationIdCase.js', want: true }],
    ['a house rule helper', { given: 'rules/lib/schemas.js', want: true }],
    ['the bundle (our own output)', { given: 'dist/openapi.json', want: false }],
    ['a lint fixture', { given: 'test/fixtures/bad.yaml', want: false }],
    ['a dependency', { given: 'node_modules/x/index.js', want: false }],
    ['the package manifest', { given: 'package.json', want: false }],
    ['the TypeScript config', { given: 'tsconfig.json', want: false }],
    ['a README', { given: 'README.md', want: false }],
  ])('%s: %s', (_name, { given, want }) => {
    expect(isSpecSource(`${SPEC}/${given}`, SPEC, true)).toBe(want);
  });

  it('enters folders unless they are excluded', () => {
    expect(isSpecSource(`${SPEC}/rules`, SPEC, false)).toBe(true);
    expect(isSpecSource(`${SPEC}/dist`, SPEC, false)).toBe(false);
  });
});
