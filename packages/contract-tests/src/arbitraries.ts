import fc from 'fast-check';
import type { JsonSchema } from './spec.ts';

/** Resolves a schema `$ref` of the spec. */
export type RefResolver = (ref: string) => JsonSchema;

/** Bounds that keep generated requests small (the spec allows 100-item lists; a few items test the same). */
const MAX_ITEMS = 3;
const MAX_KEYS = 3;
const MAX_DEPTH = 16;

/** The subschemas of a keyword that holds a list of them (`oneOf`, `anyOf`), or none. */
export const asSchemas = (value: unknown): JsonSchema[] =>
  Array.isArray(value) ? (value as JsonSchema[]) : [];

/**
 * A fast-check arbitrary of values valid against a JSON Schema, for the subset the spec's request schemas use:
 * `$ref`, `type` (also as a list, i.e. nullable), `const`, `enum`, `pattern` (via `fc.stringMatching`),
 * `minLength`/`maxLength`, `format` (date-time, uri, hostname), numeric bounds, arrays with
 * `minItems`/`maxItems`/`uniqueItems`, objects with required and optional properties, maps via
 * `additionalProperties`/`propertyNames`, `oneOf`/`anyOf`, and a union whose branch an `if`/`then`/`else`
 * chain selects. Unknown properties are never added, so a value is valid whether or not the schema forbids
 * them. Throws on keywords it cannot honour rather than generating values that might be invalid.
 */
export function arbitraryFor(schema: JsonSchema, resolve: RefResolver, depth = 0): fc.Arbitrary<unknown> {
  if (depth > MAX_DEPTH) throw new Error('schema nests too deeply for generation');
  const next = (s: JsonSchema) => arbitraryFor(s, resolve, depth + 1);
  if (typeof schema.$ref === 'string') return next(resolve(schema.$ref));
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  if (schema.not !== undefined) {
    // Generate from the rest of the schema and drop what the `not` forbids.
    const { not, ...rest } = schema;
    const forbidden = matcherFor(not as JsonSchema);
    return next(rest).filter((value) => !forbidden(value));
  }
  if (schema.if !== undefined) return selectedUnionArbitrary(schema, next);
  for (const keyword of ['allOf', 'patternProperties', 'prefixItems', 'unevaluatedProperties']) {
    if (keyword in schema) throw new Error(`cannot generate values for keyword ${keyword}`);
  }
  const choices = [...asSchemas(schema.oneOf), ...asSchemas(schema.anyOf)];
  if (choices.length > 0) return fc.oneof(...choices.map(next));
  if (Array.isArray(schema.type)) {
    const { type, ...rest } = schema;
    return fc.oneof(...(type as string[]).map((t) => next({ ...rest, type: t })));
  }
  switch (schema.type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({
        min: (schema.minimum as number | undefined) ?? -1000,
        max: (schema.maximum as number | undefined) ?? 1000,
      });
    case 'number':
      return fc.double({
        min: (schema.minimum as number | undefined) ?? -1000,
        max: (schema.maximum as number | undefined) ?? 1000,
        noNaN: true,
      });
    case 'string':
      return stringArbitrary(schema);
    case 'array':
      return arrayArbitrary(schema, next);
    case 'object':
      return objectArbitrary(schema, next);
    default:
      throw new Error(`cannot generate values for schema ${JSON.stringify(schema).slice(0, 120)}`);
  }
}

/**
 * A union whose branch an `if`/`then`/`else` chain selects (the convai create body: `if` Twilio's fields
 * `then` Twilio, `else` `if` Exotel's `then` Exotel, `else` SIP trunk). Each branch generates its own values
 * and keeps those the chain selects for it, so every value is valid against its branch and the chain.
 * Throws when a `then` or the final `else` is not one of the union's `$ref` branches.
 */
