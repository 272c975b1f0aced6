import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import formatsPlugin from 'ajv-formats';
import {
  type JsonSchema,
  listOperations,
  loadSpec,
  type OpenApiDocument,
  operationById,
  resolvePointer,
  type SpecOperation,
  type Surface,
} from './spec.ts';

/**
 * The response checks, named after Schemathesis' checks where one exists:
 * - `not_a_server_error`: the status is not 5xx.
 * - `status_code_conformance`: the spec documents the status for the operation.
 * - `content_type_conformance`: the `Content-Type` is one the spec documents for that response (or no body
 *   when it documents none).
 * - `response_schema_conformance`: the body is valid against that response's schema.
 * - `response_headers_conformance`: required headers are present and every documented header is valid.
 * - `request_id_echo`: an agents error body's `request_id` equals the `X-Request-Id` header.
 * - `response_time`: an answer arrived within the time limit (nothing hangs).
 * - `expected_error`: a negative request got the documented error it must get (status and code).
 */
export type CheckName =
  | 'not_a_server_error'
  | 'status_code_conformance'
  | 'content_type_conformance'
  | 'response_schema_conformance'
  | 'response_headers_conformance'
  | 'request_id_echo'
  | 'response_time'
  | 'expected_error';

/** An HTTP response as the checks see it: the body is kept as text so a non-JSON body is reported, not thrown. */
export interface ObservedResponse {
  status: number;
  headers: Headers;
  body: string;
}

/** One failed check, with where in the response it failed. */
export interface CheckFailure {
  check: CheckName;
  /** JSON pointer into the body, `header:<name>`, or `status`. */
  path: string;
  message: string;
}

/** The outcome of checking one response. `failures[0]` is the first failure, the one to read first. */
export interface CheckReport {
  operationId: string;
  request: string;
  status: number | undefined;
  ok: boolean;
  failures: CheckFailure[];
  /** The parsed JSON body, when there was one. */
  json?: unknown;
}

/** Expectations for a request the target must reject. */
export interface ErrorExpectation {
  /** The status (or one of the statuses) the target must answer with. */
  status: number | readonly number[];
  /** Error codes any of which is acceptable: agents `error.code`, convai `detail[].type`. */
  codes?: readonly string[];
  /** Field names (agents `error.fields` keys, convai `detail[].loc` members) the error must name. */
  fields?: readonly string[];
  /**
   * Full field paths (`outbound_trunk_config.address`, `numbers[0]`) the error must name: an agents
   * `error.fields` key or a convai `loc` (after its location) at that path or inside it.
   */
  paths?: readonly string[];
}

const SPEC_ID = 'https://phone-api.invalid/openapi.json';

/**
 * The spec compiled for checking: operations plus ajv 2020-12 validators for every schema in it.
 * Build one per process; compiled validators are cached.
 */
export class Contract {
  readonly doc: OpenApiDocument;
  readonly operations: SpecOperation[];
  readonly ajv: Ajv2020;
  readonly #cache = new WeakMap<object, ValidateFunction>();

  constructor(doc: OpenApiDocument = loadSpec()) {
    this.doc = doc;
    this.operations = listOperations(doc);
    // strict off: OpenAPI annotations (`example`, `x-*`, `deprecated`) are not JSON Schema keywords ajv knows.
    this.ajv = new Ajv2020({ strict: false, allErrors: false, discriminator: true, validateFormats: true });
    // ajv-formats is a CommonJS module whose default export is the plugin itself.
    const addFormats = formatsPlugin as unknown as (ajv: Ajv2020) => Ajv2020;
    addFormats(this.ajv);
    this.ajv.addFormat('int32', {
      type: 'number',
      validate: (n: number) => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647,
    });
    this.ajv.addSchema({ $id: SPEC_ID, components: prepareComponents(doc) });
  }

  /** The operation with this id (throws when the spec has none). */
  operation(operationId: string): SpecOperation {
    return operationById(this.operations, operationId);
  }

  /** A compiled validator for a schema of the spec (component `$ref`s resolve against the bundle). */
  validator(schema: JsonSchema): ValidateFunction {
    let validate = this.#cache.get(schema);
    if (!validate) {
      validate = this.ajv.compile(absoluteRefs(schema) as JsonSchema);
      this.#cache.set(schema, validate);
    }
    return validate;
  }

