/**
 * The pipeline on `node:http`: reads the body (with the pipeline's limit), hands a plain request over and
 * writes the reply. The path the benchmarks measure, so it copies nothing it can pass through.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBodyThen } from './body.ts';
import type { Outgoing, Pipeline, PlainRequest } from './pipeline.ts';

/** A `node:http` request listener. */
export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/** The `node:http` listener of a pipeline. */
export function toNodeListener(pipeline: Pipeline): RequestListener {
  const maxBodyBytes = pipeline.maxBodyBytes;
  return (req, res) => {
    const reply = (out: Outgoing) => write(req, res, out);
    const onClose = (listener: () => void) => {
      if (res.destroyed) listener();
      else res.once('close', listener);
    };
    const declared = req.headers['content-length'];
    const hasBody =
      (declared !== undefined && declared !== '0') || req.headers['transfer-encoding'] !== undefined;
    if (!hasBody) {
      pipeline.handle(plainOf(req, undefined, false, onClose), reply);
      return;
    }
    readBodyThen(
      req,
      maxBodyBytes,
      (body) => {
        const tooLarge = body === 'too_large';
        pipeline.handle(plainOf(req, tooLarge ? undefined : body, tooLarge, onClose), reply);
      },
      () => req.socket.destroy(),
    );
  };
}

/** The request as the pipeline takes it: the headers passed through, the socket as its identity. */
function plainOf(
  req: IncomingMessage,
  body: Uint8Array | undefined,
  bodyTooLarge: boolean,
  onClose: PlainRequest['onClose'],
): PlainRequest {
  return {
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    headers: req.headers,
    body,
    bodyTooLarge,
    connection: req.socket,
    onClose,
  };
}

function write(req: IncomingMessage, res: ServerResponse, out: Outgoing): void {
  if (res.headersSent || res.destroyed) return;
  if (out.fault) {
    injectFault(req, res, out, out.fault);
    return;
  }
  if (out.closeConnection) {
    // The rest of the body is never read: answer, then close the connection instead of draining it.
    out.headers.Connection = 'close';
    res.once('finish', () => closeSoon(req));
  }
  res.writeHead(out.status, out.headers);
  res.end(out.payload);
}

/** An injected transport fault, real on the socket: the client sees what a failing network does. */
function injectFault(
  req: IncomingMessage,
  res: ServerResponse,
  out: Outgoing,
  fault: NonNullable<Outgoing['fault']>,
): void {
  const socket = req.socket;
  if (fault.kind === 'reset') {
    socket.resetAndDestroy();
    return;
  }
  if (fault.kind === 'timeout') {
    // Nothing is answered; the connection is closed after holdMs unless the client gives up first.
    const timer = setTimeout(() => socket.destroy(), fault.holdMs);
    socket.once('close', () => clearTimeout(timer));
    return;
  }
  // truncated: the full Content-Length is promised, half the body sent, then the connection closed.
  const payload =
    typeof out.payload === 'string' ? Buffer.from(out.payload) : (out.payload ?? Buffer.alloc(0));
  res.writeHead(out.status, out.headers);
  res.write(payload.subarray(0, Math.floor(payload.byteLength / 2)), () => socket.destroy());
}

/**
 * After a 413 the unread remainder of the body is not drained: the response carries `Connection: close`
 * and the socket is destroyed shortly after, giving the client time to read the reply first.
 */
function closeSoon(req: IncomingMessage): void {
  const socket = req.socket;
  const timer = setTimeout(() => socket.destroy(), 500);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}