function selectedUnionArbitrary(
  schema: JsonSchema,
  next: (s: JsonSchema) => fc.Arbitrary<unknown>,
): fc.Arbitrary<unknown> {
  const choices = [...asSchemas(schema.oneOf), ...asSchemas(schema.anyOf)];
  const refs = new Set(choices.map((c) => c.$ref));
  const steps: { holds: (value: unknown) => boolean; ref: unknown }[] = [];
  let at: JsonSchema = schema;
  while (at.if !== undefined) {
    const then = at.then as JsonSchema | undefined;
    if (!then || !refs.has(then.$ref))
      throw new Error('cannot generate values for an if whose then is no branch');
    steps.push({ holds: matcherFor(at.if as JsonSchema, 'if'), ref: then.$ref });
    at = (at.else as JsonSchema | undefined) ?? {};
  }
  if (!refs.has(at.$ref))
    throw new Error('cannot generate values for an if chain whose last else is no branch');
  const last = at.$ref;
  const selected = (value: unknown) => steps.find((step) => step.holds(value))?.ref ?? last;
  const { if: _if, then: _then, else: _else, oneOf: _oneOf, anyOf: _anyOf, ...rest } = schema;
  if (Object.keys(rest).some((k) => !['title', 'description', 'type'].includes(k))) {
    throw new Error(`cannot generate values for an if chain beside ${Object.keys(rest).join(', ')}`);
  }
  return fc.oneof(
    ...choices.map((choice) => next(choice).filter((value) => selected(value) === choice.$ref)),
  );
}

const MATCHER_KEYWORDS = ['required', 'properties', 'description', 'const', 'enum', 'not', 'anyOf'];

/**
 * A predicate for the small subset of schemas the spec uses as conditions (under `not` and `if`):
 * `required`, `properties`, `const`, `enum`, `not`, `anyOf`, with JSON Schema's meaning (object keywords
 * hold for non-objects). Throws on anything else, so an unsupported condition is never silently ignored.
 */
