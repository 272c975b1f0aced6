/**
 * `@phone-api/server`: the request-validation layer, handler types and a validating `node:http` router
 * for the phone-number API, all driven by the bundled OpenAPI document.
 */
export { readBody } from './body.ts';
// Everything that also runs without Node (`@phone-api/server/browser`).
export * from './browser.ts';
export { FAULT_FLAGS, FAULT_FLAGS_HELP, faultOptionsFromFlags, readFaultConfig } from './faults-config.ts';
export { type RequestListener, toNodeListener } from './node.ts';
export { createRouter } from './router.ts';
