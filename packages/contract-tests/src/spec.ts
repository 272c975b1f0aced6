import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** A JSON Schema (2020-12) object as it appears in the bundled spec. */
export type JsonSchema = { [keyword: string]: unknown };

/** The subset of an OpenAPI 3.1 document this suite reads. */
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

/** The two surfaces of the phone-number resource, told apart by their security scheme. */
export type Surface = 'agents' | 'convai';

/** HTTP methods an OpenAPI path item can hold operations for. */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** A parameter of an operation, `$ref`s resolved. */
export interface SpecParameter {
  name: string;
  in: 'query' | 'header' | 'path' | 'cookie';
  required: boolean;
  schema: JsonSchema;
  /** `x-id-prefix`: the prefix of the ids the server looks up (any other value names no resource). */
  idPrefix?: string;
  examples: unknown[];
}

/** A response header the spec documents, `$ref`s resolved. */
export interface SpecHeader {
  name: string;
  required: boolean;
  schema: JsonSchema;
}

/** An OpenAPI `link` of a response: which operation a value of this response can be passed to. */
export interface SpecLink {
  name: string;
  operationId: string;
  /** Parameter name -> runtime expression (`$response.body#/id`). */
  parameters: Record<string, string>;
}

/** One documented response of an operation. */
export interface SpecResponse {
  status: string;
  headers: SpecHeader[];
  links: SpecLink[];
  /** Named examples of the response body (every media type), name -> value. */
  examples: Record<string, unknown>;
  /** Media type -> schema; empty when the response has no body. */
  content: Record<string, JsonSchema | undefined>;
}

/** An operation of the spec with everything the checks need, `$ref`s to non-schema objects resolved. */
export interface SpecOperation {
  operationId: string;
  method: HttpMethod;
  path: string;
  surface: Surface;
  /** The security scheme names any of which authorizes the operation; empty when it is public. */
  securitySchemes: string[];
  parameters: SpecParameter[];
  requestBody?: { required: boolean; content: Record<string, JsonSchema | undefined> };
  /** Request body examples from the spec (the first media type's `examples`). */
  requestExamples: Record<string, unknown>;
  responses: Record<string, SpecResponse>;
}

/** The surface each security scheme belongs to; a new scheme must be placed here before the suite runs. */
const SURFACE_OF_SCHEME: Record<string, Surface> = { bearerAuth: 'agents', xiApiKey: 'convai' };

const require = createRequire(import.meta.url);

/** Path of the bundled spec every consumer reads (`spec/dist/openapi.json`, built by `@phone-api/spec`). */
export function bundledSpecPath(): string {
  return require.resolve('@phone-api/spec/openapi.json');
}

/** Loads the bundled spec; fails with the command that builds it when it is missing. */
export function loadSpec(path = bundledSpecPath()): OpenApiDocument {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new Error(`Cannot read the bundled spec at ${path}. Run: pnpm --filter @phone-api/spec build`, {
      cause,
    });
  }
  return JSON.parse(text) as OpenApiDocument;
}

/** Reads the value at a local JSON pointer (`#/components/...`) of the document. */
export function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) throw new Error(`Only local $refs are supported, got ${ref}`);
  const segments = ref
    .slice(1)
    .split('/')
    .slice(1)
    .map((s) => decodeURIComponent(s).replaceAll('~1', '/').replaceAll('~0', '~'));
  let node: unknown = doc;
  for (const segment of segments) {
    if (node === null || typeof node !== 'object') throw new Error(`Dangling $ref ${ref}`);
    node = (node as Record<string, unknown>)[segment];
  }
  if (node === undefined) throw new Error(`Dangling $ref ${ref}`);
  return node;
}

/** Follows `$ref`s of OpenAPI objects (parameters, responses, headers), not of schemas. */
function deref<T>(doc: OpenApiDocument, value: unknown): T {
  let node = value;
  for (let hops = 0; hops < 16; hops++) {
    if (node && typeof node === 'object' && typeof (node as { $ref?: unknown }).$ref === 'string') {
      node = resolvePointer(doc, (node as { $ref: string }).$ref);
    } else {
      return node as T;
    }
  }
  throw new Error('Too many nested $refs');
}

type RawParameter = {
  name: string;
  in: SpecParameter['in'];
  required?: boolean;
  schema?: JsonSchema;
  'x-id-prefix'?: string;
  example?: unknown;
  examples?: Record<string, { value?: unknown }>;
};
type RawMedia = { schema?: JsonSchema; examples?: Record<string, { value?: unknown }>; example?: unknown };

function parameterOf(doc: OpenApiDocument, raw: unknown): SpecParameter {
  const p = deref<RawParameter>(doc, raw);
  const examples = [
    ...(p.example === undefined ? [] : [p.example]),
    ...Object.values(p.examples ?? {}).map((e) => deref<{ value?: unknown }>(doc, e).value),
  ];
  return {
    name: p.name,
    in: p.in,
    required: p.required ?? p.in === 'path',
    schema: p.schema ?? {},
    ...(p['x-id-prefix'] ? { idPrefix: p['x-id-prefix'] } : {}),
    examples,
  };
}

