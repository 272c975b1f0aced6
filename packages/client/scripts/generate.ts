/**
 * Generates the SDK's `.gen.ts` files from the bundled spec (`spec/dist/openapi.json`):
 *
 * - `src/schema.gen.ts`: TypeScript types (openapi-typescript).
 * - `src/operations.gen.ts`: the operation table (method, path, surface, documented statuses) and servers.
 * - `src/response-schemas.gen.ts`: one JSON Schema document holding every response body schema, for the
 *   opt-in runtime validation (so the runtime never reads YAML or the spec file).
 *
 * `--check` regenerates in memory and exits 1 on drift, naming the files and the command that fixes it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const COMMAND = 'pnpm --filter @phone-api/client generate';
const HEADER = `// Generated from spec/dist/openapi.json by \`${COMMAND}\`. Do not edit by hand.\n`;
const SCHEMA_ID = 'urn:phone-api:responses';
const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

function fail(message: string): never {
  console.error(`generate: ${message}`);
  process.exit(1);
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asObject(value: Json | undefined, where: string): JsonObject {
  if (!isObject(value)) fail(`expected an object at ${where}`);
  return value;
}

async function loadSpec(): Promise<JsonObject> {
  const require = createRequire(import.meta.url);
  let file: string;
  try {
    file = require.resolve('@phone-api/spec/openapi.json');
    return JSON.parse(await readFile(file, 'utf8')) as JsonObject;
  } catch (error) {
    fail(
      `cannot read the bundled spec (${(error as Error).message}). Build it first: pnpm --filter @phone-api/spec build`,
    );
  }
}

/** Follows a local `#/components/...` reference inside the bundle. */
function resolveRef(spec: JsonObject, ref: string): JsonObject {
  if (!ref.startsWith('#/')) fail(`only local references are supported, got ${ref}`);
  let node: Json | undefined = spec;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    node = isObject(node) ? node[key] : undefined;
  }
  return asObject(node, ref);
}

function deref(spec: JsonObject, node: JsonObject): JsonObject {
  const ref = node.$ref;
  return typeof ref === 'string' ? deref(spec, resolveRef(spec, ref)) : node;
}

/**
 * Strips what a validator does not need: documentation keywords and extensions (size), and the
 * discriminator `mapping`, which ajv refuses; each branch's `const` already says the same thing.
 */
function forValidation(node: Json): Json {
  if (Array.isArray(node)) return node.map(forValidation);
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'description' || key === 'examples' || key === 'example' || key === 'title') continue;
    if (key.startsWith('x-')) continue;
    if (key === 'discriminator' && isObject(value)) {
      out[key] = { propertyName: value.propertyName ?? null };
      continue;
    }
    out[key] = forValidation(value);
  }
  return out;
}

/** Keeps only the component schemas that response bodies reach, so request-only schemas stay out. */
function reachableSchemas(schemas: JsonObject, roots: Json): JsonObject {
  const prefix = '#/components/schemas/';
  const seen = new Set<string>();
  const visit = (node: Json): void => {
    if (Array.isArray(node)) node.forEach(visit);
    if (!isObject(node)) return;
    const ref = node.$ref;
    if (typeof ref === 'string' && ref.startsWith(prefix)) {
      const name = ref.slice(prefix.length);
      if (!seen.has(name)) {
        seen.add(name);
        visit(schemas[name] ?? fail(`dangling reference ${ref}`));
      }
    }
    Object.values(node).forEach(visit);
  };
  visit(roots);
  return Object.fromEntries(
    Object.keys(schemas)
      .filter((name) => seen.has(name))
      .map((n) => [n, schemas[n] ?? null]),
  );
}

type Operation = {
  operationId: string;
  method: string;
  path: string;
  surface: 'agents' | 'convai';
  statuses: number[];
};

function collectOperations(spec: JsonObject): { operations: Operation[]; responses: JsonObject } {
  const operations: Operation[] = [];
  const responses: JsonObject = {};
  for (const [path, rawItem] of Object.entries(asObject(spec.paths, 'paths'))) {
    const item = asObject(rawItem, `paths.${path}`);
    const surface = path.startsWith('/v1/agents/')
      ? 'agents'
      : path.startsWith('/v1/convai/')
        ? 'convai'
        : fail(`path ${path} belongs to no known surface (/v1/agents/ or /v1/convai/)`);
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const operationId = op.operationId;
      if (typeof operationId !== 'string') fail(`${method.toUpperCase()} ${path} has no operationId`);
      const schemas: JsonObject = {};
      const statuses: number[] = [];
      for (const [status, rawResponse] of Object.entries(
        asObject(op.responses, `${operationId}.responses`),
      )) {
        const code = Number(status);
        if (!Number.isInteger(code))
          fail(`${operationId}: response key ${status} is not a plain status code`);
        statuses.push(code);
        const response = deref(spec, asObject(rawResponse, `${operationId}.responses.${status}`));
        const media = isObject(response.content) ? response.content['application/json'] : undefined;
        if (isObject(media) && isObject(media.schema)) schemas[status] = forValidation(media.schema);
      }
      operations.push({ operationId, method, path, surface, statuses: statuses.sort((a, b) => a - b) });
      responses[operationId] = schemas;
    }
  }
  return { operations, responses };
}

