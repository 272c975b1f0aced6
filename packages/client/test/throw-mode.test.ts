import { describe, expect, it } from 'vitest';
import {
  AgentsApiError,
  ConvaiApiError,
  createPhoneNumbersClient,
  PhoneNumbersApiError,
} from '../src/index.ts';
import { agentsError, convaiError, example, json, PHONE_ID, REQUEST_ID, scripted } from './helpers.ts';

const keys = { agents: { apiKey: 'sk_test' }, convai: { apiKey: 'xi_test' } };

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('throwOnError', () => {
  it('client-wide: an agents 404 throws AgentsApiError with code, message, request id and body', async () => {
    const body = agentsError('phone_number_not_found', 'No phone number with this id in the workspace.');
    const { fetch } = scripted(json(404, body));
    const client = createPhoneNumbersClient({ ...keys, fetch, throwOnError: true });
    const error = await caught(client.agents.phoneNumbers.get(PHONE_ID));
    expect(error).toBeInstanceOf(AgentsApiError);
    expect(error).toBeInstanceOf(PhoneNumbersApiError);
    const e = error as AgentsApiError;
    expect(e).toMatchObject({
      status: 404,
      code: 'phone_number_not_found',
      requestId: REQUEST_ID,
      operationId: 'agentsGetPhoneNumber',
      surface: 'agents',
    });
    expect(e.message).toContain('No phone number with this id in the workspace.');
    expect(e.body).toEqual(body);
  });

  it('client-wide: success still resolves with data', async () => {
    const { fetch } = scripted(json(200, example('PhoneNumberTwilio')));
    const client = createPhoneNumbersClient({ ...keys, fetch, throwOnError: true });
    const res = await client.agents.phoneNumbers.get(PHONE_ID);
    expect(res.data.id).toBe(PHONE_ID);
  });

  it('convai: the code is the first detail[].type', async () => {
    const { fetch } = scripted(
      json(422, {
        detail: [
          { loc: ['body', 'agent_id'], msg: 'No agent', type: 'agent_not_found' },
          { loc: [], msg: 'x', type: 'missing' },
        ],
      }),
    );
    const client = createPhoneNumbersClient({ ...keys, fetch });
    const error = await caught(
      client.convai.phoneNumbers.update(PHONE_ID, { agent_id: null }, { throwOnError: true }),
    );
    expect(error).toBeInstanceOf(ConvaiApiError);
    expect(error).toMatchObject({
      status: 422,
      code: 'agent_not_found',
      surface: 'convai',
      requestId: REQUEST_ID,
    });
  });

  it('per call: true throws where the client returns, false returns where the client throws', async () => {
    const { fetch } = scripted(json(429, convaiError('rate_limited'), { 'retry-after': '0' }));
    const returning = createPhoneNumbersClient({ ...keys, fetch, retry: false });
    await expect(
      returning.convai.phoneNumbers.list(undefined, { throwOnError: true }),
    ).rejects.toBeInstanceOf(ConvaiApiError);
    const throwing = createPhoneNumbersClient({ ...keys, fetch, retry: false, throwOnError: true });
    const res = await throwing.convai.phoneNumbers.list(undefined, { throwOnError: false });
    expect(res.status).toBe(429);
  });

  it('agents error without X-Request-Id falls back to request_id in the body', async () => {
    const { fetch } = scripted(
      new Response(JSON.stringify(agentsError('unauthorized')), {
        status: 401,
        headers: { 'content-type': 'application/json' },
      }),
    );
    const client = createPhoneNumbersClient({ ...keys, fetch, throwOnError: true });
    const error = (await caught(client.agents.phoneNumbers.list())) as AgentsApiError;
    expect(error.requestId).toBe(REQUEST_ID);
    expect(error.code).toBe('unauthorized');
  });
});
