/**
 * The SDK, and TanStack Query bound to its two openapi-fetch clients with openapi-react-query: typed
 * `useQuery('get', '/v1/agents/phone-numbers')` calls with the SDK's auth, base URL and retries wired in.
 */
import { createPhoneNumbersClient } from '@phone-api/client';
import createQueryClient from 'openapi-react-query';
import type { Settings } from './settings.ts';

export function createApi(settings: Settings) {
  const sdk = createPhoneNumbersClient({
    baseUrl: settings.baseUrl,
    agents: { apiKey: settings.agentsKey },
    convai: { apiKey: settings.convaiKey },
    // A UI shows a failure at once and lets the user retry; background retries would hide the error states.
    retry: false,
  });
  if (settings.delayMs !== undefined) {
    const prefer = `delay=${settings.delayMs}`;
    const slow = {
      onRequest({ request }: { request: Request }) {
        request.headers.set('Prefer', prefer);
        return request;
      },
    };
    sdk.agents.raw.use(slow);
    sdk.convai.raw.use(slow);
  }
  return { agents: createQueryClient(sdk.agents.raw), convai: createQueryClient(sdk.convai.raw) };
}

export type Api = ReturnType<typeof createApi>;

/** The message of either surface's error body (agents `Error` envelope, convai `HTTPValidationError`). */
export function errorMessage(error: unknown): string {
  const body = error as { error?: { message?: string }; detail?: { msg?: string }[] | string } | undefined;
  if (body?.error?.message) return body.error.message;
  if (Array.isArray(body?.detail) && body.detail[0]?.msg) return body.detail[0].msg;
  if (typeof body?.detail === 'string') return body.detail;
  return error instanceof Error ? error.message : 'Something went wrong.';
}