/** Names the convai regions after their host (`api.us.elevenlabs.io` -> `us`, `api.elevenlabs.io` -> `default`). */
function convaiRegions(spec: JsonObject, operations: Operation[]): Record<string, string> {
  const convaiPath = operations.find((op) => op.surface === 'convai')?.path;
  if (!convaiPath) fail('no convai operation found');
  const item = asObject(asObject(spec.paths, 'paths')[convaiPath], convaiPath);
  const servers = Array.isArray(item.servers) ? item.servers : fail(`${convaiPath} lists no servers`);
  const regions: Record<string, string> = {};
  for (const server of servers) {
    const url = asObject(server, `${convaiPath}.servers`).url;
    if (typeof url !== 'string') fail(`${convaiPath}: a server has no url`);
    const match = /^https:\/\/api\.(?:([a-z]{2})\.)?(?:residency\.)?elevenlabs\.io$/.exec(url);
    if (!match)
      fail(`cannot name the region of convai server ${url}; extend the pattern in scripts/generate.ts`);
    regions[match[1] ?? 'default'] = url;
  }
  return regions;
}

async function generate(): Promise<Map<string, string>> {
  const spec = await loadSpec();
  const files = new Map<string, string>();

  // openapi-typescript may annotate the object it is given; hand it its own copy.
  const ast = await openapiTS(structuredClone(spec) as never, {
    // Fields with a `default` are optional on the wire; the default `true` would type them as always present.
    defaultNonNullable: false,
    silent: true,
  });
  files.set('src/schema.gen.ts', `${HEADER}\n${astToString(ast)}`);

  const { operations, responses } = collectOperations(spec);
  const agentsServers = Array.isArray(spec.servers) ? spec.servers : fail('the document lists no servers');
  const agentsUrl = asObject(agentsServers[0], 'servers[0]').url;
  if (typeof agentsUrl !== 'string') fail('servers[0] has no url');
  const table = Object.fromEntries(operations.map(({ operationId, ...rest }) => [operationId, rest]));
  files.set(
    'src/operations.gen.ts',
    `${HEADER}
/** Every operation of the spec: HTTP method, path template, surface and documented response statuses. */
export const operations = ${JSON.stringify(table, null, 2)} as const;

/** Default server of the agents surface (the document's first server). */
export const agentsServer = ${JSON.stringify(agentsUrl)};

/** The convai surface's regional servers (path-level servers of the convai paths), by region name. */
export const convaiServers = ${JSON.stringify(convaiRegions(spec, operations), null, 2)} as const;
`,
  );

  const allSchemas = asObject(
    forValidation(asObject(spec.components, 'components').schemas ?? null),
    'schemas',
  );
  // JSON Schema has no `components`; move them to `$defs` and make references absolute so that the
  // response schemas, compiled on their own, resolve them in the shared document.
  const absolute = (node: Json): Json =>
    JSON.parse(JSON.stringify(node).replaceAll('"#/components/schemas/', `"${SCHEMA_ID}#/$defs/`)) as Json;
  const document = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: SCHEMA_ID,
    $defs: absolute(reachableSchemas(allSchemas, responses)),
  };
  files.set(
    'src/response-schemas.gen.ts',
    `${HEADER}
/** The component schemas that response bodies use, as one JSON Schema (2020-12) document. */
export const schemaDocument = ${JSON.stringify(document, null, 2)};

/** The JSON Schema of each documented response body, by operation id and status. */
export const responseSchemas: Record<string, Record<string, object>> = ${JSON.stringify(absolute(responses), null, 2)};
`,
  );
  return files;
}

function summarizeDiff(before: string, after: string): string {
  const old = before.split('\n');
  const next = after.split('\n');
  // Multiset difference, so a moved or duplicated line still counts.
  const counts = new Map<string, number>();
  for (const line of old) counts.set(line, (counts.get(line) ?? 0) + 1);
  const added: string[] = [];
  for (const line of next) {
    const left = counts.get(line) ?? 0;
    if (left > 0) counts.set(line, left - 1);
    else added.push(line);
  }
  const removed = [...counts].flatMap(([line, n]) => Array<string>(n).fill(line));
  let first = 0;
  while (first < old.length && old[first] === next[first]) first++;
  const sample = [...removed.slice(0, 3).map((l) => `  - ${l}`), ...added.slice(0, 3).map((l) => `  + ${l}`)];
  return [
    `  first difference at line ${first + 1}; ${removed.length} line(s) removed, ${added.length} added`,
    ...sample,
  ].join('\n');
}

const files = await generate();
if (process.argv.includes('--check')) {
  const drifted: string[] = [];
  for (const [file, content] of files) {
    const current = await readFile(join(packageDir, file), 'utf8').catch(() => '');
    if (current !== content) {
      drifted.push(`${file} is out of date:\n${summarizeDiff(current, content)}`);
    }
  }
  if (drifted.length > 0) {
    console.error(
      `generate:check failed: the generated SDK files drifted from the spec.\n${drifted.join('\n')}`,
    );
    console.error(`Fix: ${COMMAND}`);
    process.exit(1);
  }
  console.log(`generate:check: ${files.size} generated files match spec/dist/openapi.json`);
} else {
  for (const [file, content] of files) {
    await writeFile(join(packageDir, file), content);
    console.log(`generate: wrote ${relative(process.cwd(), join(packageDir, file))}`);
  }
}
