/**
 * `@phone-api/server/browser`: everything of the package that runs without Node (a browser, a service
 * worker, an edge runtime): validation, handler types, the pipeline and its Fetch adapter, faults. Its
 * import graph reaches no `node:` module; the node:http transport and the CLI fault flags (which read a
 * file) are only in the main entry, which re-exports all of this.
 */
export { base64url, fromBase64url } from './base64url.ts';
// The catalogue module is all public: the table, its entry types and the meaning-level types.
export * from './catalogue.ts';
export {
  CONTROL_PREFIX,
  type ControlOptions,
  createControl,
  type LoggedRequest,
  MAX_SCRIPTED_PER_OPERATION,
  type MockControl,
  type ScriptedReply,
} from './control.ts';
export {
  type ErrorDetails,
  type ErrorDetailsArg,
  type ErrorReply,
  errorReply,
  newRequestId,
  type Reply,
  type Surface,
  surfaceOf,
  type ValidationDetail,
  type ValidationDetails,
  withRequestId,
} from './errors.ts';
export {
  createFaults,
  FAULT_KINDS,
  type FaultKind,
  type FaultOptions,
  type FaultPlan,
  type FaultRule,
  type Faults,
  type Latency,
  MAX_DELAY_MS,
  MAX_HOLD_MS,
  parseFaultKinds,
  parseLatency,
} from './faults.ts';
export { type FetchAdapterOptions, type FetchHandler, toFetchHandler } from './fetch.ts';
export {
  type DeepExact,
  defineHandlers,
  type ExactHandlers,
  type Handler,
  type HandlerRequest,
  type HandlerResponse,
  type Handlers,
  notImplemented,
  type OperationId,
  type RequestBodyOf,
  type SurfaceOf,
} from './handlers.ts';
export {
  type AnyHandler,
  createPipeline,
  EXPOSED_HEADERS,
  type Outgoing,
  type Pipeline,
  type PipelineOptions,
  type PlainRequest,
  type ResponseRecord,
  type RouterErrorContext,
  type RouterErrorKind,
} from './pipeline.ts';
export { readPreferences } from './prefer.ts';
export { createResponseValidator, type ResponseValidator } from './response-validator.ts';
export { createFetchHandler, type RouterOptions } from './router.ts';
export type { components, operations, paths } from './schema.gen.ts';
export {
  createRequestValidator,
  DEFAULT_MAX_BODY_BYTES,
  type RawRequest,
  type RequestValidatorOptions,
  type ValidationResult,
  type ValidRequest,
} from './validate.ts';