  /** Resolves a schema `$ref` of the bundle (`#/components/schemas/X`). */
  resolveSchema(ref: string): JsonSchema {
    return resolvePointer(this.doc, ref) as JsonSchema;
  }
}

/**
 * Copies the components and drops each discriminator's `mapping`, which ajv refuses; before dropping it,
 * checks that every mapping entry points at a `oneOf` variant whose tag property is that very `const`,
 * so ajv's const-based dispatch is exactly the mapping the spec states. Discriminated schemas also get
 * `type: object` (see below).
 */
function prepareComponents(doc: OpenApiDocument): unknown {
  const copy = structuredClone(doc.components ?? {}) as Record<string, unknown>;
  const visit = (node: unknown, where: string): void => {
    if (Array.isArray(node)) {
      node.forEach((child, i) => {
        visit(child, `${where}/${i}`);
      });
      return;
    }
    if (!node || typeof node !== 'object') return;
    const schema = node as Record<string, unknown>;
    const discriminator = schema.discriminator as { propertyName: string; mapping?: Record<string, string> };
    if (discriminator?.mapping) {
      const variants = ((schema.oneOf ?? []) as { $ref?: string }[]).map((v) => v.$ref);
      for (const [tag, ref] of Object.entries(discriminator.mapping)) {
        const target = resolvePointer(doc, ref) as { properties?: Record<string, { const?: unknown }> };
        if (!variants.includes(ref) || target.properties?.[discriminator.propertyName]?.const !== tag) {
          throw new Error(
            `${where}: discriminator mapping ${tag} -> ${ref} is not a oneOf variant with ${discriminator.propertyName}: const ${tag}`,
          );
        }
      }
      const { mapping: _dropped, ...rest } = discriminator;
      schema.discriminator = rest;
    }
    if (discriminator) {
      // With `discriminator: true` ajv skips the `oneOf` and only inspects objects, so a string or an array
      // would pass; a discriminated union is a union of objects, so say so.
      schema.type ??= 'object';
    }
    for (const [key, child] of Object.entries(schema)) visit(child, `${where}/${key}`);
  };
  visit(copy, '#/components');
  return copy;
}

/** Rewrites local `$ref`s (`#/...`) of an inline schema to point into the registered bundle. */
function absoluteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(absoluteRefs);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [
      key,
      key === '$ref' && typeof value === 'string' && value.startsWith('#')
        ? `${SPEC_ID}${value}`
        : absoluteRefs(value),
    ]),
  );
}

/** `application/json; charset=utf-8` -> `application/json`. */
export function mediaTypeOf(contentType: string | null): string | undefined {
  return contentType?.split(';')[0]?.trim().toLowerCase() || undefined;
}

/** The documented response object for a status: exact code, then `4XX`-style range, then `default`. */
function documentedResponse(op: SpecOperation, status: number) {
  return (
    op.responses[String(status)] ?? op.responses[`${Math.floor(status / 100)}XX`] ?? op.responses.default
  );
}

/** Formats the first ajv error as `<instance path>: <message> (schema <path>)`. */
export function describeAjvError(error: ErrorObject | undefined): { path: string; message: string } {
  if (!error) return { path: '/', message: 'invalid' };
  const params = Object.keys(error.params).length ? ` ${JSON.stringify(error.params)}` : '';
  return {
    path: error.instancePath || '/',
    message: `${error.message ?? 'invalid'}${params} (schema ${error.schemaPath})`,
  };
}

/** A header value typed the way its schema expects (`Retry-After: 30` is the integer 30). */
function headerValue(raw: string, schema: JsonSchema): unknown {
  const type = schema.type;
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(raw.trim())) return Number(raw);
  return raw;
}

/** Told of every response {@link checkResponse} sees: what coverage reporting counts. */
export type ResponseListener = (operationId: string, status: number, json: unknown) => void;
const listeners: ResponseListener[] = [];

/** Registers a listener for every checked response (the suite's tests register the coverage log). */
export function onResponseChecked(listener: ResponseListener): void {
  listeners.push(listener);
}

/**
 * Checks one response against what the spec documents for the operation: not a 5xx, a documented status,
 * the documented content type, a body valid against that response's schema (discriminators honoured),
 * documented headers present when required and valid, and the agents `request_id` echo.
 */
