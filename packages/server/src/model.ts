/**
 * Reads the bundled OpenAPI document once into a flat model the validators work from: operations with
 * their parameters, body and responses (as JSON pointers into the document, so ajv resolves `$ref`s in
 * place), credentials, and a segment trie for route matching.
 */

import { deref, escapeSegment, getPointer, METHODS, type Surface, surfaceOf } from '@phone-api/openapi';
import { assertHeadersDocumented, deprecationHeaders, type OperationHeaders } from './deprecation.ts';

export interface ParamModel {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  /** JSON pointer of the parameter's schema in the document. */
  schemaPointer: string;
  /** The schema after following `$ref`s (for `type` and `default`). */
  schema: Record<string, unknown>;
  /** `x-id-prefix`: the value must be `<prefix>_<26 chars Crockford base32>` or it names nothing (404). */
  idPattern?: RegExp;
}

/** How a credential is presented. */
export type CredentialScheme = { kind: 'bearer' } | { kind: 'apiKeyHeader'; header: string };

export interface ResponseModel {
  /** JSON pointer of the `application/json` schema, when the response has a body. */
  bodyPointer?: string;
  headers: { name: string; required: boolean; schemaPointer: string; schema: Record<string, unknown> }[];
}

export interface OperationModel {
  operationId: string;
  surface: Surface;
  method: string;
  pathTemplate: string;
  params: ParamModel[];
  credentials: CredentialScheme[];
  body?: { required: boolean; schemaPointer: string; schema: Record<string, unknown> };
  responses: Map<number, ResponseModel>;
  /**
   * Headers every response of the operation carries, whoever produces it (handler, validator, the
   * router's own 401/500, the mock): today those of a deprecated operation ({@link deprecationHeaders}).
   * `undefined` for most operations, so the request path pays nothing for them.
   */
  responseHeaders?: OperationHeaders;
}

interface TrieNode {
  /**
   * Literal children with their segment text. A list compared in place (`startsWith` at the offset) rather
   * than a Map: a lookup would first slice the segment out of the path and hash it, and an API has a handful
   * of literal children per level.
   */
  literal: { segment: string; node: TrieNode }[];
  param?: { name: string; node: TrieNode };
  /** Operations by uppercase method at this exact path. */
  operations?: Map<string, OperationModel>;
  pathTemplate?: string;
}

export interface SpecModel {
  doc: Record<string, unknown>;
  operations: Map<string, OperationModel>;
  root: TrieNode;
}

const CROCKFORD_ID = '[0-7][0-9a-hjkmnp-tv-z]{25}';

/** The security schemes and root requirements every operation's credentials are read against. */
interface SecurityContext {
  schemes: Record<string, Record<string, unknown>>;
  rootSecurity: Record<string, unknown>[] | undefined;
}

/** One operation being read: where it sits in the document, and what each step below needs. */
interface OperationContext {
  doc: Record<string, unknown>;
  pathTemplate: string;
  surface: Surface;
  /** The path item after following its `$ref`. */
  pathItem: { node: Record<string, unknown>; pointer: string };
  /** Lowercase, as in the document. */
  method: string;
  op: Record<string, unknown>;
  opPointer: string;
  operationId: string;
}

type Schema = Record<string, unknown>;

/** Builds the model; throws on constructs the router cannot serve faithfully. */
export function buildModel(doc: Record<string, unknown>): SpecModel {
  const operations = new Map<string, OperationModel>();
  const root: TrieNode = { literal: [] };
  const security: SecurityContext = {
    schemes: ((doc.components as Schema | undefined)?.securitySchemes ?? {}) as Record<string, Schema>,
    rootSecurity: doc.security as Schema[] | undefined,
  };

  for (const [pathTemplate, pathItemRaw] of Object.entries((doc.paths ?? {}) as Schema)) {
    const surface = surfaceOf(pathTemplate);
    if (!surface) throw new Error(`path ${pathTemplate} is outside both surfaces`);
    const pathItem = deref(doc, pathItemRaw, `/paths/${escapeSegment(pathTemplate)}`);
    const node = insertPath(root, pathTemplate);

    for (const method of METHODS) {
      const op = pathItem.node[method] as Schema | undefined;
      if (!op) continue;
      const operationId = op.operationId as string;
      if (!operationId) throw new Error(`${method.toUpperCase()} ${pathTemplate} has no operationId`);
      const opPointer = `${pathItem.pointer}/${method}`;
      const model = buildOperation(
        { doc, pathTemplate, surface, pathItem, method, op, opPointer, operationId },
        security,
      );
      if (operations.has(operationId)) throw new Error(`duplicate operationId ${operationId}`);
      operations.set(operationId, model);
      node.operations ??= new Map();
      node.operations.set(model.method, model);
      node.pathTemplate = pathTemplate;
    }
  }
  return { doc, operations, root };
}

