import { describe, expectTypeOf, it } from 'vitest';
import {
  defineHandlers,
  type HandlerRequest,
  type HandlerResponse,
  type Handlers,
  notImplemented,
} from '../src/handlers.ts';
import type { components } from '../src/schema.gen.ts';

type PhoneNumber = components['schemas']['PhoneNumber'];

const number: PhoneNumber = {
  id: 'phone_01kjqh7vm8fg9vjw2pv29p5pjw',
  e164: '+12025551234',
  source: 'twilio',
  capabilities: ['inbound', 'outbound'],
  created_at: '2026-03-02T15:04:05Z',
  updated_at: '2026-03-09T10:11:12Z',
  label: 'Front desk',
  trunk_id: null,
  agent_id: null,
  livekit_phone_number_id: null,
};

const define = defineHandlers();
const rest = {
  agentsListPhoneNumbers: notImplemented('agentsListPhoneNumbers'),
  agentsImportPhoneNumber: notImplemented('agentsImportPhoneNumber'),
  agentsUpdatePhoneNumber: notImplemented('agentsUpdatePhoneNumber'),
  agentsDeletePhoneNumber: notImplemented('agentsDeletePhoneNumber'),
  convaiListPhoneNumbers: notImplemented('convaiListPhoneNumbers'),
  convaiCreatePhoneNumber: notImplemented('convaiCreatePhoneNumber'),
  convaiGetPhoneNumber: notImplemented('convaiGetPhoneNumber'),
  convaiUpdatePhoneNumber: notImplemented('convaiUpdatePhoneNumber'),
  convaiDeletePhoneNumber: notImplemented('convaiDeletePhoneNumber'),
};

describe('handler types', () => {
  it('accepts handlers that return documented responses', () => {
    const handlers = define({
      ...rest,
      agentsGetPhoneNumber: async (req) => {
        if (req.params.id === 'x') {
          return {
            status: 404,
            body: {
              error: { code: 'phone_number_not_found', message: 'No such number.' },
              request_id: req.requestId,
            },
          };
        }
        return { status: 200, body: { ...number, id: req.params.id } };
      },
      agentsDeletePhoneNumber: () => ({ status: 204 }),
      convaiDeletePhoneNumber: () => ({ status: 200, body: {} }),
    });
    expectTypeOf(handlers).toMatchTypeOf<Handlers>();
  });

  it('rejects an extra property in a body', () => {
    define({
      ...rest,
      // @ts-expect-error -- `extra` is not a PhoneNumber property
      agentsGetPhoneNumber: async () => ({ status: 200, body: { ...number, extra: 1 } }),
    });
  });

  it('rejects an extra property in a nested body object', () => {
    define({
      ...rest,
      // @ts-expect-error -- `hint` is not a property of Error.error
      agentsGetPhoneNumber: () => ({
        status: 404,
        body: {
          error: { code: 'phone_number_not_found', message: 'gone', hint: 'x' },
          request_id: 'req_12345678',
        },
      }),
    });
  });

  it('accepts each variant of a oneOf body and rejects an extra property in one', () => {
    const sip = {
      provider: 'sip_trunk' as const,
      phone_number: '+442071838750',
      label: 'London SIP',
      phone_number_id: 'phone_01kfd6nw00ea7v81bc6wp6724f',
      livekit_stack: 'standard' as const,
    };
    define({
      ...rest,
      agentsGetPhoneNumber: async () => ({ status: 200, body: number }),
      convaiGetPhoneNumber: async (req) =>
        req.params.phone_number_id.endsWith('3')
          ? { status: 200, body: sip }
          : {
              status: 200,
              body: {
                provider: 'exotel',
                phone_number: '+919876543210',
                label: '',
                phone_number_id: 'phone_01kwe5xgj0ff383rfg6wqsc033',
              },
            },
    });
    define({
      ...rest,
      agentsGetPhoneNumber: async () => ({ status: 200, body: number }),
      // @ts-expect-error -- `outbound_trunk` is a sip_trunk property, not an exotel one
      convaiGetPhoneNumber: async () => ({
        status: 200,
        body: {
          provider: 'exotel',
          phone_number: '+919876543210',
          label: '',
          phone_number_id: 'phone_01kwe5xgj0ff383rfg6wqsc033',
          outbound_trunk: null,
        },
      }),
    });
  });

  it('types the workspace that authenticate resolves', () => {
    defineHandlers<{ workspaceId: string }>()({
      ...rest,
      agentsGetPhoneNumber: async (req) => {
        expectTypeOf(req.workspace).toEqualTypeOf<{ workspaceId: string }>();
        return { status: 200, body: number };
      },
    });
  });

  it('rejects an undocumented status', () => {
    define({
      ...rest,
      // @ts-expect-error -- 418 is not documented for agentsGetPhoneNumber
      agentsGetPhoneNumber: async () => ({ status: 418, body: number }),
    });
  });

  it('rejects the body of another response', () => {
    define({
      ...rest,
      // @ts-expect-error -- a 200 must carry a PhoneNumber, not the Error envelope
      agentsGetPhoneNumber: async (req) => ({
        status: 200,
        body: { error: { code: 'internal_error', message: 'x' }, request_id: req.requestId },
      }),
    });
  });

  it('rejects a body missing a required property', () => {
    const { e164: _dropped, ...partial } = number;
    define({
      ...rest,
      // @ts-expect-error -- e164 is required
      agentsGetPhoneNumber: async () => ({ status: 200, body: partial }),
    });
  });

  it('rejects a body on a 204', () => {
    define({
      ...rest,
      agentsGetPhoneNumber: async () => ({ status: 200, body: number }),
      // @ts-expect-error -- 204 has no content
      agentsDeletePhoneNumber: async () => ({ status: 204, body: {} }),
    });
  });

  it('rejects a missing handler', () => {
    const { agentsListPhoneNumbers: _missing, ...incomplete } = rest;
    // @ts-expect-error -- agentsListPhoneNumbers has no handler
    define({ ...incomplete, agentsGetPhoneNumber: async () => ({ status: 200, body: number }) });
  });

  it('types the request from the spec', () => {
    expectTypeOf<HandlerRequest<'agentsGetPhoneNumber'>['params']>().toEqualTypeOf<{ id: string }>();
    expectTypeOf<HandlerRequest<'agentsListPhoneNumbers'>['query']['limit']>().toEqualTypeOf<
      number | undefined
    >();
    expectTypeOf<HandlerRequest<'agentsUpdatePhoneNumber'>['body']>().toEqualTypeOf<
      components['schemas']['PhoneNumberUpdate']
    >();
    expectTypeOf<HandlerRequest<'agentsGetPhoneNumber'>['body']>().toEqualTypeOf<undefined>();
    expectTypeOf<HandlerResponse<'agentsDeletePhoneNumber'>['status']>().toEqualTypeOf<
      204 | 401 | 404 | 429 | 500 | 503
    >();
  });
});
