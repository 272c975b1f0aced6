import { describe, expect, it } from 'vitest';
import { asSchemas } from '../src/arbitraries.ts';
import { Contract } from '../src/checks.ts';
import { derefSchema } from '../src/invalid.ts';
import { bodyMutants } from '../src/mutations.ts';
import { type JsonSchema, jsonRequestSchema } from '../src/spec.ts';

// The mutation generator on its own: it reaches every declared field, and every mutant is invalid.

const contract = new Contract();
const resolve = (ref: string) => contract.resolveSchema(ref);
const bodies = contract.operations.flatMap((op) => {
  const schema = jsonRequestSchema(op);
  return schema ? [[op.operationId, schema] as const] : [];
});

/** Every field path a schema declares: union branches unfolded, objects and array items entered, maps not. */
function declaredPaths(raw: JsonSchema, prefix: string, depth = 0): string[] {
  if (depth > 10) return [];
  const s = derefSchema(raw, resolve);
  const branches = [...asSchemas(s.oneOf), ...asSchemas(s.anyOf)];
  const fromBranches = branches.flatMap((b) => declaredPaths(b, prefix, depth + 1));
  const items = s.items ? declaredPaths(s.items as JsonSchema, `${prefix}[0]`, depth + 1) : [];
  const props = Object.entries((s.properties ?? {}) as Record<string, JsonSchema>).flatMap(([name, sub]) => {
    const path = prefix === '' ? name : `${prefix}.${name}`;
    return [path, ...declaredPaths(sub, path, depth + 1)];
  });
  return [...new Set([...fromBranches, ...items, ...props, ...(s.items && prefix ? [`${prefix}[0]`] : [])])];
}

describe('field mutations', () => {
  it.each(bodies.flatMap(([id, schema]) => [1, 20261123].map((seed) => [id, seed, schema] as const)))(
    '%s (seed %i): every declared field is mutated, and every mutant is invalid',
    (_id, seed, schema) => {
      const mutants = bodyMutants(contract, schema, seed);
      const mutated = new Set(mutants.map((m) => m.field));
      const declared = declaredPaths(schema, '');
      expect(declared.length).toBeGreaterThan(2);
      expect(declared.filter((path) => !mutated.has(path))).toEqual([]);
      const validate = contract.validator(schema);
      expect(mutants.filter((m) => validate(m.body))).toEqual([]);
    },
  );

  it('mutates the convai create body without provider too, where the branch is chosen by its fields', () => {
    const schema = jsonRequestSchema(contract.operation('convaiCreatePhoneNumber')) ?? {};
    const sidNull = bodyMutants(contract, schema, 1).filter((m) => m.field === 'sid' && m.kind === 'null');
    expect(sidNull.some((m) => !('provider' in (m.body as object)))).toBe(true);
  });
});
