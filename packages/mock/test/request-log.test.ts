/**
 * The mock's request log: the notes a handler makes (an ignored preference, a fallback) go on its request's
 * line, and nothing is kept once that line is written, even when the handler outlives its request.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPipeline, toNodeListener } from '@phone-api/server';
import { describe, expect, it } from 'vitest';
import { type Produce, requestLog } from '../src/engine.ts';
import { mockHandlers } from '../src/handlers.ts';
import { AGENTS_AUTH, spec, stubOperations } from './helpers.ts';

/** The mock's handlers and log under the pipeline, as the engine wires them, with a handler timeout. */
async function serve(produce: Produce, handlerTimeoutMs: number) {
  const lines: string[] = [];
  const log = requestLog((line) => lines.push(line));
  const handlers = mockHandlers({
    operations: stubOperations(),
    produce,
    checkResponse: () => pipeline.responseValidator(),
    dynamic: false,
    notesOf: log.notesOf,
  });
  // Lets a test wait for a handler that is still running after its request was answered.
  const running: Promise<unknown>[] = [];
  const tracked = Object.fromEntries(
    Object.entries(handlers).map(([id, handler]) => [
      id,
      (req: Parameters<typeof handler>[0]) => {
        const result = handler(req) as Promise<unknown>;
        running.push(result);
        return result;
      },
    ]),
  );
  const pipeline = createPipeline<undefined>({
    spec,
    handlers: tracked,
    validateResponses: false,
    handlerTimeoutMs,
    logger: { error: () => {} },
    onResponse: log.line,
  });
  const server = createServer(toNodeListener(pipeline));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    lines,
    log,
    running,
    get: (path: string, headers: Record<string, string> = {}) =>
      fetch(`${base}${path}`, { headers: { ...AGENTS_AUTH, ...headers }, signal: AbortSignal.timeout(2000) }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('the request log', () => {
  it('puts a handler’s notes on its request’s line, and keeps none after it', async () => {
    const mock = await serve(async () => undefined, 1000);
    try {
      const res = await mock.get('/v1/agents/phone-numbers', { prefer: 'code=418' });
      expect(res.status).toBe(500);
      expect(mock.lines).toHaveLength(1);
      expect(mock.lines[0]).toMatch(/ignored Prefer code=418.*Prism produced no documented response/);
      expect(mock.log.held()).toBe(0);
    } finally {
      await mock.close();
    }
  });

  it('keeps no notes a handler makes after its request was answered by the handler timeout', async () => {
    let answer: () => void = () => {};
    const late = new Promise<void>((resolve) => {
      answer = resolve;
    });
    // Prism answers only after the timeout, with nothing: the handler then notes its fallback.
    const mock = await serve(() => late.then(() => undefined), 30);
    try {
      expect((await mock.get('/v1/agents/phone-numbers')).status).toBe(500);
      expect(mock.lines).toHaveLength(1);
      answer();
      await Promise.all(mock.running);
      expect(mock.log.held()).toBe(0);
    } finally {
      await mock.close();
    }
  });
});
