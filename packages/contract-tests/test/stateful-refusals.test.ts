import { describe, expect } from 'vitest';
import type { ErrorExpectation } from '../src/checks.ts';
import { sendAndCheckError } from '../src/http.ts';
import { READ_BACK_OPERATIONS, readBoth, remove, type Session, stepRequest, write } from '../src/readback.ts';
import type { Surface } from '../src/spec.ts';
import {
  assertConforms,
  contract,
  contractTest,
  SURFACE_ERRORS,
  target,
  toTargetState,
  unknownPhoneNumberId,
} from './support.ts';

/**
 * The semantic answers of a stateful target that the other scenarios do not provoke, so that every
 * documented status it can reach is exercised (see the coverage report): a second import of a number,
 * an unknown agent, and an update of a number of every convai provider.
 */

const session: Session = { contract, baseUrl: target.baseUrl, keys: target };
const SURFACES: Surface[] = ['agents', 'convai'];
const example = (operationId: string, name: string) =>
  toTargetState(contract.operation(operationId).requestExamples[name]);
/** The spec's first create example of a surface, with a fresh e164. */
const firstCreateExample = (surface: Surface) => {
  const operationId = READ_BACK_OPERATIONS[surface].create;
  return example(operationId, Object.keys(contract.operation(operationId).requestExamples)[0] ?? '');
};
/** An agent id of the right form that names no agent of the workspace. */
const unknownAgent = () => unknownPhoneNumberId().replace('phone_', 'agent_');

async function refused(operationId: string, body: unknown, want: ErrorExpectation, id?: string) {
  const report = await sendAndCheckError(
    contract,
    target.baseUrl,
    operationId,
    stepRequest(session, operationId, id, body),
    want,
  );
  assertConforms(report);
}

describe('answers that depend on state', () => {
  const all = SURFACES.flatMap((s) =>
    Object.values(READ_BACK_OPERATIONS[s]).map((id) => contract.operation(id)),
  );

  contractTest(
    all,
    'lifecycle',
    'answers 409 conflict to a second import of a number, on each surface',
    async () => {
      for (const surface of SURFACES) {
        const operationId = READ_BACK_OPERATIONS[surface].create;
        const body = firstCreateExample(surface);
        const made = await write(session, operationId, body);
        if (!made.accepted) throw new Error(`${operationId}: the example was refused`);
        try {
          await refused(operationId, body, SURFACE_ERRORS[surface].conflict);
        } finally {
          await remove(session, made.id);
        }
      }
    },
  );

  contractTest(
    all,
    'lifecycle',
    'answers 422 agent_not_found to an import or update binding an unknown agent',
    async () => {
      for (const surface of SURFACES) {
        const operationId = READ_BACK_OPERATIONS[surface].create;
        const body = firstCreateExample(surface);
        await refused(
          operationId,
          { ...body, agent_id: unknownAgent() },
          SURFACE_ERRORS[surface].agentNotFound,
        );
      }
      const sip = example('convaiCreatePhoneNumber', 'sip_trunk');
      const made = await write(session, 'convaiCreatePhoneNumber', sip);
      if (!made.accepted) throw new Error('the SIP-trunk example was refused');
      try {
        for (const surface of SURFACES) {
          await refused(
            READ_BACK_OPERATIONS[surface].update,
            { agent_id: unknownAgent() },
            SURFACE_ERRORS[surface].agentNotFound,
            made.id,
          );
        }
      } finally {
        await remove(session, made.id);
      }
    },
  );

  const verified = target.verifiedCallerE164;
  // Only a target that names a verified caller ID of its Twilio directory can show these answers; without
  // one the coverage report lists them as unreachable, with that reason.
  if (verified !== undefined) {
    contractTest(
      all,
      'lifecycle',
      'imports a verified caller ID beside a Twilio number of its account, and never binds an agent to it',
      async () => {
        const { agent_id: agent, ...twilio } = example('agentsImportPhoneNumber', 'twilio');
        const account = await write(session, 'agentsImportPhoneNumber', twilio);
        if (!account.accepted) throw new Error('the Twilio example was refused');
        const bindable = SURFACE_ERRORS.agents.notBindable;
        try {
          await refused('agentsImportPhoneNumber', { ...twilio, e164: verified, agent_id: agent }, bindable);
          const caller = await write(session, 'agentsImportPhoneNumber', { ...twilio, e164: verified });
          if (!caller.accepted) throw new Error('the verified caller ID was refused');
          try {
            const relabelled = await write(
              session,
              'agentsUpdatePhoneNumber',
              { label: 'Caller ID' },
              caller.id,
            );
            expect(relabelled.accepted, 'relabelling the verified caller ID').toBe(true);
            const views = await readBoth(session, caller.id);
            expect(views.agents).toMatchObject({ source: 'verified_caller_id', capabilities: ['outbound'] });
            for (const surface of SURFACES) {
              const operationId = READ_BACK_OPERATIONS[surface].update;
              await refused(operationId, { agent_id: agent }, SURFACE_ERRORS[surface].notBindable, caller.id);
            }
          } finally {
            await remove(session, caller.id);
          }
        } finally {
          await remove(session, account.id);
        }
      },
    );
  }

  contractTest(all, 'lifecycle', 'takes a convai update of a number of every provider', async () => {
    for (const name of Object.keys(contract.operation('convaiCreatePhoneNumber').requestExamples)) {
      const made = await write(session, 'convaiCreatePhoneNumber', example('convaiCreatePhoneNumber', name));
      if (!made.accepted) throw new Error(`the ${name} example was refused`);
      try {
        const updated = await write(
          session,
          'convaiUpdatePhoneNumber',
          { label: `updated ${name}` },
          made.id,
        );
        expect(updated.accepted, `updating the ${name} number`).toBe(true);
      } finally {
        await remove(session, made.id);
      }
    }
  });
});
