import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitraryFor, asSchemas } from '../src/arbitraries.ts';
import { Contract } from '../src/checks.ts';
import { derefSchema } from '../src/invalid.ts';
import { sourceProviderMapping } from '../src/mapping.ts';
import { READ_BACK_OPERATIONS } from '../src/readback.ts';
import { compareReadBack, NOT_READ_BACK, readBackFields } from '../src/roundtrip.ts';
import { type JsonSchema, jsonRequestSchema, type Surface } from '../src/spec.ts';

// The round-trip model on its own: which fields a read-back must show for a sent body.

const contract = new Contract();
const resolve = (ref: string) => contract.resolveSchema(ref);
const mapping = sourceProviderMapping(contract.doc);
const readSchemas = Object.fromEntries(
  (['agents', 'convai'] as const).map((s) => [
    s,
    contract.operation(READ_BACK_OPERATIONS[s].get).responses['200']?.content['application/json'] ?? {},
  ]),
) as Record<Surface, JsonSchema>;

/** Every (branch, property) of a write's body schema, unions unfolded. */
function bodyProperties(operationId: string): [JsonSchema, string, JsonSchema][] {
  const root = derefSchema(jsonRequestSchema(contract.operation(operationId)) ?? {}, resolve);
  const branches = [...asSchemas(root.oneOf), ...asSchemas(root.anyOf)].map((b) => derefSchema(b, resolve));
  return (branches.length > 0 ? branches : [root]).flatMap((branch) =>
    Object.entries((branch.properties ?? {}) as Record<string, JsonSchema>).map(
      ([name, s]) => [branch, name, s] as [JsonSchema, string, JsonSchema],
    ),
  );
}

const WRITES = (['agents', 'convai'] as const).flatMap((surface) =>
  (['create', 'update'] as const).map(
    (verb) => [surface, verb, READ_BACK_OPERATIONS[surface][verb]] as const,
  ),
);

describe('read-back fields', () => {
  it.each(WRITES)(
    '%s %s: every request field is compared on a read-back or listed as not shown, with a reason',
    (surface, verb, operationId) => {
      for (const [branch, name, schema] of bodyProperties(operationId)) {
        const [value] = fc.sample(
          arbitraryFor(schema, resolve).filter((v) => v !== null),
          { seed: 1, numRuns: 1 },
        );
        const fields = readBackFields(
          contract,
          surface,
          { [name]: value },
          branch,
          readSchemas,
          mapping,
          verb,
        );
        const compared = fields.some((f) => f.sent === name || f.sent.startsWith(`${name}.`));
        expect(
          compared || name in NOT_READ_BACK,
          `${operationId} ${name} is neither compared nor listed`,
        ).toBe(true);
        if (compared)
          expect(NOT_READ_BACK[name], `${name} is compared, so it is not "not shown"`).toBeUndefined();
      }
    },
  );

  it('lists only fields some request sends', () => {
    const sent = new Set(WRITES.flatMap(([, , id]) => bodyProperties(id).map(([, name]) => name)));
    expect(Object.keys(NOT_READ_BACK).filter((name) => !sent.has(name))).toEqual([]);
  });

  it.each([
    [
      'a convai create shows on both surfaces through the source/provider mapping',
      {
        sentOn: 'convai' as const,
        body: { phone_number: '+12025550100', label: 'L', provider: 'sip_trunk', supports_inbound: false },
        views: {
          convai: {
            phone_number: '+12025550100',
            label: 'L',
            provider: 'sip_trunk',
            supports_inbound: false,
            supports_outbound: true,
          },
          agents: { e164: '+12025550100', label: 'L', source: 'byoc', capabilities: ['outbound'] },
        },
        mismatched: [],
      },
    ],
    [
      'a dropped label and a guessed provider are both reported',
      {
        sentOn: 'convai' as const,
        body: { phone_number: '+12025550100', label: 'L', provider: 'sip_trunk' },
        views: {
          convai: {
            phone_number: '+12025550100',
            label: '',
            provider: 'twilio',
            supports_inbound: true,
            supports_outbound: true,
          },
          agents: {
            e164: '+12025550100',
            label: '',
            source: 'twilio',
            capabilities: ['inbound', 'outbound'],
          },
        },
        mismatched: ['agents label', 'agents source', 'convai label', 'convai provider'],
      },
    ],
  ])('%s (a SIP-trunk body)', (_name, { sentOn, body, views, mismatched }) => {
    const branch = contract.resolveSchema('#/components/schemas/CreateSIPTrunkPhoneNumberRequestV2');
    const fields = readBackFields(contract, sentOn, body, branch, readSchemas, mapping, 'create');
    const found = compareReadBack(fields, views).map((m) => `${m.surface} ${m.field}`);
    expect(found.sort()).toEqual(mismatched);
  });
});
