/**
 * Generates the SDK's `.gen.ts` files from the bundled spec (`spec/dist/openapi.json`):
 *
 * - `src/schema.gen.ts`: TypeScript types (openapi-typescript).
 * - `src/operations.gen.ts`: the operation table (method, path, surface, documented statuses) and servers.
 * - `src/response-schemas.gen.ts`: one JSON Schema document holding every response body schema, for the
 *   opt-in runtime validation (so the runtime never reads YAML or the spec file).
 *
 * `--check` regenerates in memory and exits 1 on drift, naming the files and the command that fixes it.
 *
 * Plain JavaScript with JSDoc types (checked by `typecheck`: `checkJs` in tsconfig.json): it is on the path
 * of every spec edit, and a file Node need not strip starts fastest.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { METHODS, resolveRef, surfaceOf } from '@phone-api/openapi';
import { parseCommandLine } from '@phone-api/tooling/args';
import openapiTS, { astToString } from 'openapi-typescript';
import { markDeprecatedOperations, withSunsetDescriptions } from './deprecations.js';

/** @import { Json, JsonObject } from './json.ts' */

const COMMAND = 'pnpm --filter @phone-api/client generate';
const HEADER = `// Generated from spec/dist/openapi.json by \`${COMMAND}\`. Do not edit by hand.\n`;
const SCHEMA_ID = 'urn:phone-api:responses';
const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

// Read before any work: a mistyped flag must not regenerate (or pass as a check).
const { values: args } = parseCommandLine({
  usage: 'node scripts/generate.js [--check]   (pnpm --filter @phone-api/client generate / generate:check)',
  options: { check: { type: 'boolean', default: false } },
});

/**
 * @param {string} message
 * @returns {never}
 */
function fail(message) {
  console.error(`generate: ${message}`);
  process.exit(1);
}

/**
 * @param {Json | undefined} value
 * @returns {value is JsonObject}
 */
function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * @param {Json | undefined} value
 * @param {string} where
 * @returns {JsonObject}
 */
function asObject(value, where) {
  if (!isObject(value)) fail(`expected an object at ${where}`);
  return value;
}

/** @returns {Promise<JsonObject>} */
async function loadSpec() {
  const require = createRequire(import.meta.url);
  try {
    const file = require.resolve('@phone-api/spec/openapi.json');
    return /** @type {JsonObject} */ (JSON.parse(await readFile(file, 'utf8')));
  } catch (error) {
    fail(
      `cannot read the bundled spec (${/** @type {Error} */ (error).message}). Build it first: pnpm --filter @phone-api/spec build`,
    );
  }
}

/**
 * Follows local `$ref`s inside the bundle; a broken chain or a target that is no object stops the run.
 * @param {JsonObject} spec
 * @param {JsonObject} node
 * @returns {JsonObject}
 */
function deref(spec, node) {
  const { node: target, ref, broken } = resolveRef(spec, node);
  if (broken) fail(`only local, acyclic references are supported, got ${ref}`);
  return ref === undefined ? node : asObject(/** @type {Json | undefined} */ (target), ref);
}

/**
 * Strips what a validator does not need: documentation keywords and extensions (size), and the
 * discriminator `mapping`, which ajv refuses; each branch's `const` already says the same thing.
 * @param {Json} node
 * @returns {Json}
 */
