/**
 * The request-validation layer as one import: compiling the spec (`compile.ts`) and validating requests
 * against it (`validate.ts`). The router and the package index read it from here.
 */
export { type CompiledSpec, compileSpec } from './compile.ts';
export {
  createRequestValidator,
  DEFAULT_MAX_BODY_BYTES,
  type RawRequest,
  type RequestValidatorOptions,
  readCredential,
  type ValidationResult,
  type ValidRequest,
  validatorFor,
} from './validate.ts';
