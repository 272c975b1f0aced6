import { createPhoneNumbersClient } from '@phone-api/client';
import { beforeAll, describe } from 'vitest';
import { checkResponse, formatReport, type ObservedResponse } from '../src/checks.ts';
import { applicability } from '../src/matrix.ts';
import type { Surface } from '../src/spec.ts';
import { POSITIVE_CALLS } from './cases.ts';
import {
  assertAccepted,
  contract,
  contractTest,
  existingPhoneNumberId,
  pathValues,
  resolve,
  target,
} from './support.ts';

// Every response the client receives, as it came off the wire, so the checks see exactly what the
// target sent while the call itself goes through the typed client end to end.
const observed: ObservedResponse[] = [];
const client = createPhoneNumbersClient({
  agents: { apiKey: target.agentsApiKey },
  convai: { apiKey: target.convaiApiKey },
  baseUrl: target.baseUrl,
  retry: false,
  timeoutMs: 5000,
  fetch: async (request: Request) => {
    const res = await fetch(request);
    observed.push({ status: res.status, headers: res.headers, body: await res.clone().text() });
    return res;
  },
});

let existingId: string | undefined;
const createdIds: Partial<Record<Surface, string>> = {};
beforeAll(async () => {
  existingId = await existingPhoneNumberId();
});

// Deletes last, so that on a stateful target they remove what this run created.
const ordered = [...contract.operations].sort(
  (a, b) => Number(a.method === 'delete') - Number(b.method === 'delete'),
);

for (const op of ordered) {
  if (applicability(op, 'positive', target, resolve) !== 'run') continue;
  const call = POSITIVE_CALLS[op.operationId];
  if (!call) continue; // the coverage test reports the gap
  const examples = Object.entries(op.requestExamples);
  const inputs: [string, unknown][] = examples.length > 0 ? examples : [['without a body', undefined]];

  describe(`${op.method.toUpperCase()} ${op.path} (${op.operationId})`, () => {
    for (const [name, body] of inputs) {
      const label =
        body === undefined ? 'succeeds through the client' : `succeeds with the "${name}" example`;
      contractTest(op, 'positive', `${label}; the answer conforms to the spec`, async () => {
        const hasId = op.parameters.some((p) => p.in === 'path');
        let id = '';
        if (hasId) {
          const stateful = !target.stateless;
          id = Object.values(
            pathValues(op, stateful && op.method === 'delete' ? createdIds[op.surface] : existingId),
          )[0] as string;
          if (stateful && op.method === 'delete' && !createdIds[op.surface]) {
            throw new Error(
              `no ${op.surface} number was created in this run, so there is nothing safe to delete`,
            );
          }
        }
        const before = observed.length;
        const outcome = await call(client, { id, body });
        const response = observed[observed.length - 1];
        if (!response || observed.length !== before + 1) {
          throw new Error(`expected exactly one HTTP exchange, saw ${observed.length - before}`);
        }
        const report = checkResponse(
          contract,
          op.operationId,
          response,
          `${op.method.toUpperCase()} ${op.path}`,
        );
        assertAccepted(report);
        if (outcome.status !== response.status || !outcome.ok) {
          throw new Error(
            `${formatReport(report)}\n  the client reported status ${outcome.status}, ok=${outcome.ok}`,
          );
        }
        if (outcome.requestId !== (response.headers.get('x-request-id') ?? undefined)) {
          throw new Error(`the client's requestId ${outcome.requestId} is not the X-Request-Id header`);
        }
        const json = report.json as { id?: string; phone_number_id?: string } | undefined;
        if (op.method === 'post') createdIds[op.surface] = json?.id ?? json?.phone_number_id;
      });
    }
  });
}
