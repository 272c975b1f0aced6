import fc from 'fast-check';
import { arbitraryFor, asSchemas } from './arbitraries.ts';
import { type Contract, pathText } from './checks.ts';
import { derefSchema } from './invalid.ts';
import type { JsonSchema } from './spec.ts';
import { bodyVerdict } from './verdict.ts';

/** What a field mutation does to the field at its path. */
export type FieldMutationKind =
  | 'wrong-type'
  | 'null'
  | 'pattern'
  | 'too-long'
  | 'too-short'
  | 'out-of-range'
  | 'not-allowed-value'
  | 'missing-required'
  | 'unknown-field';

/** One body with one field broken; `field` is its path (`outbound_trunk_config.address`, `numbers[0]`). */
export interface FieldMutation {
  field: string;
  kind: FieldMutationKind;
  body: unknown;
}

type Path = (string | number)[];

/**
 * Every one-field mutation of a valid body that the spec refuses: for each field the schema declares, nested
 * objects, array items and the branch of a union the body is included, a wrong type, `null` where not
 * nullable, a string breaking its pattern or length bounds, a number out of range, a value outside an
 * `enum`/`const`, a missing required field and an unknown field where the object is closed. A declared field
 * the body lacks is added with a wrong value (and, if it is an object, with a valid one broken inside), so
 * optional fields are mutated too. Each mutant is kept only if the spec's own validator refuses the body,
 * one per field and kind. `seed` makes the sampled values of absent fields reproducible.
 */
export function fieldMutations(
  contract: Contract,
  schema: JsonSchema,
  valid: unknown,
  seed: number,
): FieldMutation[] {
  const resolve = (ref: string) => contract.resolveSchema(ref);
  const refuses = (body: unknown) => !contract.validator(schema)(body);
  const out = new Map<string, FieldMutation>();
  const keep = (field: Path, kind: FieldMutationKind, body: unknown) => {
    const key = `${pathText(field)}|${kind}`;
    if (!out.has(key) && refuses(body)) out.set(key, { field: pathText(field), kind, body });
  };

  const walk = (body: unknown, path: Path, raw: JsonSchema, depth: number): void => {
    if (depth > 12) return;
    const value = get(body, path);
    const s = derefSchema(raw, resolve);
    const branches = [...asSchemas(s.oneOf), ...asSchemas(s.anyOf)].map((b) => derefSchema(b, resolve));
    if (path.length > 0) {
      for (const [kind, bad] of leafCandidates(s, branches, value, resolve))
        keep(path, kind, put(body, path, bad));
    }
    if (value === null || value === undefined) {
      // A null object field: set a valid object instead, and break its insides.
      const sample = path.length > 0 ? sampleObject(raw, resolve, seed) : undefined;
      if (sample !== undefined && sample !== null) walk(put(body, path, sample), path, raw, depth + 1);
      return;
    }
    if (branches.length > 0) {
      const chosen =
        path.length === 0 ? rootBranch(contract, raw, value) : matching(contract, branches, value);
      if (chosen) walk(body, path, chosen, depth + 1);
      return;
    }
    if (Array.isArray(value)) {
      const items = s.items as JsonSchema | undefined;
      if (!items) return;
      // An empty list gets one valid item, so the item schema is mutated too.
      const [first] =
        value.length > 0 ? value : fc.sample(arbitraryFor(items, resolve), { seed, numRuns: 1 });
      walk(put(body, [...path, 0], first), [...path, 0], items, depth + 1);
      return;
    }
    if (!isRecord(value) || !isRecord(s.properties)) return;
    const props = s.properties as Record<string, JsonSchema>;
    for (const name of (s.required as string[] | undefined) ?? []) {
      if (name in value) keep([...path, name], 'missing-required', put(body, [...path, name], undefined));
    }
    if (s.additionalProperties === false)
      keep([...path, 'x_unknown'], 'unknown-field', put(body, [...path, 'x_unknown'], 1));
    for (const [name, sub] of Object.entries(props)) {
      if (name in value) {
        walk(body, [...path, name], sub, depth + 1);
        continue;
      }
      // An absent field: added with a wrong value, and walked as if sent (an object gets a valid one).
      for (const [kind, bad] of [
        ['wrong-type', 12345],
        ['wrong-type', 'x'],
        ['null', null],
      ] as const) {
        keep([...path, name], kind, put(body, [...path, name], bad));
      }
      walk(put(body, [...path, name], null), [...path, name], sub, depth + 1);
    }
  };
  walk(valid, [], schema, 0);
  return [...out.values()];
}

