import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { arbitraryFor } from '../src/arbitraries.ts';
import { sourceProviderMapping } from '../src/mapping.ts';
import { applicability } from '../src/matrix.ts';
import {
  createRoundTrip,
  READ_BACK_OPERATIONS,
  type RoundTripResult,
  remove,
  type Session,
  updateRoundTrip,
  write,
} from '../src/readback.ts';
import { acceptedBodyArbitrary } from '../src/requests.ts';
import { formatMismatches } from '../src/roundtrip.ts';
import { jsonRequestSchema, type Surface } from '../src/spec.ts';
import { contract, contractTest, resolve, target, toTargetState } from './support.ts';

/**
 * Round trips: every create and update generated from the request schemas that the target accepts must read
 * back, on both surfaces, exactly as sent (field by field, through the spec's source/provider mapping), and
 * an update must leave every field it does not name as it was. Seeded and bounded like the property checks.
 */

const session: Session = { contract, baseUrl: target.baseUrl, keys: target };
const mapping = sourceProviderMapping(contract.doc);
const params = { seed: target.seed, numRuns: target.numRuns, timeout: 10_000 } as const;
const SURFACES: Surface[] = ['agents', 'convai'];

/** Fails with the mismatches, the body and the seed that replays it. */
function assertRoundTrip(result: RoundTripResult, what: string, body: unknown): boolean {
  if (result.refused) return false;
  if (result.mismatches.length > 0) {
    throw new Error(
      `${what} did not read back as sent:\n  ${formatMismatches(result.mismatches)}\n  body: ${JSON.stringify(body)}\n  replay: CONTRACT_SEED=${target.seed}`,
    );
  }
  return true;
}

const operation = (surface: Surface, verb: 'create' | 'update') =>
  contract.operation(READ_BACK_OPERATIONS[surface][verb]);
const readers = SURFACES.map((s) => contract.operation(READ_BACK_OPERATIONS[s].get));

for (const surface of SURFACES) {
  const create = operation(surface, 'create');
  if (applicability(create, 'round-trip', target, resolve) !== 'run') continue;

  describe(`round trips of ${surface} writes`, () => {
    contractTest(
      [create, ...readers],
      'round-trip',
      'reads every accepted generated create back on both surfaces as sent',
      async () => {
        let accepted = 0;
        await fc.assert(
          fc.asyncProperty(
            acceptedBodyArbitrary(contract, create, resolve).map(toTargetState),
            async (body) => {
              const result = await createRoundTrip(session, mapping, surface, body);
              if (!result.refused) await remove(session, result.id);
              if (assertRoundTrip(result, `${create.operationId} create`, body)) accepted++;
            },
          ),
          params,
        );
        // A target that refuses everything for its state would pass vacuously.
        expect(accepted, 'no generated create was accepted').toBeGreaterThan(0);
      },
      120_000,
    );

    const update = operation(surface, 'update');
    contractTest(
      [update, ...readers],
      'round-trip',
      'shows every accepted generated update on both surfaces and changes nothing else',
      async () => {
        // A SIP trunk (the spec's example) takes every update field of both surfaces.
        const example = contract.operation('convaiCreatePhoneNumber').requestExamples.sip_trunk;
        const made = await write(session, 'convaiCreatePhoneNumber', toTargetState(example));
        if (!made.accepted) throw new Error('the SIP-trunk example could not be created');
        let accepted = 0;
        try {
          await fc.assert(
            fc.asyncProperty(
              arbitraryFor(jsonRequestSchema(update) ?? {}, resolve).map(toTargetState),
              async (body) => {
                const result = await updateRoundTrip(session, mapping, surface, made.id, body);
                if (assertRoundTrip(result, `${update.operationId} update of ${made.id}`, body)) accepted++;
              },
            ),
            params,
          );
        } finally {
          await remove(session, made.id);
        }
        expect(accepted, 'no generated update was accepted').toBeGreaterThan(0);
      },
      120_000,
    );
  });
}
