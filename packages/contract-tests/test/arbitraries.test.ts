import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitraryFor, mutatedBodyArbitrary, requiredNames } from '../src/arbitraries.ts';
import { Contract } from '../src/checks.ts';
import { forbidsUnknownFields } from '../src/matrix.ts';
import { invalidRequestArbitrary, validRequestArbitrary } from '../src/requests.ts';
import { jsonRequestSchema } from '../src/spec.ts';

const contract = new Contract();
const resolve = (ref: string) => contract.resolveSchema(ref);
const requestSchemas = contract.operations.flatMap((op) => [
  ...op.parameters.map((p) => [`${op.operationId} ${p.in} ${p.name}`, p.schema] as const),
  ...(jsonRequestSchema(op) ? [[`${op.operationId} body`, jsonRequestSchema(op) ?? {}] as const] : []),
]);

describe('schema -> fast-check arbitraries', () => {
  it.each(requestSchemas)('%s: every generated value is valid against the spec', (_name, schema) => {
    const validate = contract.validator(schema);
    fc.assert(
      fc.property(arbitraryFor(schema, resolve), (value) => {
        if (!validate(value))
          throw new Error(`${JSON.stringify(value)}: ${JSON.stringify(validate.errors?.[0])}`);
      }),
      { seed: 1, numRuns: 60 },
    );
  });

  it('covers every variant of a union (each provider of the convai create body)', () => {
    const schema = jsonRequestSchema(contract.operation('convaiCreatePhoneNumber')) ?? {};
    const bodies = fc.sample(arbitraryFor(schema, resolve), { seed: 2, numRuns: 300 }) as Record<
      string,
      unknown
    >[];
    const kinds = new Set(
      bodies.map((b) => ('sid' in b ? 'twilio' : 'api_subdomain' in b ? 'exotel' : 'sip_trunk')),
    );
    expect([...kinds].sort()).toEqual(['exotel', 'sip_trunk', 'twilio']);
  });

  it('generates optional properties both present and absent', () => {
    const schema = jsonRequestSchema(contract.operation('agentsUpdatePhoneNumber')) ?? {};
    const bodies = fc.sample(arbitraryFor(schema, resolve), { seed: 3, numRuns: 200 }) as Record<
      string,
      unknown
    >[];
    expect(bodies.some((b) => 'label' in b)).toBe(true);
    expect(bodies.some((b) => !('label' in b))).toBe(true);
    expect(bodies.some((b) => b.agent_id === null)).toBe(true);
  });

  it('refuses keywords it cannot honour instead of generating possibly invalid values', () => {
    expect(() => arbitraryFor({ type: 'string', format: 'ipv6' }, resolve)).toThrow(/format ipv6/);
    expect(() => arbitraryFor({ not: { type: 'string' } }, resolve)).toThrow(/not with keyword type/);
  });

  it('never generates what a not forbids (convai create: both supports_* false)', () => {
    const schema = jsonRequestSchema(contract.operation('convaiCreatePhoneNumber')) ?? {};
    const bodies = fc.sample(arbitraryFor(schema, resolve), { seed: 5, numRuns: 300 }) as Record<
      string,
      unknown
    >[];
    expect(bodies.some((b) => b.supports_inbound === false)).toBe(true);
    expect(bodies.some((b) => b.supports_inbound === false && b.supports_outbound === false)).toBe(false);
  });
});

describe('mutations', () => {
  it('agents bodies: unknown fields are among the mutations, and the filtered mutants are all invalid', () => {
    const op = contract.operation('agentsImportPhoneNumber');
    const schema = jsonRequestSchema(op) ?? {};
    const validate = contract.validator(schema);
    expect(forbidsUnknownFields(op, resolve)).toBe(true);
    const mutants = fc.sample(
      mutatedBodyArbitrary(arbitraryFor(schema, resolve), requiredNames(schema, resolve), true),
      { seed: 4, numRuns: 300 },
    );
    expect(new Set(mutants.map((m) => m.mutation.kind))).toEqual(
      new Set(['drop-required', 'wrong-type', 'unknown-field', 'not-an-object']),
    );
    const unknown = mutants.filter((m) => m.mutation.kind === 'unknown-field');
    expect(unknown.every((m) => !validate(m.body))).toBe(true);
  });

  it('convai bodies allow unknown fields, so that mutation is not offered', () => {
    expect(forbidsUnknownFields(contract.operation('convaiCreatePhoneNumber'), resolve)).toBe(false);
  });

  it.each(contract.operations.map((o) => [o.operationId, o] as const))(
    '%s: generated invalid requests carry exactly the defect they claim',
    (_id, op) => {
      const invalid = invalidRequestArbitrary(contract, op, resolve);
      if (!invalid) throw new Error('no invalid requests');
      const schema = jsonRequestSchema(op);
      for (const req of fc.sample(invalid, { seed: 5, numRuns: 50 })) {
        expect(req.defect).toBeDefined();
        if (req.defect?.where === 'body' && schema) {
          expect(contract.validator(schema)(JSON.parse(req.body ?? 'null'))).toBe(false);
        }
      }
      for (const req of fc.sample(validRequestArbitrary(contract, op, resolve), { seed: 6, numRuns: 20 })) {
        expect(req.defect).toBeUndefined();
      }
    },
  );
});