/** One operation's model; the steps run (and throw) in the order the checks were always made. */
function buildOperation(ctx: OperationContext, security: SecurityContext): OperationModel {
  const params = readParameters(ctx);
  const credentials = readCredentials(ctx, security);
  const body = readRequestBody(ctx);
  const responses = readResponses(ctx);

  const label = `${ctx.method.toUpperCase()} ${ctx.pathTemplate}`;
  const responseHeaders = deprecationHeaders(ctx.op, label);
  if (responseHeaders) assertHeadersDocumented(ctx.operationId, responseHeaders, responses);

  return {
    operationId: ctx.operationId,
    surface: ctx.surface,
    method: ctx.method.toUpperCase(),
    pathTemplate: ctx.pathTemplate,
    params,
    credentials,
    ...(body ? { body } : {}),
    responses,
    ...(responseHeaders ? { responseHeaders } : {}),
  };
}

/** Path-level then operation-level parameters; an operation's own wins over one of the same name and location. */
function readParameters(ctx: OperationContext): ParamModel[] {
  const params = new Map<string, ParamModel>();
  const collect = (list: unknown, listPointer: string) => {
    if (!Array.isArray(list)) return;
    list.forEach((raw, index) => {
      const param = readParameter(ctx.doc, raw, `${listPointer}/${index}`);
      if (param) params.set(`${param.in}:${param.name}`, param);
    });
  };
  collect(ctx.pathItem.node.parameters, `${ctx.pathItem.pointer}/parameters`);
  collect(ctx.op.parameters, `${ctx.opPointer}/parameters`);
  return [...params.values()];
}

/** One parameter; `undefined` for cookies and unknown locations, which the router does not check. */
function readParameter(doc: Schema, raw: unknown, at: string): ParamModel | undefined {
  const { node: p, pointer } = deref(doc, raw, at);
  const where = p.in as string;
  if (where !== 'path' && where !== 'query' && where !== 'header') return undefined;
  const schema = deref(doc, p.schema, `${pointer}/schema`);
  const prefix = p['x-id-prefix'];
  return {
    name: p.name as string,
    in: where,
    required: where === 'path' || p.required === true,
    schemaPointer: `${pointer}/schema`,
    schema: schema.node,
    ...(typeof prefix === 'string' ? { idPattern: new RegExp(`^${prefix}_${CROCKFORD_ID}$`) } : {}),
  };
}

/** The operation's credentials (its own `security`, else the document's); refuses schemes it cannot check. */
function readCredentials(
  ctx: OperationContext,
  { schemes, rootSecurity }: SecurityContext,
): CredentialScheme[] {
  const security = (ctx.op.security as Schema[] | undefined) ?? rootSecurity ?? [];
  const credentials: CredentialScheme[] = [];
  for (const requirement of security) {
    for (const name of Object.keys(requirement)) {
      const scheme = schemes[name];
      if (!scheme) throw new Error(`${ctx.operationId}: unknown security scheme ${name}`);
      if (scheme.type === 'http' && String(scheme.scheme).toLowerCase() === 'bearer') {
        credentials.push({ kind: 'bearer' });
      } else if (scheme.type === 'apiKey' && scheme.in === 'header') {
        credentials.push({ kind: 'apiKeyHeader', header: String(scheme.name).toLowerCase() });
      } else {
        throw new Error(`${ctx.operationId}: unsupported security scheme ${name}`);
      }
    }
  }
  return credentials;
}

