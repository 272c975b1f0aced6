/**
 * The typed entry points: a handler map checked against the spec (see {@link defineHandlers}), compiled
 * into the pipeline and put on a transport.
 */
import { type FetchAdapterOptions, type FetchHandler, toFetchHandler } from './fetch.ts';
import type { ExactHandlers, Handlers } from './handlers.ts';
import { type RequestListener, toNodeListener } from './node.ts';
import { type AnyHandler, createPipeline, type PipelineOptions } from './pipeline.ts';

/** Options of {@link createRouter} and {@link createFetchHandler}. */
export type RouterOptions<W> = PipelineOptions<W>;

/** What the typed entry points take: the options and a handler map checked for exactness. */
type TypedOptions<W, H extends Handlers<W>> = RouterOptions<W> & { handlers: H & ExactHandlers<H, W> };

function pipelineOf<W, H extends Handlers<W>>(options: TypedOptions<W, H>) {
  return createPipeline<W>({
    ...options,
    handlers: options.handlers as unknown as Readonly<Record<string, AnyHandler<W>>>,
  });
}

/**
 * A validating router for `node:http`: every request gets an `X-Request-Id`; CORS for browser callers;
 * then body read (with limit) -> request validation -> `authenticate` -> the operation's handler ->
 * optional response validation -> JSON. Every failure is answered with a documented status in the
 * surface's error shape; a thrown or out-of-contract handler becomes the documented 500 and `onError`.
 */
export function createRouter<W = unknown, H extends Handlers<W> = Handlers<W>>(
  options: TypedOptions<W, H>,
): RequestListener {
  return toNodeListener(withName(() => pipelineOf(options), 'createRouter'));
}

/** The same pipeline as {@link createRouter}, as a Fetch API handler (`Request` -> `Response`). */
export function createFetchHandler<W = unknown, H extends Handlers<W> = Handlers<W>>(
  options: TypedOptions<W, H> & FetchAdapterOptions,
): FetchHandler {
  return toFetchHandler(
    withName(() => pipelineOf(options), 'createFetchHandler'),
    options,
  );
}

/** Builds the pipeline, naming the entry point in a refusal (`createRouter: no handler for ...`). */
function withName<T>(build: () => T, name: string): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof Error) error.message = `${name}: ${error.message}`;
    throw error;
  }
}
