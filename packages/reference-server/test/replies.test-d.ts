import {
  type components,
  type ErrorReply,
  errorReply,
  type HandlerRequest,
  type HandlerResponse,
  type Surface,
  type SurfacesOf,
} from '@phone-api/server';
import { describe, expectTypeOf, it } from 'vitest';
import { type IdempotencyStore, idempotent, type RefusalOf, refusal, type Write } from '../src/replies.ts';
import type { Workspace } from '../src/store/index.ts';

declare const store: IdempotencyStore;
declare const importRequest: HandlerRequest<'agentsImportPhoneNumber', Workspace>;
declare const phoneNumber: components['schemas']['PhoneNumber'];

const imported = async () => ({ status: 201 as const, body: phoneNumber });
const convaiCreated = async () => ({ status: 200 as const, body: { phone_number_id: phoneNumber.id } });
const notFound = async () => errorReply('phone_number_not_found', 'agents', 'req_12345678');

/** The reply of a `W` refused by the store, on surface `S`. */
type Refused<W extends Write, S extends Surface> =
  S extends SurfacesOf<RefusalOf<W>> ? ErrorReply<RefusalOf<W>, S> : never;

describe('idempotent', () => {
  it("answers with the operation's own reply type", () => {
    expectTypeOf(idempotent(store, importRequest, 'agents', imported)).resolves.toEqualTypeOf<
      HandlerResponse<'agentsImportPhoneNumber'>
    >();
  });

  it('answers a reused key with a reply every create documents', () => {
    type Reused<S extends Surface> = ErrorReply<'idempotency_key_reused', S>;
    expectTypeOf<Reused<'agents'>>().toMatchTypeOf<HandlerResponse<'agentsImportPhoneNumber'>>();
    expectTypeOf<Reused<'convai'>>().toMatchTypeOf<HandlerResponse<'convaiCreatePhoneNumber'>>();
  });

  it("rejects a create that answers another operation's reply", () => {
    // @ts-expect-error -- 200 with a phone_number_id is convaiCreatePhoneNumber's reply, not an import's
    idempotent(store, importRequest, 'agents', convaiCreated);
  });

  it('rejects a create that answers an error status the operation does not document', () => {
    // @ts-expect-error -- an import documents no 404
    idempotent(store, importRequest, 'agents', notFound);
  });

  it("rejects the other surface's idempotency keys", () => {
    // @ts-expect-error -- an import's keys are the agents surface's
    idempotent(store, importRequest, 'convai', imported);
  });
});

describe('refusal', () => {
  it('gives a reply of the operation that met it, on each surface', () => {
    expectTypeOf<Refused<'create', 'agents'>>().toMatchTypeOf<HandlerResponse<'agentsImportPhoneNumber'>>();
    expectTypeOf<Refused<'create', 'convai'>>().toMatchTypeOf<HandlerResponse<'convaiCreatePhoneNumber'>>();
    expectTypeOf<Refused<'update', 'agents'>>().toMatchTypeOf<HandlerResponse<'agentsUpdatePhoneNumber'>>();
    expectTypeOf<Refused<'update', 'convai'>>().toMatchTypeOf<HandlerResponse<'convaiUpdatePhoneNumber'>>();
  });

  it('gives no reply of the other kind of write (a conflict is no update’s, not found no create’s)', () => {
    expectTypeOf<Refused<'create', 'agents'>>().not.toMatchTypeOf<
      HandlerResponse<'agentsUpdatePhoneNumber'>
    >();
    expectTypeOf<Refused<'update', 'convai'>>().not.toMatchTypeOf<
      HandlerResponse<'convaiCreatePhoneNumber'>
    >();
  });

  it('is typed by the write it names', () => {
    expectTypeOf(refusal('update', 'not_found')).toEqualTypeOf<
      'phone_number_not_found' | 'agent_not_found' | 'not_bindable'
    >();
  });
});
