import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Examples from the bundled spec, so the fixtures are the contract's own. */
const spec = JSON.parse(
  readFileSync(createRequire(import.meta.url).resolve('@phone-api/spec/openapi.json'), 'utf8'),
) as { components: { examples: Record<string, { value: unknown }> } };

export function example<T extends object = Record<string, unknown>>(name: string): T {
  const found = spec.components.examples[name];
  if (!found) throw new Error(`no example ${name} in the spec`);
  return structuredClone(found.value) as T;
}

export const REQUEST_ID = 'req_01jt9b4kqz8w6v3m2n1p0r7s5t';
export const PHONE_ID = 'phone_01kjqh7vm8fg9vjw2pv29p5pjw';

/** A JSON response with an `X-Request-Id`, as the servers send. */
export function json(status: number, body?: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'x-request-id': REQUEST_ID, ...headers },
  });
}

export function agentsError(code: string, message = `${code} happened`) {
  return { error: { code, message }, request_id: REQUEST_ID };
}

export function convaiError(type: string, msg = `${type} happened`, loc: (string | number)[] = []) {
  return { detail: [{ loc, msg, type }] };
}

type Step = Response | Error | ((request: Request) => Response | Promise<Response>);

/**
 * An in-memory `fetch` answering with the given steps in order (the last one repeats), recording each
 * request and its body text.
 */
export function scripted(...steps: Step[]) {
  const requests: Request[] = [];
  const bodies: string[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    requests.push(request);
    bodies.push(request.body === null ? '' : await request.clone().text());
    const step = steps[Math.min(requests.length - 1, steps.length - 1)];
    if (step === undefined) throw new Error('no step');
    if (step instanceof Error) throw step;
    if (step instanceof Response) return step.clone();
    return step(request);
  };
  return { fetch, requests, bodies };
}

/** Retry settings that never wait, recording the delays asked for. */
export function instantRetry(extra: { random?: () => number; now?: () => number; maxRetries?: number } = {}) {
  const delays: number[] = [];
  return {
    delays,
    retry: {
      baseDelayMs: 100,
      maxDelayMs: 1000,
      ...extra,
      sleep: async (ms: number) => {
        delays.push(ms);
      },
    },
  };
}