export function checkResponse(
  contract: Contract,
  operationId: string,
  res: ObservedResponse,
  request = '',
): CheckReport {
  const report = checkAgainstSpec(contract, operationId, res, request);
  for (const listener of listeners) listener(operationId, res.status, report.json);
  return report;
}

function checkAgainstSpec(
  contract: Contract,
  operationId: string,
  res: ObservedResponse,
  request: string,
): CheckReport {
  const op = contract.operation(operationId);
  const failures: CheckFailure[] = [];
  const report: CheckReport = { operationId, request, status: res.status, ok: false, failures };
  if (res.status >= 500) {
    failures.push({ check: 'not_a_server_error', path: 'status', message: `server error ${res.status}` });
  }
  const documented = documentedResponse(op, res.status);
  if (!documented) {
    failures.push({
      check: 'status_code_conformance',
      path: 'status',
      message: `status ${res.status} is not documented for ${operationId} (documented: ${Object.keys(op.responses).join(', ')})`,
    });
    return finish(report);
  }

  const mediaTypes = Object.keys(documented.content);
  const received = mediaTypeOf(res.headers.get('content-type'));
  if (mediaTypes.length === 0) {
    if (res.body.length > 0) {
      failures.push({
        check: 'content_type_conformance',
        path: '/',
        message: `status ${res.status} documents no body, got ${res.body.length} bytes (${received ?? 'no content-type'})`,
      });
    }
  } else if (!received || !mediaTypes.includes(received)) {
    failures.push({
      check: 'content_type_conformance',
      path: 'header:content-type',
      message: `content type ${received ?? '(none)'} is not documented for ${res.status} (documented: ${mediaTypes.join(', ')})`,
    });
  } else {
    const schema = documented.content[received];
    let json: unknown;
    let parsed = false;
    try {
      json = JSON.parse(res.body);
      parsed = true;
      report.json = json;
    } catch (error) {
      failures.push({
        check: 'response_schema_conformance',
        path: '/',
        message: `body is not JSON: ${(error as Error).message}; body starts ${JSON.stringify(res.body.slice(0, 80))}`,
      });
    }
    if (parsed && schema) {
      const validate = contract.validator(schema);
      if (!validate(json)) {
        failures.push({ check: 'response_schema_conformance', ...describeAjvError(validate.errors?.[0]) });
      }
    }
  }

  for (const header of documented.headers) {
    const raw = res.headers.get(header.name);
    if (raw === null) {
      if (header.required) {
        failures.push({
          check: 'response_headers_conformance',
          path: `header:${header.name}`,
          message: `required header ${header.name} is missing`,
        });
      }
      continue;
    }
    const validate = contract.validator(header.schema);
    if (!validate(headerValue(raw, header.schema))) {
      const { message } = describeAjvError(validate.errors?.[0]);
      failures.push({
        check: 'response_headers_conformance',
        path: `header:${header.name}`,
        message: `${header.name}: ${JSON.stringify(raw)} ${message}`,
      });
    }
  }

  const requestId = res.headers.get('x-request-id');
  const echoed = (report.json as { request_id?: unknown } | undefined)?.request_id;
  if (op.surface === 'agents' && typeof echoed === 'string' && requestId !== null && echoed !== requestId) {
    failures.push({
      check: 'request_id_echo',
      path: '/request_id',
      message: `request_id ${echoed} differs from X-Request-Id ${requestId}`,
    });
  }
  return finish(report);
}

function finish(report: CheckReport): CheckReport {
  report.ok = report.failures.length === 0;
  return report;
}

/** The error codes a body carries in its surface's shape: agents `error.code`, convai each `detail[].type`. */
export function errorCodes(surface: Surface, json: unknown): string[] {
  if (surface === 'agents') {
    const code = (json as { error?: { code?: unknown } } | undefined)?.error?.code;
    return typeof code === 'string' ? [code] : [];
  }
  const detail = (json as { detail?: unknown } | undefined)?.detail;
  return Array.isArray(detail)
    ? detail.map((d) => (d as { type?: unknown }).type).filter((t): t is string => typeof t === 'string')
    : [];
}

