/**
 * The mock's handler map: one handler per operation that asks Prism for the response, under the request
 * pipeline of `@phone-api/server` (which validates, authenticates and answers every refusal). A handler
 * honours what it can of `Prefer`, retries generated data until it passes the schema, and stamps our
 * request id where the contract puts it.
 */
import {
  type AnyHandler,
  errorReply,
  type HandlerRequest,
  type OperationId,
  type Reply,
  type ResponseValidator,
  withRequestId,
} from '@phone-api/server';
import type { OperationInfo, Produce } from './engine.ts';
import { type Preferences, parsePrefer } from './prefer.ts';

// Dynamic data comes from json-schema-faker, which ignores `if`/`then`/`else` (about a third of generated
// agents numbers fail PhoneNumber's rules); regenerating is cheap, and lists are short (DYNAMIC_MAX_ITEMS).
const DYNAMIC_ATTEMPTS = 30;
// Headers the pipeline owns, for which Prism copies each documented header's example (a fixed request id,
// `*`, a deprecated operation's example dates): the pipeline sets the real values.
const OWNED_HEADERS = new Set([
  'access-control-allow-origin',
  'content-length',
  'content-type',
  'x-request-id',
  'deprecation',
  'sunset',
  'link',
]);

/** What the handlers share: Prism, the response check and where notes for the request log go. */
export interface MockContext {
  operations: ReadonlyMap<string, OperationInfo>;
  produce: Produce;
  checkResponse: () => ResponseValidator;
  /** Default for `Prefer: dynamic` when a request does not say. */
  dynamic: boolean;
  /**
   * Where the handler of request `requestId` notes what its log line should say (an ignored preference, a
   * fallback); called once, as the handler starts, so the log holds the notes only while the request runs.
   */
  notesOf(requestId: string): (text: string) => void;
}

/** One handler per operation Prism knows. */
export function mockHandlers(ctx: MockContext): Record<string, AnyHandler<undefined>> {
  const handlers: Record<string, AnyHandler<undefined>> = {};
  for (const op of ctx.operations.values()) handlers[op.operationId] = (req) => answer(ctx, op, req);
  return handlers;
}

async function answer(
  ctx: MockContext,
  op: OperationInfo,
  req: HandlerRequest<OperationId, undefined>,
): Promise<Reply> {
  const note = ctx.notesOf(req.requestId);
  const prefs = honourable(op, parsePrefer(req.headers.prefer), ctx.dynamic, note);
  const path = pathFor(op, req.params as Record<string, string>);
  const attempts = prefs.dynamic ? DYNAMIC_ATTEMPTS : 1;
  for (let i = 0; i < attempts; i++) {
    const produced = await ctx.produce(op, path, prefs);
    if (produced === undefined) break;
    const reply = stamp(produced, req.requestId);
    if (!op.responses.has(reply.status)) {
      note(`Prism answered ${reply.status}, which ${op.operationId} does not document`);
      break;
    }
    const problem = prefs.dynamic ? ctx.checkResponse()(op.operationId, reply) : null;
    if (problem === null) return withApplied(reply, prefs);
    if (i === attempts - 1) note(`generated data kept failing the schema (${problem}); served the example`);
  }
  // Prism could not honour the preferences: its default (the first example of the lowest 2xx) is documented.
  const produced = await ctx.produce(op, path, { dynamic: false });
  if (produced !== undefined && op.responses.has(produced.status)) return stamp(produced, req.requestId);
  note(`Prism produced no documented response for ${op.operationId}`);
  return errorReply('internal', op.surface, req.requestId);
}

/** The request path Prism is given, rebuilt from the operation's template and the validated parameters. */
function pathFor(op: OperationInfo, params: Record<string, string>): string {
  return op.pathTemplate.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
}

/** The one status Prism answers with when no `code` is preferred: the lowest documented 2xx. */
function defaultStatus(op: OperationInfo): number | undefined {
  return [...op.responses.keys()].filter((s) => s >= 200 && s < 300).sort((a, b) => a - b)[0];
}

/**
 * Keeps the preferences this operation can honour. A status the operation does not document, or an
 * example that response does not have, is ignored (RFC 7240 allows it) so that every answer stays one
 * the contract documents for this operation.
 */
function honourable(
  op: OperationInfo,
  asked: Preferences,
  dynamicDefault: boolean,
  note: (text: string) => void,
) {
  const prefs: Preferences & { dynamic: boolean } = { dynamic: asked.dynamic ?? dynamicDefault };
  if (asked.code !== undefined) {
    if (op.responses.has(asked.code)) prefs.code = asked.code;
    else note(`ignored Prefer code=${asked.code}: not documented for ${op.operationId}`);
  }
  const status = prefs.code ?? defaultStatus(op);
  if (asked.example !== undefined) {
    if (status !== undefined && op.responses.get(status)?.has(asked.example)) prefs.example = asked.example;
    else note(`ignored Prefer example=${asked.example}: no such example for ${op.operationId} ${status}`);
  }
  // Generated error bodies would carry random `error.code`s; errors always use their documented examples.
  if (status !== undefined && (status < 200 || status > 299)) prefs.dynamic = false;
  return prefs;
}

/** `Preference-Applied` (RFC 7240) naming the preferences that shaped this reply. */
function withApplied(reply: Reply, prefs: Preferences): Reply {
  const parts: string[] = [];
  if (prefs.code !== undefined) parts.push(`code=${prefs.code}`);
  if (prefs.example !== undefined) parts.push(`example=${prefs.example}`);
  if (prefs.dynamic) parts.push('dynamic=true');
  if (parts.length > 0) reply.headers['preference-applied'] = parts.join(', ');
  return reply;
}

/**
 * Prism's reply with the headers the pipeline owns removed and our request id where the contract says it
 * goes (`request_id` of agents error bodies), whatever id Prism copied from an example.
 */
function stamp(reply: Reply, requestId: string): Reply {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(reply.headers))
    if (!OWNED_HEADERS.has(name.toLowerCase())) headers[name.toLowerCase()] = value;
  const body = reply.status >= 400 ? withRequestId(reply.body, requestId) : reply.body;
  // The id the pipeline sends, under its name there, so that the handlers' own response check sees it.
  headers['X-Request-Id'] = requestId;
  return { status: reply.status, headers, body: reply.status === 204 ? undefined : body };
}
