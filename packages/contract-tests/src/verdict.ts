import { asSchemas } from './arbitraries.ts';
import type { Contract } from './checks.ts';
import { derefSchema } from './invalid.ts';
import type { JsonSchema } from './spec.ts';

/** Which body of a union the spec says a request body is. */
export type Verdict =
  | { kind: 'branch'; branch: JsonSchema; ref: string | undefined }
  | { kind: 'ambiguous'; refs: (string | undefined)[] }
  | { kind: 'none' };

/**
 * The branch of a request body union the spec says `body` is, read by this suite itself (never from a
 * target): the `if`/`then`/`else` chain when the schema has one (the first `then` whose `if` holds, else the
 * last `else`), otherwise the one `anyOf`/`oneOf` branch the body is valid against. Several valid branches
 * without a chain is `ambiguous`: the spec does not say which provider such a body is, and a target that
 * picks one is guessing. A schema that is not a union is its own single branch.
 */
export function bodyVerdict(contract: Contract, schema: JsonSchema, body: unknown): Verdict {
  const node = resolved(contract, schema);
  const branches = [...asSchemas(node.oneOf), ...asSchemas(node.anyOf)];
  if (branches.length === 0) return { kind: 'branch', branch: node, ref: refOf(schema) };
  let at = node;
  while (at.if !== undefined && at.then !== undefined) {
    if (contract.validator(at.if as JsonSchema)(body)) return branchOf(contract, at.then as JsonSchema);
    if (at.else === undefined) break;
    const next = at.else as JsonSchema;
    if (next.if === undefined) return branchOf(contract, next);
    at = next;
  }
  const valid = branches.filter((b) => contract.validator(b)(body));
  if (valid.length === 1) return branchOf(contract, valid[0] as JsonSchema);
  if (valid.length === 0) return { kind: 'none' };
  return { kind: 'ambiguous', refs: valid.map(refOf) };
}

/** The `const` a branch gives a property (`provider` of a convai create body), if it has one. */
export function branchTag(contract: Contract, branch: JsonSchema, property: string): unknown {
  const props = resolved(contract, branch).properties as Record<string, JsonSchema> | undefined;
  return props?.[property]?.const;
}

function branchOf(contract: Contract, schema: JsonSchema): Verdict {
  return { kind: 'branch', branch: resolved(contract, schema), ref: refOf(schema) };
}

function refOf(schema: JsonSchema): string | undefined {
  return typeof schema.$ref === 'string' ? schema.$ref : undefined;
}

function resolved(contract: Contract, schema: JsonSchema): JsonSchema {
  return derefSchema(schema, (ref) => contract.resolveSchema(ref));
}