function contentOf(raw: unknown): Record<string, JsonSchema | undefined> {
  const content = (raw ?? {}) as Record<string, RawMedia>;
  return Object.fromEntries(Object.entries(content).map(([type, media]) => [type, media.schema]));
}

/**
 * Lists every operation of the spec, in document order. Throws when an operation has no operationId
 * or a security scheme this suite does not know, so nothing is silently left out.
 */
export function listOperations(doc: OpenApiDocument): SpecOperation[] {
  const operations: SpecOperation[] = [];
  const globalSecurity = (doc.security as Record<string, unknown>[] | undefined) ?? [];
  for (const [path, rawItem] of Object.entries(doc.paths)) {
    const item = deref<Record<string, unknown>>(doc, rawItem);
    const shared = ((item.parameters as unknown[] | undefined) ?? []).map((p) => parameterOf(doc, p));
    for (const method of HTTP_METHODS) {
      const op = item[method] as Record<string, unknown> | undefined;
      if (!op) continue;
      const operationId = op.operationId;
      if (typeof operationId !== 'string')
        throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
      const own = ((op.parameters as unknown[] | undefined) ?? []).map((p) => parameterOf(doc, p));
      // Operation-level parameters override path-level ones with the same name and location.
      const parameters = [
        ...shared.filter((s) => !own.some((o) => o.name === s.name && o.in === s.in)),
        ...own,
      ];
      const security = (op.security as Record<string, unknown>[] | undefined) ?? globalSecurity;
      const securitySchemes = security.flatMap((req) => Object.keys(req));
      const surfaces = new Set(
        securitySchemes.map((s) => {
          const surface = SURFACE_OF_SCHEME[s];
          if (!surface) throw new Error(`${operationId}: security scheme ${s} belongs to no known surface`);
          return surface;
        }),
      );
      const [surface] = [...surfaces];
      if (surfaces.size !== 1 || !surface) {
        throw new Error(`${operationId}: expected exactly one surface, got [${[...surfaces].join(', ')}]`);
      }
      const rawBody = op.requestBody
        ? deref<{ required?: boolean; content?: Record<string, RawMedia> }>(doc, op.requestBody)
        : undefined;
      const firstMedia = rawBody ? Object.values(rawBody.content ?? {})[0] : undefined;
      const requestExamples = Object.fromEntries(
        Object.entries(firstMedia?.examples ?? {}).map(([name, e]) => [
          name,
          deref<{ value?: unknown }>(doc, e).value,
        ]),
      );
      const responses: Record<string, SpecResponse> = {};
      for (const [status, rawResponse] of Object.entries((op.responses as Record<string, unknown>) ?? {})) {
        const response = deref<{
          headers?: Record<string, unknown>;
          content?: unknown;
          links?: Record<string, unknown>;
        }>(doc, rawResponse);
        const headers = Object.entries(response.headers ?? {}).map(([name, rawHeader]) => {
          const h = deref<{ required?: boolean; schema?: JsonSchema }>(doc, rawHeader);
          return { name, required: h.required ?? false, schema: h.schema ?? {} };
        });
        const links = Object.entries(response.links ?? {}).map(([name, rawLink]) => {
          const link = deref<{ operationId?: string; parameters?: Record<string, unknown> }>(doc, rawLink);
          if (typeof link.operationId !== 'string')
            throw new Error(`${operationId} ${status}: link ${name} names no operationId`);
          return {
            name,
            operationId: link.operationId,
            parameters: mapValues(link.parameters ?? {}, String),
          };
        });
        const media = Object.values((response.content ?? {}) as Record<string, RawMedia>);
        const examples = Object.fromEntries(
          media.flatMap((m) =>
            Object.entries(m.examples ?? {}).map(([name, e]) => [
              name,
              deref<{ value?: unknown }>(doc, e).value,
            ]),
          ),
        );
        responses[status] = { status, headers, links, examples, content: contentOf(response.content) };
      }
      operations.push({
        operationId,
        method,
        path,
        surface,
        securitySchemes,
        parameters,
        ...(rawBody
          ? { requestBody: { required: rawBody.required ?? false, content: contentOf(rawBody.content) } }
          : {}),
        requestExamples,
        responses,
      });
    }
  }
  return operations;
}

function mapValues<T>(record: Record<string, unknown>, f: (v: unknown) => T): Record<string, T> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v)]));
}

/** Finds an operation by id or throws, naming the ids that exist. */
export function operationById(operations: readonly SpecOperation[], operationId: string): SpecOperation {
  const op = operations.find((o) => o.operationId === operationId);
  if (!op) {
    throw new Error(
      `No operation ${operationId}; the spec has ${operations.map((o) => o.operationId).join(', ')}`,
    );
  }
  return op;
}

/** The JSON request body schema of an operation, if it takes one. */
export function jsonRequestSchema(op: SpecOperation): JsonSchema | undefined {
  return op.requestBody?.content['application/json'];
}

/** Substitutes path parameters (`/x/{id}` + `{ id }`), percent-encoding each value. */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`No value for path parameter ${name} of ${path}`);
    return encodeURIComponent(value);
  });
}