/** The JSON request body, if any; any other media type is refused. */
function readRequestBody({ doc, op, opPointer, operationId }: OperationContext): OperationModel['body'] {
  if (!op.requestBody) return undefined;
  const rb = deref(doc, op.requestBody, `${opPointer}/requestBody`);
  const content = rb.node.content as Schema | undefined;
  if (!content?.['application/json']) throw new Error(`${operationId}: request body is not application/json`);
  const schemaPointer = `${rb.pointer}/content/application~1json/schema`;
  return {
    required: rb.node.required === true,
    schemaPointer,
    schema: deref(doc, getPointer(doc, schemaPointer), schemaPointer).node,
  };
}

/** Responses by status code (ranges like `4XX` and `default` are refused), with their headers. */
function readResponses({ doc, op, opPointer, operationId }: OperationContext): Map<number, ResponseModel> {
  const responses = new Map<number, ResponseModel>();
  for (const [status, raw] of Object.entries((op.responses ?? {}) as Schema)) {
    if (!/^\d{3}$/.test(status)) throw new Error(`${operationId}: response ${status} is not a status code`);
    const r = deref(doc, raw, `${opPointer}/responses/${status}`);
    const content = r.node.content as Schema | undefined;
    const headers: ResponseModel['headers'] = [];
    for (const [name, h] of Object.entries((r.node.headers ?? {}) as Schema)) {
      const header = deref(doc, h, `${r.pointer}/headers/${escapeSegment(name)}`);
      const schemaPointer = `${header.pointer}/schema`;
      headers.push({
        name,
        required: header.node.required === true,
        schemaPointer,
        schema: deref(doc, header.node.schema, schemaPointer).node,
      });
    }
    responses.set(Number(status), {
      ...(content?.['application/json']
        ? { bodyPointer: `${r.pointer}/content/application~1json/schema` }
        : {}),
      headers,
    });
  }
  return responses;
}

function insertPath(root: TrieNode, template: string): TrieNode {
  let node = root;
  for (const segment of template.split('/').slice(1)) {
    const param = /^\{([^}]+)\}$/.exec(segment);
    if (param) {
      const name = param[1] as string;
      if (node.param && node.param.name !== name) {
        throw new Error(`conflicting path parameters {${node.param.name}} and {${name}} in ${template}`);
      }
      node.param ??= { name, node: { literal: [] } };
      node = node.param.node;
    } else {
      if (segment.includes('{')) throw new Error(`partial path templating is not supported: ${template}`);
      let next = node.literal.find((child) => child.segment === segment)?.node;
      if (!next) {
        next = { literal: [] };
        node.literal.push({ segment, node: next });
      }
      node = next;
    }
  }
  return node;
}

/** A matched path: its operations by method and the decoded path parameters. */
export interface PathMatch {
  pathTemplate: string;
  operations: Map<string, OperationModel>;
  params: Record<string, string>;
}

/**
 * Matches a path (no query string) against the trie: literal segments win over parameters, parameters
 * match one non-empty segment and are percent-decoded. `undefined` when nothing matches or decoding fails.
 */
export function matchPath(root: TrieNode, path: string): PathMatch | undefined {
  let node: TrieNode | undefined = root;
  let params: Record<string, string> | undefined;
  let start = 1;
  if (path.charCodeAt(0) !== 47) return undefined;
  while (node) {
    let end = path.indexOf('/', start);
    if (end === -1) end = path.length;
    const literal: TrieNode | undefined = literalChild(node, path, start, end);
    if (literal) node = literal;
    else if (node.param && end > start) {
      const segment = path.slice(start, end);
      let value = segment;
      if (segment.includes('%')) {
        try {
          value = decodeURIComponent(segment);
        } catch {
          return undefined;
        }
      }
      params ??= {};
      params[node.param.name] = value;
      node = node.param.node;
    } else return undefined;
    if (end === path.length) break;
    start = end + 1;
  }
  if (!node?.operations || !node.pathTemplate) return undefined;
  return { pathTemplate: node.pathTemplate, operations: node.operations, params: params ?? {} };
}

/** The literal child of `node` whose segment is exactly `path[start, end)`. */
function literalChild(node: TrieNode, path: string, start: number, end: number): TrieNode | undefined {
  for (const child of node.literal) {
    if (child.segment.length === end - start && path.startsWith(child.segment, start)) return child.node;
  }
  return undefined;
}
