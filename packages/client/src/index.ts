export {
  type AgentsPaths,
  type AgentsPhoneNumbers,
  type CallOptions,
  type ConvaiPaths,
  type ConvaiPhoneNumbers,
  type ConvaiRegion,
  type CreateCallOptions,
  createPhoneNumbersClient,
  type PhoneNumbersClient,
  type PhoneNumbersClientOptions,
  type SurfaceOptions,
} from './client.ts';
export { checkE164, type E164, InvalidE164Error, isE164, normalizeE164 } from './e164.ts';
export {
  AgentsApiError,
  ConvaiApiError,
  PhoneNumbersApiError,
  ResponseValidationError,
  TimeoutError,
} from './errors.ts';
export {
  type AgentId,
  assertId,
  checkId,
  generateId,
  type IdOf,
  type IdPrefix,
  InvalidIdError,
  idFromUuid,
  isAgentId,
  isId,
  isPhoneNumberId,
  isTrunkId,
  type PhoneNumberId,
  parseId,
  type TrunkId,
  uuidv7,
} from './ids.ts';
export { operations } from './operations.gen.ts';
export {
  isRetryableStatus,
  isRetrySafe,
  parseRetryAfter,
  type RetryOptions,
  type RetryPolicy,
  resolveRetryPolicy,
  retryDelay,
} from './retry.ts';
export type { components, operations as OperationTypes, paths } from './schema.gen.ts';
export type { FetchLike } from './transport.ts';
export type * from './types.ts';
