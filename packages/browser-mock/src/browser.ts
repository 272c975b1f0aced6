/**
 * `@phone-api/browser-mock/browser`: the mock in a page, on MSW's service worker (`msw/browser`, which
 * Node cannot load, hence its own entry). Serve `mockServiceWorker.js` at the page's root first
 * (`npx msw init public/`).
 */
import { type SetupWorker, type StartOptions, setupWorker } from 'msw/browser';
import { createHandlers, type MockOptions, type PhoneApiMock } from './handlers.ts';

export * from './index.ts';

/** The mock and its service worker. */
export interface BrowserMock extends PhoneApiMock {
  readonly worker: SetupWorker;
  /** Registers the worker; resolves once requests are intercepted (and the seed is loaded). */
  start(options?: StartOptions): Promise<void>;
  stop(): void;
}

/** {@link createHandlers} on a service worker: `await createBrowserMock().start()`. */
export function createBrowserMock(options: MockOptions = {}): BrowserMock {
  const mock = createHandlers(options);
  const worker = setupWorker(...mock.handlers);
  return Object.assign(mock, {
    worker,
    async start(startOptions?: StartOptions) {
      // Anything that is not the API (the page's own scripts, assets) goes to the network untouched.
      await worker.start({ onUnhandledFrame: 'bypass', quiet: true, ...startOptions });
      await mock.ready;
    },
    stop: () => worker.stop(),
  });
}
