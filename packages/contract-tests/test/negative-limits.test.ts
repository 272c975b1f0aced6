import { describe } from 'vitest';
import { sendAndCheckError } from '../src/http.ts';
import { applicability } from '../src/matrix.ts';
import { fillPath, jsonRequestSchema } from '../src/spec.ts';
import {
  assertConforms,
  contract,
  contractTest,
  existingPhoneNumberId,
  jsonHeaders,
  pathValues,
  resolve,
  target,
} from './support.ts';

/** The body limit every body operation documents with its 413 (64 KiB). */
const LIMIT_BYTES = 64 * 1024;

// A JSON body one byte over the documented limit: well-formed, so only its size is wrong.
const oversized = JSON.stringify({ label: 'a'.repeat(LIMIT_BYTES) });

for (const op of contract.operations) {
  if (!jsonRequestSchema(op) || !op.responses['413']) continue;
  if (applicability(op, 'invalid-body', target, resolve) !== 'run') continue;

  describe(`${op.method.toUpperCase()} ${op.path} (${op.operationId})`, () => {
    contractTest(
      op,
      'invalid-body',
      'answers a body over the documented 64 KiB with 413 payload_too_large',
      async () => {
        const path = fillPath(op.path, pathValues(op, await existingPhoneNumberId()));
        const report = await sendAndCheckError(
          contract,
          target.baseUrl,
          op.operationId,
          { method: op.method, path, headers: jsonHeaders(op), body: oversized },
          { status: 413, codes: ['payload_too_large'] },
        );
        assertConforms(report);
      },
    );
  });
}
