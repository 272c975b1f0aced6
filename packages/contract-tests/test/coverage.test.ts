import { describe, expect, it } from 'vitest';
import { Contract } from '../src/checks.ts';
import {
  applicability,
  CONFORMANCE_CHECKS,
  STATEFUL_SCENARIOS,
  scenarioNotRunReason,
  type TargetTraits,
} from '../src/matrix.ts';
import { invalidRequestArbitrary } from '../src/requests.ts';
import { POSITIVE_CALLS } from './cases.ts';

// The suite derives its cases from the spec; these tests make sure nothing the spec adds slips through.
const contract = new Contract();
const resolve = (ref: string) => contract.resolveSchema(ref);
const everything: TargetTraits = { allowWrites: true, stateless: false, hasOtherWorkspace: true };

describe('coverage of the spec', () => {
  it('has a positive client call for every operation of the spec, and none for operations it lacks', () => {
    const specIds = contract.operations.map((o) => o.operationId).sort();
    expect(Object.keys(POSITIVE_CALLS).sort()).toEqual(specIds);
  });

  it('finds the ten operations of both surfaces', () => {
    const count = (surface: string) => contract.operations.filter((o) => o.surface === surface).length;
    expect([count('agents'), count('convai')]).toEqual([5, 5]);
  });

  it.each(contract.operations.map((o) => [o.operationId, o] as const))(
    '%s: every check the spec calls for can be generated',
    (_id, op) => {
      for (const check of CONFORMANCE_CHECKS) {
        if (applicability(op, check, everything, resolve) !== 'run') continue;
        if (check === 'invalid-body' || check === 'malformed-json' || check === 'media-type') {
          expect(Object.keys(op.requestExamples).length, `${check} needs request examples`).toBeGreaterThan(
            0,
          );
        }
        if (check === 'property-based') expect(invalidRequestArbitrary(contract, op, resolve)).toBeDefined();
      }
    },
  );

  it('gives the path-id operations the legacy-id check and the body operations the body checks', () => {
    const run = (id: string) =>
      CONFORMANCE_CHECKS.filter(
        (c) => applicability(contract.operation(id), c, everything, resolve) === 'run',
      );
    expect(run('agentsUpdatePhoneNumber')).toEqual(
      [...CONFORMANCE_CHECKS].filter((c) => c !== 'invalid-params'),
    );
    expect(run('agentsListPhoneNumbers')).toEqual([
      'positive',
      'auth',
      'invalid-params',
      'property-based',
      ...STATEFUL_SCENARIOS,
    ]);
    expect(run('convaiDeletePhoneNumber')).toEqual([
      'positive',
      'auth',
      'legacy-id',
      'property-based',
      ...STATEFUL_SCENARIOS,
    ]);
  });

  it('turns off the checks whose requests may change state when writes are not allowed', () => {
    const op = contract.operation('agentsImportPhoneNumber');
    const off = CONFORMANCE_CHECKS.filter(
      (c) => applicability(op, c, { ...everything, allowWrites: false }, resolve) === 'off',
    );
    expect(off).toEqual([
      'positive',
      'invalid-params',
      'property-based',
      'round-trip',
      ...STATEFUL_SCENARIOS,
    ]);
  });

  it.each([
    [
      'a stateless target',
      { allowWrites: true, stateless: true, hasOtherWorkspace: false },
      STATEFUL_SCENARIOS,
    ],
    [
      'a stateful target without a second workspace',
      { ...everything, hasOtherWorkspace: false },
      ['tenancy'],
    ],
  ] as const)('marks the stateful scenarios n.a. on %s and says why', (_name, traits, notApplicable) => {
    for (const op of contract.operations) {
      const na = STATEFUL_SCENARIOS.filter((c) => applicability(op, c, traits, resolve) === 'n.a.');
      expect(na).toEqual(notApplicable);
    }
    for (const scenario of notApplicable) expect(scenarioNotRunReason(scenario, traits)).toMatch(/\w/);
  });
});
