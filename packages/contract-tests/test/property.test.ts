import fc from 'fast-check';
import { describe } from 'vitest';
import {
  type CheckReport,
  type ErrorExpectation,
  errorCodes,
  errorFields,
  formatReport,
  namesField,
} from '../src/checks.ts';
import { describeRequest, sendAndCheck, sendAndCheckError } from '../src/http.ts';
import { applicability } from '../src/matrix.ts';
import { SEMANTIC_CODES } from '../src/readback.ts';
import { type GeneratedRequest, invalidRequestArbitrary, validRequestArbitrary } from '../src/requests.ts';
import type { Surface } from '../src/spec.ts';
import { authHeaders } from '../src/target.ts';
import { contract, contractTest, resolve, SURFACE_ERRORS, target } from './support.ts';

/**
 * Parameters whose values the server issues (the opaque `cursor` of a previous page's `next_cursor`): a
 * generated value matches the schema but names no page, so a stateful target may refuse it, as long as it
 * does so with its surface's validation error naming only that parameter.
 */
const SERVER_ISSUED_PARAMETERS = ['cursor'];
/** Members of a convai `loc` that say where a field is, not which one. */
const LOCATIONS = new Set(['query', 'header', 'path', 'body']);

function refusesOnlyServerIssuedValues(
  report: CheckReport,
  req: GeneratedRequest,
  surface: Surface,
): boolean {
  if (report.status !== SURFACE_ERRORS[surface].validation.status) return false;
  const sent = SERVER_ISSUED_PARAMETERS.filter((p) => req.query?.[p] !== undefined);
  const fields = errorFields(surface, report.json).filter((f) => !LOCATIONS.has(f));
  return fields.length > 0 && fields.every((f) => sent.some((p) => namesField(f, p)));
}

// Shrinking is on (a minimal counterexample is worth a few more requests); each run has its own time limit.
const params = { seed: target.seed, numRuns: target.numRuns, timeout: 5000 } as const;

function withCredentials(req: GeneratedRequest, surface: 'agents' | 'convai'): GeneratedRequest {
  return { ...req, headers: { ...req.headers, ...authHeaders(target, surface) } };
}

/** Adds the request and the replay hint to a failing report. */
function fail(report: CheckReport, why: string): never {
  throw new Error(`${formatReport(report)}\n  ${why}\n  replay: CONTRACT_SEED=${target.seed}`);
}

for (const op of contract.operations) {
  if (applicability(op, 'property-based', target, resolve) !== 'run') continue;
  const errors = SURFACE_ERRORS[op.surface];

  describe(`${op.method.toUpperCase()} ${op.path} (${op.operationId})`, () => {
    contractTest(op, 'property-based', 'accepts every valid request generated from the spec', async () => {
      const validate = op.requestBody
        ? contract.validator(op.requestBody.content['application/json'] ?? {})
        : null;
      await fc.assert(
        fc.asyncProperty(validRequestArbitrary(contract, op, resolve), async (generated) => {
          if (validate && generated.body !== undefined && !validate(JSON.parse(generated.body))) {
            throw new Error(`generator bug: produced a body the spec rejects: ${generated.body}`);
          }
          const req = withCredentials(generated, op.surface);
          const report = await sendAndCheck(contract, target.baseUrl, op.operationId, req);
          if (!report.ok) fail(report, 'a valid request got a non-conforming answer');
          const status = report.status ?? 0;
          if (status >= 200 && status < 300) return;
          const semantic =
            errorCodes(op.surface, report.json).some((c) => SEMANTIC_CODES.has(c)) ||
            refusesOnlyServerIssuedValues(report, req, op.surface);
          if (target.stateless || !semantic) {
            fail(report, `a valid request (${describeRequest(req)}) was refused`);
          }
        }),
        params,
      );
    });

    const invalid = invalidRequestArbitrary(contract, op, resolve);
    if (invalid) {
      contractTest(
        op,
        'property-based',
        'rejects every request with one spec violation, with a documented error',
        async () => {
          await fc.assert(
            fc.asyncProperty(invalid, async (generated) => {
              const req = withCredentials(generated, op.surface);
              const defect = generated.defect;
              let want: ErrorExpectation;
              if (defect?.where === 'path') {
                want = errors.notFound;
              } else if (defect?.where === 'body' && defect.mutation.kind !== 'not-an-object') {
                want = { ...errors.validation, fields: [defect.mutation.field] };
              } else if (defect?.where === 'query' || defect?.where === 'header') {
                want = { ...errors.validation, fields: [defect.name] };
              } else {
                want = errors.validation;
              }
              // A stateful target may look the (random) id up before validating the body.
              if (
                !target.stateless &&
                defect?.where !== 'path' &&
                op.parameters.some((p) => p.in === 'path')
              ) {
                const statuses = [errors.validation.status, errors.notFound.status].flat();
                want = { status: statuses };
              }
              const report = await sendAndCheckError(contract, target.baseUrl, op.operationId, req, want);
              if (!report.ok) fail(report, `defect: ${JSON.stringify(defect)}`);
            }),
            params,
          );
        },
      );
    }
  });
}