/** The fields an error names: agents `error.fields` keys, convai every string member of `detail[].loc`. */
export function errorFields(surface: Surface, json: unknown): string[] {
  if (surface === 'agents') {
    const fields = (json as { error?: { fields?: unknown } } | undefined)?.error?.fields;
    return fields && typeof fields === 'object' ? Object.keys(fields) : [];
  }
  const detail = (json as { detail?: unknown } | undefined)?.detail;
  return Array.isArray(detail)
    ? detail.flatMap((d) => ((d as { loc?: unknown }).loc as unknown[] | undefined) ?? []).map(String)
    : [];
}

/** The field paths an error names: agents `error.fields` keys; convai `loc`s after `body`/`query`/..., as `a.b[0]`. */
export function errorPaths(surface: Surface, json: unknown): string[] {
  if (surface === 'agents') return errorFields(surface, json);
  const detail = (json as { detail?: unknown } | undefined)?.detail;
  if (!Array.isArray(detail)) return [];
  return detail.map((d) => pathText((((d as { loc?: unknown }).loc as (string | number)[]) ?? []).slice(1)));
}

/** `["a", "b", 0]` -> `a.b[0]`, the path form of agents `error.fields` keys. */
export function pathText(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out === '' ? part : `.${part}`;
  return out;
}

/** True when an error path is the field's path or lies inside it (`a.b` is named by `a.b` and `a.b.c`). */
export function namesPath(errorPath: string, field: string): boolean {
  return errorPath === field || errorPath.startsWith(`${field}.`) || errorPath.startsWith(`${field}[`);
}

/**
 * True when an error path names a field: `e164` is named by `e164`, `body.e164`, `query.e164`,
 * `e164.x` or `e164[0]`; header names compare case-insensitively.
 */
export function namesField(path: string, field: string): boolean {
  const p = path.toLowerCase();
  const f = field.toLowerCase();
  return p === f || p.endsWith(`.${f}`) || p.startsWith(`${f}.`) || p.startsWith(`${f}[`);
}

/**
 * Checks a response to a request the target must reject: every {@link checkResponse} check, plus
 * `expected_error` (the expected status, one of the expected codes, the named fields).
 */
export function checkError(
  contract: Contract,
  operationId: string,
  res: ObservedResponse,
  want: ErrorExpectation,
  request = '',
): CheckReport {
  const report = checkResponse(contract, operationId, res, request);
  const surface = contract.operation(operationId).surface;
  const statuses = typeof want.status === 'number' ? [want.status] : want.status;
  if (!statuses.includes(res.status)) {
    report.failures.push({
      check: 'expected_error',
      path: 'status',
      message: `expected status ${statuses.join(' or ')}, got ${res.status}: ${res.body.slice(0, 200)}`,
    });
  } else {
    const codes = errorCodes(surface, report.json);
    if (want.codes && !codes.some((c) => want.codes?.includes(c))) {
      report.failures.push({
        check: 'expected_error',
        path: surface === 'agents' ? '/error/code' : '/detail',
        message: `expected error code ${want.codes.join(' or ')}, got [${codes.join(', ')}]`,
      });
    }
    // `fields` may be named by any member of a path; `paths` only by that path or one inside it.
    const fields = errorFields(surface, report.json);
    const paths = errorPaths(surface, report.json);
    const unnamed: [string[], string[]][] = [
      [(want.fields ?? []).filter((f) => !fields.some((g) => namesField(g, f))), fields],
      [(want.paths ?? []).filter((f) => !paths.some((p) => namesPath(p, f))), paths],
    ];
    for (const [missing, names] of unnamed) {
      if (missing.length === 0) continue;
      report.failures.push({
        check: 'expected_error',
        path: surface === 'agents' ? '/error/fields' : '/detail',
        message: `error does not name ${missing.join(', ')} (names: ${names.join(', ') || 'nothing'})`,
      });
    }
  }
  return finish(report);
}

/** A human-readable report: the request, the status, then each failure with its path, first failure first. */
export function formatReport(report: CheckReport): string {
  const head = `${report.operationId} ${report.request} -> ${report.status ?? 'no response'}`;
  if (report.ok) return `${head}: ok`;
  return [
    `${head}: ${report.failures.length} check(s) failed`,
    ...report.failures.map(
      (f, i) => `  ${i === 0 ? 'first' : '     '} ${f.check} at ${f.path}: ${f.message}`,
    ),
  ].join('\n');
}
