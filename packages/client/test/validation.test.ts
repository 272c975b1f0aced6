import { describe, expect, it } from 'vitest';
import { createPhoneNumbersClient, ResponseValidationError } from '../src/index.ts';
import { agentsError, example, json, PHONE_ID, REQUEST_ID, scripted } from './helpers.ts';

const keys = { agents: { apiKey: 'sk_test' }, convai: { apiKey: 'xi_test' } };

async function validationError(promise: Promise<unknown>): Promise<ResponseValidationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ResponseValidationError))
    throw new Error(`expected ResponseValidationError, got ${error}`);
  return error;
}

describe('validateResponses', () => {
  it.each([
    ['PhoneNumberTwilio'],
    ['PhoneNumberLivekit'],
    ['PhoneNumberByoc'],
    ['PhoneNumberVerifiedCallerId'],
    ['PhoneNumberTwilioPurchased'],
    ['PhoneNumberExotel'],
  ])('accepts the spec example %s', async (name) => {
    const { fetch } = scripted(json(200, example(name)));
    const client = createPhoneNumbersClient({ ...keys, fetch, validateResponses: true });
    const res = await client.agents.phoneNumbers.get(PHONE_ID);
    expect(res.status).toBe(200);
  });

  it.each([['ConvaiTwilio'], ['ConvaiExotel'], ['ConvaiSipTrunk']])(
    'accepts the spec example %s',
    async (name) => {
      const { fetch } = scripted(json(200, example(name)));
      const client = createPhoneNumbersClient({ ...keys, fetch, validateResponses: true });
      const res = await client.convai.phoneNumbers.get(PHONE_ID);
      expect(res.status).toBe(200);
    },
  );

  it('reports the JSON path of a bad id inside a list page', async () => {
    const page = example<{ numbers: { id: string }[] }>('PhoneNumberListPage');
    const second = page.numbers[1];
    if (second) second.id = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const { fetch } = scripted(json(200, page));
    const client = createPhoneNumbersClient({ ...keys, fetch, validateResponses: true });
    const error = await validationError(client.agents.phoneNumbers.list());
    expect(error.path).toBe('$.numbers[1].id');
    expect(error.pointer).toBe('/numbers/1/id');
    expect(error).toMatchObject({
      operationId: 'agentsListPhoneNumbers',
      status: 200,
      requestId: REQUEST_ID,
    });
    expect(error.message).toContain('$.numbers[1].id');
  });

  it('points at a missing required property', async () => {
    const number = example<Record<string, unknown>>('PhoneNumberTwilio');
    delete number.e164;
    const { fetch } = scripted(json(200, number));
    const client = createPhoneNumbersClient({ ...keys, fetch, validateResponses: true });
    expect((await validationError(client.agents.phoneNumbers.get(PHONE_ID))).path).toBe('$.e164');
  });

  it('points at an unexpected property (agents responses are closed)', async () => {
    const { fetch } = scripted(json(200, { ...example('PhoneNumberTwilio'), secret: 1 }));
    const client = createPhoneNumbersClient({ ...keys, fetch, validateResponses: true });
    expect((await validationError(client.agents.phoneNumbers.get(PHONE_ID))).path).toBe('$.secret');
  });

  it('follows the convai provider discriminator into the right branch', async () => {
    const list = [
      example('ConvaiTwilio'),
      example('ConvaiExotel'),
      { ...example<object>('ConvaiExotel'), provider: 'sip_trunk' },
    ];
    const { fetch } = scripted(json(200, list));
    const client = createPhoneNumbersClient({ ...keys, fetch, validateResponses: true });
    const error = await validationError(client.convai.phoneNumbers.list());
    // A sip_trunk number must carry livekit_stack; the error names it rather than a mismatch in another branch.
    expect(error.path).toBe('$[2].livekit_stack');
  });

  it('checks error bodies against the surface error schema too', async () => {
    const { fetch } = scripted(
      json(404, { error: { code: 'no_such_code', message: 'x' }, request_id: REQUEST_ID }),
    );
    const client = createPhoneNumbersClient({ ...keys, fetch, validateResponses: true });
    const error = await validationError(client.agents.phoneNumbers.get(PHONE_ID));
    expect(error.path).toBe('$.error.code');
    expect(error.status).toBe(404);
  });

  it('a valid error body passes and is returned narrowed', async () => {
    const { fetch } = scripted(json(404, agentsError('phone_number_not_found')));
    const client = createPhoneNumbersClient({ ...keys, fetch, validateResponses: true });
    const res = await client.agents.phoneNumbers.get(PHONE_ID);
    expect(res.status).toBe(404);
  });

  it('a 204 without a body passes; convai delete must be an empty object', async () => {
    const { fetch } = scripted(json(204), json(200, { deleted: true }));
    const client = createPhoneNumbersClient({ ...keys, fetch, validateResponses: true });
    expect((await client.agents.phoneNumbers.delete(PHONE_ID)).status).toBe(204);
    const error = await validationError(client.convai.phoneNumbers.delete(PHONE_ID));
    expect(error.path).toBe('$');
  });

  it('is off unless asked for, and can be switched on per call', async () => {
    const { fetch } = scripted(json(200, { nonsense: true }));
    const client = createPhoneNumbersClient({ ...keys, fetch });
    expect((await client.agents.phoneNumbers.get(PHONE_ID)).status).toBe(200);
    await validationError(client.agents.phoneNumbers.get(PHONE_ID, { validateResponse: true }));
  });
});
