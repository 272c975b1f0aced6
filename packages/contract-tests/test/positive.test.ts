import { createPhoneNumbersClient } from '@phone-api/client';
import { afterAll, beforeAll, describe } from 'vitest';
import { checkResponse, formatReport, type ObservedResponse } from '../src/checks.ts';
import { send } from '../src/http.ts';
import { applicability } from '../src/matrix.ts';
import type { Surface } from '../src/spec.ts';
import { authHeaders } from '../src/target.ts';
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
/**
 * Numbers this run created on a stateful target, by e164. The spec's create examples of both surfaces share
 * e164s (one resource, two surfaces), so a later example would be a 409 while the earlier one lives.
 */
const created = new Map<string, { surface: Surface; id: string }>();
beforeAll(async () => {
  existingId = await existingPhoneNumberId();
});

/** Removes a number this run created, outside the checks (cleanup, not the delete under test). */
async function removeCreated(e164: string): Promise<void> {
  const entry = created.get(e164);
  if (!entry) return;
  created.delete(e164);
  const path = `/v1/${entry.surface}/phone-numbers/${entry.id}`;
  const res = await send(target.baseUrl, {
    method: 'delete',
    path,
    headers: authHeaders(target, entry.surface),
  });
  if (res.status >= 300 && res.status !== 404) {
    throw new Error(`cleanup DELETE ${path} got ${res.status}: ${res.body.slice(0, 200)}`);
  }
}

/** The e164 a create body asks for: agents `e164`, convai `phone_number`. */
function e164Of(body: unknown): string | undefined {
  const b = body as { e164?: unknown; phone_number?: unknown } | undefined;
  const value = b?.e164 ?? b?.phone_number;
  return typeof value === 'string' ? value : undefined;
}

/** The newest surviving number this run created on a surface: the only one a positive DELETE may remove. */
function createdOn(surface: Surface): { e164: string; id: string } | undefined {
  const entries = [...created].filter(([, v]) => v.surface === surface);
  const last = entries[entries.length - 1];
  return last ? { e164: last[0], id: last[1].id } : undefined;
}

afterAll(async () => {
  for (const e164 of [...created.keys()]) await removeCreated(e164);
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
        const stateful = !target.stateless;
        const victim = stateful && op.method === 'delete' ? createdOn(op.surface) : undefined;
        let id = '';
        if (hasId) {
          id = Object.values(pathValues(op, op.method === 'delete' ? victim?.id : existingId))[0] as string;
          if (stateful && op.method === 'delete' && !victim) {
            throw new Error(
              `no ${op.surface} number was created in this run, so there is nothing safe to delete`,
            );
          }
        }
        const e164 = op.method === 'post' ? e164Of(body) : undefined;
        if (stateful && e164) await removeCreated(e164);
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
        const createdId = json?.id ?? json?.phone_number_id;
        if (stateful && e164 && createdId) created.set(e164, { surface: op.surface, id: createdId });
        if (victim) created.delete(victim.e164);
      });
    }
  });
}
