import { describe, expectTypeOf, it } from 'vitest';
import {
  type AgentsError,
  type ConvaiError,
  type ConvaiPhoneNumber,
  createPhoneNumbersClient,
  type PhoneNumber,
  type PhoneNumberList,
} from '../src/index.ts';

const client = createPhoneNumbersClient({ agents: { apiKey: 'sk_x' }, convai: { apiKey: 'x' } });
const throwing = createPhoneNumbersClient({
  agents: { apiKey: 'sk_x' },
  convai: { apiKey: 'x' },
  throwOnError: true,
});
const id = 'phone_01kjqh7vm8fg9vjw2pv29p5pjw';

describe('results are narrowed by status', () => {
  it('agents: 404 narrows error to the Error envelope, 200 narrows data to PhoneNumber', async () => {
    const res = await client.agents.phoneNumbers.get(id);
    expectTypeOf(res.status).toEqualTypeOf<200 | 401 | 404 | 429 | 500 | 503>();
    if (res.status === 404) {
      expectTypeOf(res.error).toEqualTypeOf<AgentsError>();
      // @ts-expect-error data does not exist on an error result
      res.data;
    }
    if (res.status === 200) {
      expectTypeOf(res.data).toEqualTypeOf<PhoneNumber>();
      // @ts-expect-error error does not exist on a success result
      res.error;
    }
    if (res.ok) expectTypeOf(res.data).toEqualTypeOf<PhoneNumber>();
    else expectTypeOf(res.error).toEqualTypeOf<AgentsError>();
  });

  it('data and error are not accessible before narrowing', async () => {
    const res = await client.agents.phoneNumbers.list();
    // @ts-expect-error data exists only on 2xx members
    res.data;
    // @ts-expect-error error exists only on non-2xx members
    res.error;
    expectTypeOf(res.requestId).toEqualTypeOf<string | undefined>();
    expectTypeOf(res.response).toEqualTypeOf<Response>();
  });

  it('convai: 404 and 422 narrow error to HTTPValidationError, 200 to the provider union', async () => {
    const res = await client.convai.phoneNumbers.get(id);
    if (res.status === 404) expectTypeOf(res.error).toEqualTypeOf<ConvaiError>();
    if (res.status === 422) expectTypeOf(res.error).toEqualTypeOf<ConvaiError>();
    if (res.status === 200) {
      expectTypeOf(res.data).toEqualTypeOf<ConvaiPhoneNumber>();
      if (res.data.provider === 'sip_trunk')
        expectTypeOf(res.data.livekit_stack).toEqualTypeOf<'standard' | 'static'>();
    }
  });

  it('only documented statuses can be compared', async () => {
    const res = await client.agents.phoneNumbers.get(id);
    // @ts-expect-error agentsGetPhoneNumber documents no 409
    if (res.status === 409) throw new Error();
    const deleted = await client.agents.phoneNumbers.delete(id);
    if (deleted.status === 204) expectTypeOf(deleted.data).toEqualTypeOf<undefined>();
  });

  it('throw mode (client or call) leaves only the success members', async () => {
    const a = await throwing.agents.phoneNumbers.list();
    expectTypeOf(a.status).toEqualTypeOf<200>();
    expectTypeOf(a.data).toEqualTypeOf<PhoneNumberList>();
    const b = await client.convai.phoneNumbers.get(id, { throwOnError: true });
    expectTypeOf(b.data).toEqualTypeOf<ConvaiPhoneNumber>();
    const c = await throwing.agents.phoneNumbers.get(id, { throwOnError: false });
    expectTypeOf(c.status).toEqualTypeOf<200 | 401 | 404 | 429 | 500 | 503>();
    for await (const n of client.agents.phoneNumbers.listAll()) expectTypeOf(n).toEqualTypeOf<PhoneNumber>();
  });
});

describe('wrong calls do not compile', () => {
  it('wrong body property or type', () => {
    // @ts-expect-error labell is not a property of PhoneNumberUpdate
    client.agents.phoneNumbers.update(id, { labell: 'x' });
    // @ts-expect-error label is a string
    client.agents.phoneNumbers.update(id, { label: 1 });
    // @ts-expect-error exotel is not importable on the agents surface
    client.agents.phoneNumbers.import({ source: 'exotel', e164: '+12025551234' });
    // @ts-expect-error a twilio import needs its credentials
    client.agents.phoneNumbers.import({ source: 'twilio', e164: '+12025551234' });
    // @ts-expect-error a convai create needs a label
    client.convai.phoneNumbers.create({ phone_number: '+12025551234' });
  });

  it('wrong parameter type', () => {
    // @ts-expect-error limit is a number
    client.agents.phoneNumbers.list({ limit: '5' });
    // @ts-expect-error the convai provider filter is an enum
    client.convai.phoneNumbers.list({ provider: 'vonage' });
    // @ts-expect-error ids are strings
    client.agents.phoneNumbers.get(42);
    // @ts-expect-error timeoutMs is a number
    client.agents.phoneNumbers.get(id, { timeoutMs: '5s' });
  });

  it('wrong path or method on the raw clients', () => {
    // @ts-expect-error no such path
    client.agents.raw.GET('/v1/agents/phone-numberz');
    // @ts-expect-error a convai path on the agents client
    client.agents.raw.GET('/v1/convai/phone-numbers');
    // @ts-expect-error the collection has no PUT
    client.agents.raw.PUT('/v1/agents/phone-numbers', { body: {} });
    // @ts-expect-error the path parameter is phone_number_id on convai
    client.convai.raw.GET('/v1/convai/phone-numbers/{phone_number_id}', { params: { path: { id } } });
  });

  it('surface methods are not mixed up', () => {
    // @ts-expect-error convai has create, not import
    client.convai.phoneNumbers.import;
    // @ts-expect-error agents has import, not create
    client.agents.phoneNumbers.create;
  });
});
