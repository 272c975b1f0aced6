import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolveRef } from '@phone-api/openapi';
import { createControl, createFaults } from '@phone-api/server';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { expect } from 'vitest';
import { type Engine, engineOn, type OperationInfo, type Produce } from '../src/engine.ts';

const require = createRequire(import.meta.url);

/** The bundled contract every consumer reads: the source of every expected value in these tests. */
export const specPath = require.resolve('@phone-api/spec/openapi.json');
// biome-ignore lint/suspicious/noExplicitAny: the bundle is navigated by path in tests.
export const spec: any = JSON.parse(readFileSync(specPath, 'utf8'));

export const AGENTS_AUTH = { authorization: 'Bearer sk_test_mock' };
export const CONVAI_AUTH = { 'xi-api-key': 'test-key' };
export const PHONE_ID = 'phone_01kjqh7vm8fg9vjw2pv29p5pjw';
export const REQUEST_ID = /^req_[0-9A-Za-z_-]{8,64}$/;

interface Operation {
  path: string;
  method: string;
  // biome-ignore lint/suspicious/noExplicitAny: raw OpenAPI operation object.
  op: any;
}

/** Finds an operation of the bundle by its operationId. */
export function operation(operationId: string): Operation {
  for (const [path, item] of Object.entries<Record<string, { operationId?: string }>>(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (op?.operationId === operationId) return { path, method, op };
    }
  }
  throw new Error(`no operation ${operationId} in the bundle`);
}

// biome-ignore lint/suspicious/noExplicitAny: raw OpenAPI objects.
const deref = (node: any): any => resolveRef(spec, node).node;

/** The documented example value `name` of an operation's response `status` (application/json). */
export function example(operationId: string, status: number, name?: string): unknown {
  const response = deref(operation(operationId).op.responses[String(status)]);
  const examples = response.content['application/json'].examples;
  const key = name ?? Object.keys(examples)[0] ?? '';
  return deref(examples[key]).value;
}

/** Example names of an operation's response, in document order. */
export function exampleNames(operationId: string, status: number): string[] {
  const response = deref(operation(operationId).op.responses[String(status)]);
  return Object.keys(response.content['application/json'].examples);
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
// An independent validator (not the server package's) so the tests do not grade the mock with its own tool.
// (ajv's `discriminator` keyword rejects `mapping`; `oneOf` alone decides the variant here.)
const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
ajv.addSchema(spec, 'spec');

const compiled = new Map<string, ReturnType<typeof ajv.compile>>();

function schemaErrors(schema: object, body: unknown): string | null {
  const key = JSON.stringify(schema);
  const validate = compiled.get(key) ?? ajv.compile(schema);
  compiled.set(key, validate);
  return validate(body) ? null : ajv.errorsText(validate.errors);
}

function rebase(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    out[key] =
      key === '$ref' && typeof value === 'string' && value.startsWith('#/') ? `spec${value}` : rebase(value);
  }
  return out;
}

/** Asserts that the operation documents `status` and that `body` matches that response's schema. */
export function expectDocumented(operationId: string, status: number, body: unknown): void {
  const responses = operation(operationId).op.responses;
  expect(Object.keys(responses), `${operationId} documents ${status}`).toContain(String(status));
  const response = deref(responses[String(status)]);
  const schema = response.content?.['application/json']?.schema;
  if (schema === undefined) {
    expect(body).toBeUndefined();
    return;
  }
  expect(schemaErrors(rebase(schema) as object, body), JSON.stringify(body)).toBeNull();
}

/** Asserts that `body` is the surface's error shape (for answers that belong to no operation). */
export function expectErrorShape(surface: 'agents' | 'convai', body: unknown): void {
  const name = surface === 'agents' ? 'Error' : 'HTTPValidationError';
  expect(schemaErrors({ $ref: `spec#/components/schemas/${name}` }, body), JSON.stringify(body)).toBeNull();
}

/** Asserts that `body` matches a component schema of the bundle. */
export function expectSchema(name: string, body: unknown): void {
  expect(schemaErrors({ $ref: `spec#/components/schemas/${name}` }, body), JSON.stringify(body)).toBeNull();
}

/** A response read whole. */
export interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
  ms: number;
}

/** One HTTP request over 127.0.0.1, timed, with the body parsed when it is JSON. */
export async function call(
  base: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string; timeoutMs?: number } = {},
): Promise<Answer> {
  const started = performance.now();
  const res = await fetch(`${base}${path}`, {
    method,
    headers: options.headers,
    body: options.body,
    signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
  });
  const text = await res.text();
  const ms = performance.now() - started;
  let body: unknown;
  if (text !== '') body = res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
  return { status: res.status, headers: res.headers, body, text, ms };
}

/** An engine on `doc` (the real spec by default) whose Prism never produces a response, or throws. */
export function speechlessEngine(
  operationId: string,
  doc = spec,
  produce: Produce = async () => undefined,
): Engine {
  const failing: Produce = (op, path, prefs) =>
    op.operationId === operationId ? produce(op, path, prefs) : Promise.resolve(undefined);
  return engineOn(doc, stubOperations(doc), failing, {
    dynamic: false,
    log: () => {},
    faults: createFaults({}),
    control: createControl(),
  });
}

/** What the engine knows of each operation of `doc`, without Prism (for a stand-in `produce`). */
export function stubOperations(doc = spec): Map<string, OperationInfo> {
  const operations = new Map<string, OperationInfo>();
  for (const [path, item] of Object.entries(
    (doc as { paths: Record<string, Record<string, unknown>> }).paths,
  )) {
    for (const [method, value] of Object.entries(item)) {
      const id = (value as { operationId?: string }).operationId;
      if (id === undefined) continue;
      const { op } = operation(id);
      operations.set(id, {
        operationId: id,
        method: method.toUpperCase(),
        surface: id.startsWith('agents') ? 'agents' : 'convai',
        pathTemplate: path,
        responses: new Map(Object.keys(op.responses).map((status) => [Number(status), new Set<string>()])),
        prismOperation: {} as OperationInfo['prismOperation'],
      });
    }
  }
  return operations;
}
