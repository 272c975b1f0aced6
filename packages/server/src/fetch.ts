/**
 * The pipeline on the Fetch API: `Request` in, `Response` out, for service workers (the in-browser mock),
 * edge runtimes and tests without a socket. Reads the body with the pipeline's limit like the node adapter.
 */
import type { Outgoing, Pipeline, PlainRequest } from './pipeline.ts';

/** A Fetch API handler: what a service worker, `msw` or an edge runtime calls per request. */
export type FetchHandler = (request: Request) => Promise<Response>;

/** Options of {@link toFetchHandler}. */
export interface FetchAdapterOptions {
  /**
   * The identity `authenticate` sees as the connection (default: a new object per request, so nothing
   * proven is remembered across requests; there is no socket to remember it on).
   */
  connection?: (request: Request) => object;
}

/** The Fetch API handler of a pipeline. */
export function toFetchHandler(pipeline: Pipeline, options: FetchAdapterOptions = {}): FetchHandler {
  return async (request) => {
    const body = await readFetchBody(request, pipeline.maxBodyBytes);
    const plain: PlainRequest = {
      method: request.method,
      url: pathAndQuery(request.url),
      headers: headersOf(request.headers),
      body: body === 'too_large' ? undefined : body,
      bodyTooLarge: body === 'too_large',
      connection: options.connection?.(request) ?? {},
      onClose: (listener) => whenAborted(request.signal, listener),
    };
    return new Promise<Response>((resolve) =>
      pipeline.handle(plain, (out) => {
        try {
          resolve(toResponse(out, request.signal));
        } catch (error) {
          // The pipeline only hands over what HTTP can send; a Response that still refuses it is a bug,
          // answered rather than left hanging.
          resolve(new Response(`Response refused: ${String(error)}`, { status: 500 }));
        }
      }),
    );
  };
}

/** `/path?query` of an absolute URL, as sent (a `URL` object would cost more than the rest of a GET). */
function pathAndQuery(url: string): string {
  const scheme = url.indexOf('://');
  const slash = scheme === -1 ? -1 : url.indexOf('/', scheme + 3);
  if (slash === -1) return '/';
  const hash = url.indexOf('#', slash);
  return hash === -1 ? url.slice(slash) : url.slice(slash, hash);
}

function headersOf(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = value;
  });
  return out;
}

/**
 * The body, or `'too_large'` as soon as it passes `maxBytes` (at once when `Content-Length` says so; the
 * rest of the stream is cancelled, not read). `undefined` for a request without a body.
 */
async function readFetchBody(
  request: Request,
  maxBytes: number,
): Promise<Uint8Array | undefined | 'too_large'> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) {
    stopReading(request.body?.cancel());
    return 'too_large';
  }
  if (request.body === null) return undefined;
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      stopReading(reader.cancel());
      return 'too_large';
    }
    chunks.push(value);
  }
  return concat(chunks, size);
}

/**
 * Lets go of the rest of a body without waiting: a cancel can wait on a reader that never comes (msw hands
 * a handler one branch of a tee, whose cancel settles only when the other branch is read too).
 */
function stopReading(cancelled: Promise<void> | undefined): void {
  cancelled?.catch(() => {});
}

/** One byte array, a `Buffer` where the runtime has one (the request validator decodes it as such). */
function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (typeof Buffer === 'function') return Buffer.concat(chunks, size);
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/**
 * An injected transport fault as a Fetch handler can give it: `Response.error()` is a network error to
 * the caller (`fetch` rejects; msw's `HttpResponse.error()` is the same), `truncated` a body that fails
 * half-way, `timeout` no answer for `holdMs`, then a network error.
 */
function faultResponse(
  out: Outgoing,
  fault: NonNullable<Outgoing['fault']>,
  signal: AbortSignal,
): Response | Promise<Response> {
  if (fault.kind === 'reset') return Response.error();
  if (fault.kind === 'timeout')
    // The hold ends when the client gives up: no timer outlives the request it was holding.
    return new Promise((resolve) => {
      const end = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', end);
        resolve(Response.error());
      };
      const timer = setTimeout(end, fault.holdMs);
      whenAborted(signal, end);
    });
  const bytes =
    typeof out.payload === 'string'
      ? new TextEncoder().encode(out.payload)
      : (out.payload ?? new Uint8Array());
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes.slice(0, Math.floor(bytes.byteLength / 2)));
      controller.error(new TypeError('the connection closed before the body ended (injected fault)'));
    },
  });
  return new Response(body, { status: out.status, headers: plainHeaders(out) });
}

/** Calls `listener` once `signal` aborts, at once if it already has. */
function whenAborted(signal: AbortSignal, listener: () => void): void {
  if (signal.aborted) listener();
  else signal.addEventListener('abort', listener, { once: true });
}

function toResponse(out: Outgoing, signal: AbortSignal): Response | Promise<Response> {
  if (out.fault) return faultResponse(out, out.fault, signal);
  // A Response has no connection to close; the body was not read to its end, which is all 413 needs.
  return new Response((out.payload ?? null) as BodyInit | null, {
    status: out.status,
    headers: plainHeaders(out),
  });
}

/** The reply's headers as a Response takes them (numbers, such as Content-Length, as text). */
function plainHeaders(out: Outgoing): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name in out.headers) headers[name] = String(out.headers[name]);
  return headers;
}
