/**
 * One ajv error -> one {@link Issue}: a table from ajv keyword to the wording of that keyword on both
 * surfaces (the agents message and the convai pydantic-style `msg` and `type`).
 */
import type { ErrorObject } from 'ajv/dist/2020.js';
import type { CompiledOperation } from './compile.ts';

/** One problem, located and described for both surfaces. */
export interface Issue {
  /** `body`, `query`, `header` or `path`, then property names and array indexes. */
  loc: (string | number)[];
  /** Agents: the human message for `error.fields`. */
  message: string;
  /** Convai: pydantic-style message and type. */
  msg: string;
  type: string;
}

/** What one keyword's entry reads: the error, where it is, and the operation it was raised for. */
interface KeywordContext {
  error: ErrorObject;
  params: Record<string, unknown>;
  loc: (string | number)[];
  op: CompiledOperation;
}

type Describer = (k: KeywordContext) => Issue;

/** `["body", "twilio", "account_sid"]` -> `twilio.account_sid`; `capabilities[0]`; the body itself is `""`. */
export function fieldPath(loc: (string | number)[]): string {
  let out = '';
  for (const part of loc.slice(1)) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out.length === 0 ? part : `.${part}`;
  }
  return out;
}

/** A value as an error message may quote it: text as it is, anything else as JSON, at most 64 characters. */
export function printableValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return (text ?? '').slice(0, 64);
}

/** Turns one ajv error into an issue at `loc` (array indexes become numbers, as the spec's `loc` wants). */
export function describe(error: ErrorObject, baseLoc: string[], data: unknown, op: CompiledOperation): Issue {
  const k: KeywordContext = {
    error,
    params: error.params as Record<string, unknown>,
    loc: numericIndexes(baseLoc, data),
    op,
  };
  const describer = Object.hasOwn(KEYWORDS, error.keyword) ? KEYWORDS[error.keyword] : undefined;
  return (describer ?? otherKeyword)(k);
}

/** The name a message gives the field at `at`: its dotted path, a parameter's name, or `body`. */
function field(at: (string | number)[]): string {
  const path = at[0] === 'body' ? fieldPath(at) : fieldPath(at.slice(1)) || String(at[1] ?? '');
  return path === '' ? 'body' : path;
}

function child(k: KeywordContext, name: unknown): (string | number)[] {
  return [...k.loc, String(name)];
}

/** An issue at the error's own location. */
function at(k: KeywordContext, message: string, msg: string, type: string): Issue {
  return { loc: k.loc, message: `${field(k.loc)} ${message}`, msg, type };
}

function missing(loc: (string | number)[]): Issue {
  return { loc, message: `${field(loc)} is required`, msg: 'Field required', type: 'missing' };
}

const TYPE_CODES: Record<string, [string, string]> = {
  string: ['string_type', 'a valid string'],
  integer: ['int_type', 'a valid integer'],
  number: ['float_type', 'a valid number'],
  boolean: ['bool_type', 'a valid boolean'],
  object: ['dict_type', 'a valid dictionary'],
  array: ['list_type', 'a valid list'],
  null: ['none_required', 'None'],
};

const ARTICLE: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

const extraProperty: Describer = (k) => {
  const name = String(k.params.additionalProperty ?? k.params.unevaluatedProperty);
  const loc = child(k, name);
  const immutable = k.loc.length === 1 && k.op.readOnlyNames.has(name);
  return {
    loc,
    message: immutable
      ? `${field(loc)} is immutable after import`
      : `${field(loc)} is not an allowed property`,
    msg: 'Extra inputs are not permitted',
    type: 'extra_forbidden',
  };
};

/** `maximum` and its kin: the comparison in words and the convai type. */
const BOUNDS: Record<string, [string, string]> = {
  maximum: ['less than or equal to', 'less_than_equal'],
  minimum: ['greater than or equal to', 'greater_than_equal'],
  exclusiveMaximum: ['less than', 'less_than'],
  exclusiveMinimum: ['greater than', 'greater_than'],
};

const bound: Describer = (k) => {
  const [words, type] = BOUNDS[k.error.keyword] as [string, string];
  const limit = String(k.params.limit);
  return at(k, `must be ${words} ${limit}`, `Input should be ${words} ${limit}`, type);
};

const stringLength: Describer = (k) => {
  const most = k.error.keyword === 'maxLength' ? 'most' : 'least';
  const limit = String(k.params.limit);
  return at(
    k,
    `must be at ${most} ${limit} characters`,
    `String should have at ${most} ${limit} characters`,
    most === 'most' ? 'string_too_long' : 'string_too_short',
  );
};

