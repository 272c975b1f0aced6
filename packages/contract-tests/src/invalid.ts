import type { ValidateFunction } from 'ajv/dist/2020.js';
import type { RefResolver } from './arbitraries.ts';
import type { JsonSchema } from './spec.ts';

/** Resolves top-level `$ref`s until a schema with its own keywords remains. */
export function derefSchema(schema: JsonSchema, resolve: RefResolver): JsonSchema {
  let current = schema;
  for (let hops = 0; typeof current.$ref === 'string' && hops < 16; hops++) current = resolve(current.$ref);
  return current;
}

/** A parameter's wire string as its schema sees it: numeric strings become numbers for numeric schemas. */
export function typedParameter(raw: string, schema: JsonSchema): unknown {
  const type = schema.type;
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  return raw;
}

/**
 * Wire values (strings, as sent in a query or header) that violate a parameter's schema: out of range,
 * not a number, too long, outside the pattern or the enum. Each candidate is kept only if the spec's own
 * validator rejects it, so a check never blames a target for refusing a value the spec allows. The empty
 * string is never offered: whether `?cursor=` means "absent" is not something the spec settles.
 */
export function invalidParameterValues(
  schema: JsonSchema,
  resolve: RefResolver,
  validate: ValidateFunction,
): string[] {
  const s = derefSchema(schema, resolve);
  const candidates: string[] = [];
  if (s.type === 'integer' || s.type === 'number') {
    candidates.push('not-a-number');
    if (s.type === 'integer') candidates.push('1.5');
    if (typeof s.minimum === 'number') candidates.push(String(s.minimum - 1));
    if (typeof s.maximum === 'number') candidates.push(String(s.maximum + 1));
  } else {
    if (Array.isArray(s.enum)) candidates.push('not_a_member');
    if (typeof s.maxLength === 'number') candidates.push('a'.repeat(s.maxLength + 1));
    if (typeof s.pattern === 'string') candidates.push('has spaces and !', 'x');
  }
  return [...new Set(candidates)].filter((c) => c !== '' && !validate(typedParameter(c, s)));
}