function matcherFor(schema: JsonSchema, role: 'not' | 'if' = 'not'): (value: unknown) => boolean {
  const unsupported = Object.keys(schema).filter((k) => !MATCHER_KEYWORDS.includes(k));
  if (unsupported.length > 0) {
    throw new Error(`cannot generate values for a ${role} with keyword ${unsupported.join(', ')}`);
  }
  const checks: ((value: unknown) => boolean)[] = [];
  const isObject = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === 'object' && !Array.isArray(v);
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if ('const' in schema) checks.push((v) => same(v, schema.const));
  if (Array.isArray(schema.enum)) checks.push((v) => (schema.enum as unknown[]).some((e) => same(v, e)));
  const required = (schema.required as string[] | undefined) ?? [];
  if (required.length > 0) checks.push((v) => !isObject(v) || required.every((name) => name in v));
  const properties = Object.entries((schema.properties as Record<string, JsonSchema> | undefined) ?? {}).map(
    ([name, sub]) => [name, matcherFor(sub, role)] as const,
  );
  if (properties.length > 0) {
    checks.push((v) => !isObject(v) || properties.every(([name, holds]) => !(name in v) || holds(v[name])));
  }
  if (schema.not !== undefined) {
    const forbidden = matcherFor(schema.not as JsonSchema, role);
    checks.push((v) => !forbidden(v));
  }
  if (schema.anyOf !== undefined) {
    const options = asSchemas(schema.anyOf).map((option) => matcherFor(option, role));
    checks.push((v) => options.some((holds) => holds(v)));
  }
  return (value) => checks.every((holds) => holds(value));
}

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = (schema.minLength as number | undefined) ?? 0;
  const maxLength = (schema.maxLength as number | undefined) ?? 64;
  const fits = (s: string) => s.length >= minLength && s.length <= maxLength;
  let base: fc.Arbitrary<string>;
  if (typeof schema.pattern === 'string') {
    // ajv compiles patterns with the `u` flag; generating with the same flag keeps the two in step.
    base = fc.stringMatching(new RegExp(schema.pattern, 'u'));
  } else if (schema.format === 'date-time') {
    base = fc
      .date({
        min: new Date('2000-01-01T00:00:00Z'),
        max: new Date('2099-12-31T23:59:59Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString());
  } else if (schema.format === 'uri') {
    // fc.webUrl() takes seconds to build; a scheme, a domain and a short path are enough for `format: uri`.
    base = fc
      .tuple(fc.constantFrom('https', 'http'), fc.domain(), fc.stringMatching(/^(\/[a-z0-9-]{1,8}){0,3}$/))
      .map(([scheme, host, path]) => `${scheme}://${host}${path}`);
  } else if (schema.format === 'hostname') {
    base = fc.domain();
  } else if (schema.format !== undefined) {
    throw new Error(`cannot generate strings of format ${String(schema.format)}`);
  } else {
    base = fc.string({ minLength, maxLength: Math.min(maxLength, 64) });
  }
  return base.filter(fits);
}

function arrayArbitrary(schema: JsonSchema, next: (s: JsonSchema) => fc.Arbitrary<unknown>) {
  const minLength = (schema.minItems as number | undefined) ?? 0;
  const maxLength = Math.max(
    minLength,
    Math.min((schema.maxItems as number | undefined) ?? MAX_ITEMS, MAX_ITEMS),
  );
  const items = next((schema.items as JsonSchema | undefined) ?? {});
  return schema.uniqueItems
    ? fc.uniqueArray(items, { minLength, maxLength, selector: (v) => JSON.stringify(v) })
    : fc.array(items, { minLength, maxLength });
}

function objectArbitrary(schema: JsonSchema, next: (s: JsonSchema) => fc.Arbitrary<unknown>) {
  const properties = (schema.properties as Record<string, JsonSchema> | undefined) ?? {};
  const required = (schema.required as string[] | undefined) ?? [];
  const extra = schema.additionalProperties;
  if (Object.keys(properties).length === 0 && extra && typeof extra === 'object') {
    // A map (e.g. SIP headers): keys from `propertyNames`, values from `additionalProperties`.
    const keys = stringArbitrary({
      type: 'string',
      ...((schema.propertyNames as JsonSchema | undefined) ?? {}),
    });
    return fc.dictionary(keys, next(extra as JsonSchema), {
      maxKeys: Math.min((schema.maxProperties as number | undefined) ?? MAX_KEYS, MAX_KEYS),
      noNullPrototype: true,
    });
  }
  for (const name of required) {
    if (!(name in properties)) throw new Error(`required property ${name} has no schema`);
  }
  const model = Object.fromEntries(Object.entries(properties).map(([name, s]) => [name, next(s)]));
  return fc.record(model, { requiredKeys: required });
}

/** A value of a JSON type other than `value`'s own. */
export function wrongTypeArbitrary(value: unknown): fc.Arbitrary<unknown> {
  const candidates: unknown[] = [12345, true, 'not-the-right-type', [1, 2], { nested: true }, null];
  const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  return fc.constantFrom(...candidates.filter((c) => typeOf(c) !== typeOf(value)));
}

/** How a schema-invalid body was derived from a valid one (shown when a property fails). */
export type Mutation =
  | { kind: 'drop-required'; field: string }
  | { kind: 'wrong-type'; field: string }
  | { kind: 'unknown-field'; field: string }
  | { kind: 'not-an-object' };

/** The names that some object variant of the schema requires (through `$ref`, `oneOf`, `anyOf`). */
export function requiredNames(schema: JsonSchema, resolve: RefResolver, depth = 0): string[] {
  if (depth > MAX_DEPTH) return [];
  if (typeof schema.$ref === 'string') return requiredNames(resolve(schema.$ref), resolve, depth + 1);
  const own = (schema.required as string[] | undefined) ?? [];
  const nested = [...asSchemas(schema.oneOf), ...asSchemas(schema.anyOf)].flatMap((s) =>
    requiredNames(s, resolve, depth + 1),
  );
  return [...new Set([...own, ...nested])];
}

/**
 * Arbitrary of bodies derived from valid ones by one mutation: drop a required field, give a field a wrong
 * type, add an unknown field (only where `unknownFields` is set, i.e. the schema forbids them), or send
 * a non-object. Callers keep only the results the schema's validator rejects.
 */
export function mutatedBodyArbitrary(
  valid: fc.Arbitrary<unknown>,
  required: readonly string[],
  unknownFields: boolean,
): fc.Arbitrary<{ body: unknown; mutation: Mutation }> {
  const kinds = ['drop-required', 'wrong-type', 'not-an-object', ...(unknownFields ? ['unknown-field'] : [])];
  return fc
    .tuple(valid, fc.constantFrom(...kinds), fc.nat(), fc.stringMatching(/^x_[a-z]{1,12}$/))
    .chain(([value, kind, pick, unknownName]) => {
      const object = value && typeof value === 'object' && !Array.isArray(value);
      const body = object ? { ...(value as Record<string, unknown>) } : {};
      const present = Object.keys(body);
      if (kind === 'drop-required') {
        const droppable = required.filter((name) => name in body);
        const field = droppable[pick % Math.max(droppable.length, 1)];
        if (field !== undefined) {
          delete body[field];
          return fc.constant({ body: body as unknown, mutation: { kind, field } as Mutation });
        }
      }
      if (kind === 'wrong-type' && present.length > 0) {
        const field = present[pick % present.length] as string;
        return wrongTypeArbitrary(body[field]).map((wrong) => ({
          body: { ...body, [field]: wrong } as unknown,
          mutation: { kind: 'wrong-type', field } as Mutation,
        }));
      }
      if (kind === 'unknown-field') {
        return fc.constant({
          body: { ...body, [unknownName]: 'unexpected' } as unknown,
          mutation: { kind: 'unknown-field', field: unknownName } as Mutation,
        });
      }
      return fc
        .constantFrom<unknown>([], 'a string', 42, true)
        .map((b) => ({ body: b, mutation: { kind: 'not-an-object' } as Mutation }));
    });
}

/**
 * Bodies of a union of open objects (the convai create body) as an outside client may send them: one
 * branch's valid body plus some properties that only the other branches declare, each with a value valid
 * there or `null`. The spec may accept or refuse each body; callers keep the ones its validator accepts.
 * An accepted one must then be stored as the body the spec says it is: such bodies are where a server's
 * own guess of the provider can part from the validator's verdict (a SIP-trunk body carrying `sid: null`
 * stored as Twilio). `undefined` when the schema is not such a union.
 */
export function foreignFieldsArbitrary(
  schema: JsonSchema,
  resolve: RefResolver,
): fc.Arbitrary<unknown> | undefined {
  const root = typeof schema.$ref === 'string' ? resolve(schema.$ref) : schema;
  const branches = [...asSchemas(root.oneOf), ...asSchemas(root.anyOf)].map((b) =>
    typeof b.$ref === 'string' ? resolve(b.$ref) : b,
  );
  const open = branches.filter((b) => b.additionalProperties !== false && b.properties !== undefined);
  if (open.length < 2) return undefined;
  const propsOf = (b: JsonSchema) => (b.properties ?? {}) as Record<string, JsonSchema>;
  return fc.oneof(
    ...open.map((branch) => {
      const own = propsOf(branch);
      const foreign: Record<string, fc.Arbitrary<unknown>> = {};
      for (const other of branches) {
        for (const [name, s] of Object.entries(propsOf(other))) {
          if (!(name in own)) foreign[name] = fc.oneof(arbitraryFor(s, resolve), fc.constant(null));
        }
      }
      return fc
        .tuple(arbitraryFor(branch, resolve), fc.record(foreign, { requiredKeys: [] }))
        .map(([body, extra]) => ({ ...(body as Record<string, unknown>), ...extra }));
    }),
  );
}