const count: Describer = (k) => {
  const most = k.error.keyword.startsWith('max') ? 'most' : 'least';
  const unit = k.error.keyword.endsWith('Items') ? 'items' : 'properties';
  const limit = String(k.params.limit);
  return at(
    k,
    `must have at ${most} ${limit} ${unit}`,
    `Input should have at ${most} ${limit} ${unit}`,
    most === 'most' ? 'too_long' : 'too_short',
  );
};

/** The wording of each ajv keyword; a keyword not listed reads as {@link otherKeyword}. */
const KEYWORDS: Record<string, Describer> = {
  required: (k) => missing(child(k, k.params.missingProperty)),
  additionalProperties: extraProperty,
  unevaluatedProperties: extraProperty,
  type: (k) => {
    const types = String(k.params.type).split(',');
    const first = types[0] ?? 'string';
    const [type, noun] = TYPE_CODES[first] ?? ['value_error', `a valid ${first}`];
    return at(
      k,
      `must be ${types.map((t) => ARTICLE[t] ?? t).join(' or ')}`,
      `Input should be ${noun}`,
      type,
    );
  },
  const: (k) =>
    at(
      k,
      `must be ${JSON.stringify(k.params.allowedValue)}`,
      `Input should be ${quote(k.params.allowedValue)}`,
      'literal_error',
    ),
  enum: (k) => {
    const values = (k.params.allowedValues as unknown[]) ?? [];
    return at(
      k,
      `must be one of: ${values.map((v) => String(v)).join(', ')}`,
      `Input should be ${joinOr(values.map(quote))}`,
      'enum',
    );
  },
  pattern: (k) =>
    at(
      k,
      `must match the pattern ${String(k.params.pattern)}`,
      `String should match pattern '${String(k.params.pattern)}'`,
      'string_pattern_mismatch',
    ),
  maxLength: stringLength,
  minLength: stringLength,
  maximum: bound,
  minimum: bound,
  exclusiveMaximum: bound,
  exclusiveMinimum: bound,
  maxItems: count,
  minItems: count,
  maxProperties: count,
  minProperties: count,
  uniqueItems: (k) => at(k, 'must not contain duplicates', 'List items must be unique', 'value_error'),
  format: (k) =>
    at(
      k,
      `must be a valid ${String(k.params.format)}`,
      `Input should be a valid ${String(k.params.format)}`,
      'value_error',
    ),
  propertyNames: (k) => {
    const loc = child(k, k.params.propertyName);
    return { loc, message: `${field(loc)} is not an allowed name`, msg: 'Invalid key', type: 'value_error' };
  },
  discriminator: (k) => {
    const tag = String(k.params.tag);
    const loc = child(k, tag);
    if (k.params.tagValue === undefined) return missing(loc);
    // Computed when the spec was compiled, keyed by the discriminated schema ajv reports.
    const allowed = k.op.discriminators.get(k.error.parentSchema as object) ?? [];
    return {
      loc,
      message: `${field(loc)} must be one of: ${allowed.join(', ')}`,
      msg: `Input tag '${printableValue(k.params.tagValue)}' found using '${tag}' does not match any of the expected tags: ${allowed.map(quote).join(', ')}`,
      type: 'union_tag_invalid',
    };
  },
  not: (k) => {
    // A `not` says what is forbidden; its own description is the only wording the spec has for it.
    const said = (k.error.schema as { description?: unknown } | undefined)?.description;
    const why = typeof said === 'string' ? said : 'Input matches a shape the schema forbids';
    return { loc: k.loc, message: `${field(k.loc)}: ${why}`, msg: why, type: 'value_error' };
  },
};

/** Any other keyword (`oneOf`/`anyOf` summaries among them): the field is invalid. */
const otherKeyword: Describer = (k) =>
  at(
    k,
    'is invalid',
    'Input does not match any allowed shape',
    k.error.keyword === 'oneOf' || k.error.keyword === 'anyOf' ? 'union_invalid' : 'value_error',
  );

function quote(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
}

function joinOr(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** Turns path segments that index arrays in `data` into numbers. */
function numericIndexes(loc: string[], data: unknown): (string | number)[] {
  if (loc[0] !== 'body') return loc;
  const out: (string | number)[] = ['body'];
  let node = data;
  for (const segment of loc.slice(1)) {
    if (Array.isArray(node) && /^\d+$/.test(segment)) {
      out.push(Number(segment));
      node = node[Number(segment)];
    } else {
      out.push(segment);
      node =
        node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined;
    }
  }
  return out;
}
