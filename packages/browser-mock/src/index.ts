/**
 * `@phone-api/browser-mock`: the phone-number API as MSW handlers, stateful and validating (the reference
 * server's pipeline, validators and handlers over an in-memory store). Runs in a browser and in Node;
 * `@phone-api/browser-mock/browser` adds the service-worker setup.
 */
export { DEMO_API_KEYS, DEMO_WORKSPACE_ID, type NewPhoneNumber } from '@phone-api/reference-server/browser';
export { createHandlers, type MockOptions, type PhoneApiMock } from './handlers.ts';
export type { SeedData, Seeded } from './seed.ts';
