import { describe } from 'vitest';
import { applicability } from '../src/matrix.ts';
import { bodyMutants } from '../src/mutations.ts';
import { mutantFailures, remove, type Session, write } from '../src/readback.ts';
import { jsonRequestSchema, type SpecOperation } from '../src/spec.ts';
import {
  contract,
  contractTest,
  existingPhoneNumberId,
  pathValues,
  resolve,
  SURFACE_ERRORS,
  target,
  toTargetState,
} from './support.ts';

/**
 * Mutation testing: every field of every request body (nested ones and those of each union branch included)
 * broken one way at a time, each mutant confirmed invalid by the spec's own validator. The target must answer
 * each with its surface's documented validation error naming that field, and must change nothing: on a
 * stateful target the number (for an update) or the list of numbers (for a create) reads back the same.
 */

const session: Session = { contract, baseUrl: target.baseUrl, keys: target };

/** The id of the number an update's mutants are sent to, and a cleanup for what was made for them. */
async function updateTarget(op: SpecOperation): Promise<{ id: string; done: () => Promise<void> }> {
  if (target.stateless || !target.allowWrites) {
    const id = Object.values(pathValues(op, await existingPhoneNumberId()))[0];
    if (!id) throw new Error(`${op.operationId}: no id to send mutants to`);
    return { id, done: async () => {} };
  }
  // A SIP trunk (the spec's example) takes every field of both surfaces' updates.
  const example = contract.operation('convaiCreatePhoneNumber').requestExamples.sip_trunk;
  const made = await write(session, 'convaiCreatePhoneNumber', toTargetState(example));
  if (!made.accepted) throw new Error('the SIP-trunk example could not be created');
  return { id: made.id, done: () => remove(session, made.id) };
}

for (const op of contract.operations) {
  if (applicability(op, 'mutation', target, resolve) !== 'run') continue;
  const schema = jsonRequestSchema(op) ?? {};

  describe(`${op.method.toUpperCase()} ${op.path} (${op.operationId})`, () => {
    contractTest(
      op,
      'mutation',
      'refuses every one-field mutation with the documented error naming the field, and changes nothing',
      async () => {
        const mutants = bodyMutants(contract, schema, target.seed);
        if (mutants.length === 0) throw new Error(`${op.operationId}: no mutation of its body is invalid`);
        const hasId = op.parameters.some((p) => p.in === 'path');
        const number = hasId ? await updateTarget(op) : undefined;
        let failures: string[];
        try {
          failures = await mutantFailures(
            session,
            op.operationId,
            mutants,
            SURFACE_ERRORS[op.surface].validation,
            {
              ...(number ? { id: number.id } : {}),
              stateful: !target.stateless,
            },
          );
        } finally {
          await number?.done();
        }
        if (failures.length > 0) {
          throw new Error(
            `${failures.length} of ${mutants.length} mutants not refused as documented (replay: CONTRACT_SEED=${target.seed}):\n${failures.slice(0, 5).join('\n')}`,
          );
        }
      },
      120_000,
    );
  });
}