/** Broken values for the field itself: wrong type, null, and each bound of its (non-null) schema broken. */
function leafCandidates(
  s: JsonSchema,
  branches: JsonSchema[],
  value: unknown,
  resolve: (ref: string) => JsonSchema,
): [FieldMutationKind, unknown][] {
  const out: [FieldMutationKind, unknown][] = [
    ['wrong-type', typeof value === 'string' ? 12345 : 'x'],
    ['null', null],
  ];
  const shapes = branches.length > 0 ? branches.filter((b) => b.type !== 'null') : [s];
  for (const shape of shapes.map((b) => derefSchema(b, resolve))) {
    if ('const' in shape || Array.isArray(shape.enum)) out.push(['not-allowed-value', 'not_a_member']);
    if (typeof shape.pattern === 'string') out.push(['pattern', 'has spaces and !'], ['pattern', '\u0001']);
    if (typeof shape.maxLength === 'number') out.push(['too-long', 'a'.repeat(shape.maxLength + 1)]);
    if (typeof shape.minLength === 'number' && shape.minLength > 0) out.push(['too-short', '']);
    if (typeof shape.minimum === 'number') out.push(['out-of-range', shape.minimum - 1]);
    if (typeof shape.maximum === 'number') out.push(['out-of-range', shape.maximum + 1]);
  }
  return out;
}

/** The branch the spec says a whole body is (its `if`/`then`/`else` verdict, or the one that matches). */
function rootBranch(contract: Contract, schema: JsonSchema, body: unknown): JsonSchema | undefined {
  const verdict = bodyVerdict(contract, schema, body);
  return verdict.kind === 'branch' ? verdict.branch : undefined;
}

/** The first non-null branch of a nested union that `value` is valid against. */
function matching(contract: Contract, branches: JsonSchema[], value: unknown): JsonSchema | undefined {
  return branches.find((b) => b.type !== 'null' && contract.validator(b)(value));
}

/**
 * A valid value of a schema with insides to mutate (an object with properties, or a list), for a field that
 * is absent or null; else `undefined`.
 */
function sampleObject(schema: JsonSchema, resolve: (ref: string) => JsonSchema, seed: number): unknown {
  const s = derefSchema(schema, resolve);
  const structured = [s, ...asSchemas(s.oneOf), ...asSchemas(s.anyOf)]
    .map((b) => derefSchema(b, resolve))
    .find((b) => isRecord(b.properties) || b.items !== undefined);
  if (!structured) return undefined;
  const [sample] = fc.sample(arbitraryFor(structured, resolve), { seed, numRuns: 1 });
  return sample;
}

function get(value: unknown, path: Path): unknown {
  let node = value;
  for (const part of path)
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  return node;
}

/** A copy of `body` with the value at `path` replaced (`undefined` deletes it). */
function put(body: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let node = copy;
  for (const part of path.slice(0, -1)) node = node[part] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Valid bodies to mutate: a seeded sample per branch of a union (so the fields of every Twilio, Exotel and
 * SIP-trunk body are mutated), plus each of them without its optional tag properties.
 */
export function mutationBases(contract: Contract, schema: JsonSchema, seed: number): unknown[] {
  const resolve = (ref: string) => contract.resolveSchema(ref);
  const samples = fc.sample(arbitraryFor(schema, resolve), { seed, numRuns: 60 });
  const byBranch = new Map<string, unknown>();
  const tagless: unknown[] = [];
  for (const body of samples) {
    const verdict = bodyVerdict(contract, schema, body);
    const key = verdict.kind === 'branch' ? (verdict.ref ?? 'self') : verdict.kind;
    if (byBranch.has(key) || verdict.kind !== 'branch') continue;
    byBranch.set(key, body);
    // The same body without its optional tags (`provider`): the branch is then chosen by its fields, where a
    // server's own guess can part from the spec's verdict, so those mutants must be sent too.
    const required = new Set((verdict.branch.required as string[] | undefined) ?? []);
    const props = (verdict.branch.properties ?? {}) as Record<string, JsonSchema>;
    const stripped = Object.fromEntries(
      Object.entries(body as Record<string, unknown>).filter(
        ([name]) => required.has(name) || props[name]?.const === undefined,
      ),
    );
    if (
      Object.keys(stripped).length < Object.keys(body as object).length &&
      contract.validator(schema)(stripped)
    ) {
      tagless.push(stripped);
    }
  }
  return [...byBranch.values(), ...tagless];
}

/** Every mutant of a request body: {@link fieldMutations} of each of the {@link mutationBases}. */
export function bodyMutants(contract: Contract, schema: JsonSchema, seed: number): FieldMutation[] {
  return mutationBases(contract, schema, seed).flatMap((base) =>
    fieldMutations(contract, schema, base, seed),
  );
}
