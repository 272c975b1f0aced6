import { describe, expect } from 'vitest';
import { bodyKind } from '../src/coverage.ts';
import { sendAndCheck } from '../src/http.ts';
import { fillPath, jsonRequestSchema } from '../src/spec.ts';
import {
  assertConforms,
  contract,
  contractTest,
  firstExample,
  jsonHeaders,
  pathValues,
  target,
} from './support.ts';

/**
 * The mock serves every documented response of every operation when asked with `Prefer` (its frontend
 * feature): each status with each of its named examples, conforming to the spec. The 5xx are left out: the
 * suite fails every 5xx it sees, and the coverage report lists them as unreachable.
 */

const cells = contract.operations.flatMap((op) =>
  Object.entries(op.responses)
    .filter(([status]) => Number(status) < 500)
    .flatMap(([status, response]) => [
      [op, status, undefined] as const,
      ...Object.keys(response.examples).map((name) => [op, status, name] as const),
    ]),
);

if (target.kind === 'mock') {
  describe('documented responses on request (Prefer)', () => {
    for (const [op, status, example] of cells) {
      contractTest(
        op,
        'positive',
        `${op.operationId} answers ${status}${example ? ` (${example})` : ''} when asked`,
        async () => {
          const prefer = `code=${status}${example ? `, example=${example}` : ''}`;
          const report = await sendAndCheck(contract, target.baseUrl, op.operationId, {
            method: op.method,
            path: fillPath(op.path, pathValues(op, undefined)),
            headers: { ...jsonHeaders(op), prefer },
            ...(jsonRequestSchema(op) ? { body: JSON.stringify(firstExample(op)) } : {}),
          });
          assertConforms(report);
          expect(report.status).toBe(Number(status));
          const value = example === undefined ? undefined : op.responses[status]?.examples[example];
          if (value !== undefined) expect(bodyKind(report.json)).toBe(bodyKind(value));
        },
      );
    }
  });
}
