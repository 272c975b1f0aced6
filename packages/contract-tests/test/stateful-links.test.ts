import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { arbitraryFor } from '../src/arbitraries.ts';
import { sendAndCheck } from '../src/http.ts';
import { followableLinks } from '../src/links.ts';
import { sourceProviderMapping } from '../src/mapping.ts';
import { READ_BACK_OPERATIONS, type Session, stepRequest } from '../src/readback.ts';
import { acceptedBodyArbitrary } from '../src/requests.ts';
import { jsonRequestSchema, type Surface } from '../src/spec.ts';
import { type WalkErrors, WalkFailure, type WalkPlan, walkLinks } from '../src/walk.ts';
import {
  assertConforms,
  contract,
  contractTest,
  resolve,
  SURFACE_ERRORS,
  target,
  toTargetState,
} from './support.ts';

/**
 * Link-driven sequences: generated scenarios that start with a create and follow the spec's `links`
 * (create -> get / update / delete on both surfaces, update -> the same, list -> get). Bounded (numRuns
 * scenarios of up to MAX_STEPS links), seeded, and a failure prints the exact sequence of requests.
 */

const MAX_STEPS = 6;
const SURFACES: Surface[] = ['agents', 'convai'];
const session: Session = { contract, baseUrl: target.baseUrl, keys: target };
const mapping = sourceProviderMapping(contract.doc);
const errors: WalkErrors = {
  unauthorized: { agents: SURFACE_ERRORS.agents.unauthorized, convai: SURFACE_ERRORS.convai.unauthorized },
  notFound: { agents: SURFACE_ERRORS.agents.notFound, convai: SURFACE_ERRORS.convai.notFound },
};
const ALL = SURFACES.flatMap((s) => [
  ...Object.values(READ_BACK_OPERATIONS[s]).map((id) => contract.operation(id)),
  contract.operation(s === 'agents' ? 'agentsListPhoneNumbers' : 'convaiListPhoneNumbers'),
]);

const bodyOf = (operationId: string) =>
  arbitraryFor(jsonRequestSchema(contract.operation(operationId)) ?? {}, resolve).map(toTargetState);

/** A create on either surface, then up to MAX_STEPS link choices, each with an update body per surface. */
const plans: fc.Arbitrary<WalkPlan> = fc.record({
  create: fc
    .constantFrom(...SURFACES)
    .chain((surface) =>
      acceptedBodyArbitrary(contract, contract.operation(READ_BACK_OPERATIONS[surface].create), resolve).map(
        (body) => ({ surface, body: toTargetState(body) }),
      ),
    ),
  steps: fc.array(
    fc.record({
      pick: fc.nat(),
      bodies: fc.record({
        agentsUpdatePhoneNumber: bodyOf('agentsUpdatePhoneNumber'),
        convaiUpdatePhoneNumber: bodyOf('convaiUpdatePhoneNumber'),
      }),
    }),
    { minLength: 1, maxLength: MAX_STEPS },
  ),
});

describe('link-driven sequences', () => {
  contractTest(
    ALL,
    'links',
    'walks the spec’s links from generated creates: reads show every write, deleted numbers are gone everywhere, credentials are never ignored',
    async () => {
      let walked = 0;
      await fc.assert(
        fc.asyncProperty(plans, async (plan) => {
          try {
            const outcome = await walkLinks(session, mapping, errors, plan);
            if (!outcome.skipped) walked++;
          } catch (error) {
            if (!(error instanceof WalkFailure)) throw error;
            throw new Error(
              `${error.message}\n  replay: CONTRACT_TARGET=${target.kind} CONTRACT_SEED=${target.seed} pnpm --filter @phone-api/contract-tests exec vitest run test/stateful-links.test.ts`,
            );
          }
        }),
        { seed: target.seed, numRuns: target.numRuns, timeout: 20_000, endOnFailure: true },
      );
      // A target that refuses every create for its state would pass vacuously.
      expect(walked, 'no generated scenario got past its create').toBeGreaterThan(0);
    },
    180_000,
  );

  contractTest(ALL, 'links', 'follows each list’s link to its first number, which exists', async () => {
    for (const list of ['agentsListPhoneNumbers', 'convaiListPhoneNumbers']) {
      const op = contract.operation(list);
      const listed = await sendAndCheck(contract, target.baseUrl, list, stepRequest(session, list));
      assertConforms(listed);
      const links = followableLinks(op, listed.status ?? 0, listed.json);
      expect(links.length, `${list} names no number to follow (the workspace has one)`).toBeGreaterThan(0);
      for (const { link, values } of links) {
        const id = Object.values(values)[0];
        const read = await sendAndCheck(
          contract,
          target.baseUrl,
          link.operationId,
          stepRequest(session, link.operationId, id),
        );
        assertConforms(read);
        expect(read.status, `${list} -> ${link.name} -> ${link.operationId}(${id})`).toBe(200);
      }
    }
  });
});