function forValidation(node) {
  if (Array.isArray(node)) return node.map(forValidation);
  if (!isObject(node)) return node;
  /** @type {JsonObject} */
  const out = {};
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

/**
 * Keeps only the component schemas that response bodies reach, so request-only schemas stay out.
 * @param {JsonObject} schemas
 * @param {Json} roots
 * @returns {JsonObject}
 */
function reachableSchemas(schemas, roots) {
  const prefix = '#/components/schemas/';
  /** @type {Set<string>} */
  const seen = new Set();
  /** @param {Json} node */
  const visit = (node) => {
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

/**
 * @typedef {{
 *   operationId: string;
 *   method: string;
 *   path: string;
 *   surface: 'agents' | 'convai';
 *   statuses: number[];
 * }} Operation
 */

/**
 * @param {JsonObject} spec
 * @returns {{ operations: Operation[]; responses: JsonObject }}
 */
function collectOperations(spec) {
  /** @type {Operation[]} */
  const operations = [];
  /** @type {JsonObject} */
  const responses = {};
  for (const [path, rawItem] of Object.entries(asObject(spec.paths, 'paths'))) {
    const item = asObject(rawItem, `paths.${path}`);
    const surface =
      surfaceOf(path) ?? fail(`path ${path} belongs to no known surface (/v1/agents/ or /v1/convai/)`);
    for (const method of METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const operationId = op.operationId;
      if (typeof operationId !== 'string') fail(`${method.toUpperCase()} ${path} has no operationId`);
      /** @type {JsonObject} */
      const schemas = {};
      /** @type {number[]} */
      const statuses = [];
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

/**
 * Names the convai regions after their host (`api.us.elevenlabs.io` -> `us`, `api.elevenlabs.io` -> `default`).
 * @param {JsonObject} spec
 * @param {Operation[]} operations
 * @returns {Record<string, string>}
 */
function convaiRegions(spec, operations) {
  const convaiPath = operations.find((op) => op.surface === 'convai')?.path;
  if (!convaiPath) fail('no convai operation found');
  const item = asObject(asObject(spec.paths, 'paths')[convaiPath], convaiPath);
  const servers = Array.isArray(item.servers) ? item.servers : fail(`${convaiPath} lists no servers`);
  /** @type {Record<string, string>} */
  const regions = {};
  for (const server of servers) {
    const url = asObject(server, `${convaiPath}.servers`).url;
    if (typeof url !== 'string') fail(`${convaiPath}: a server has no url`);
    const match = /^https:\/\/api\.(?:([a-z]{2})\.)?(?:residency\.)?elevenlabs\.io$/.exec(url);
    if (!match)
      fail(`cannot name the region of convai server ${url}; extend the pattern in scripts/generate.js`);
    regions[match[1] ?? 'default'] = url;
  }
  return regions;
}

/** @returns {Promise<Map<string, string>>} */
async function generate() {
  const spec = await loadSpec();
  /** @type {Map<string, string>} */
  const files = new Map();

  // openapi-typescript may annotate the object it is given; hand it its own copy (with sunsets in
  // the descriptions of deprecated nodes, so the JSDoc says when they go).
  const annotated = withSunsetDescriptions(spec);
  const copy = /** @type {import('openapi-typescript').OpenAPI3} */ (/** @type {unknown} */ (annotated));
  const ast = await openapiTS(copy, {
    // Fields with a `default` are optional on the wire; the default `true` would type them as always present.
    defaultNonNullable: false,
    silent: true,
  });
  markDeprecatedOperations(ast, annotated);
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
  /** @type {(node: Json) => Json} */
  const absolute = (node) =>
    JSON.parse(JSON.stringify(node).replaceAll('"#/components/schemas/', `"${SCHEMA_ID}#/$defs/`));
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

/**
 * @param {string} before
 * @param {string} after
 * @returns {string}
 */
function summarizeDiff(before, after) {
  const old = before.split('\n');
  const next = after.split('\n');
  // Multiset difference, so a moved or duplicated line still counts.
  /** @type {Map<string, number>} */
  const counts = new Map();
  for (const line of old) counts.set(line, (counts.get(line) ?? 0) + 1);
  /** @type {string[]} */
  const added = [];
  for (const line of next) {
    const left = counts.get(line) ?? 0;
    if (left > 0) counts.set(line, left - 1);
    else added.push(line);
  }
  const removed = [...counts].flatMap(([line, n]) => /** @type {string[]} */ (Array(n).fill(line)));
  let first = 0;
  while (first < old.length && old[first] === next[first]) first++;
  const sample = [...removed.slice(0, 3).map((l) => `  - ${l}`), ...added.slice(0, 3).map((l) => `  + ${l}`)];
  return [
    `  first difference at line ${first + 1}; ${removed.length} line(s) removed, ${added.length} added`,
    ...sample,
  ].join('\n');
}

const files = await generate();
if (args.check) {
  /** @type {string[]} */
  const drifted = [];
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
    // Written beside and renamed over: a concurrent reader (turbo may run generate:check or tsc at the
    // same time) sees the old file or the new one, never a truncated one.
    const target = join(packageDir, file);
    await writeFile(`${target}.tmp-${process.pid}`, content);
    await rename(`${target}.tmp-${process.pid}`, target);
    console.log(`generate: wrote ${relative(process.cwd(), join(packageDir, file))}`);
  }
}
