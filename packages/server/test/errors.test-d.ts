import { describe, expectTypeOf, it } from 'vitest';
import { type components, type ErrorMeaning, errorReply } from '../src/index.ts';

const id = 'req_typetest0001';

describe('errorReply types', () => {
  it('accepts only meanings the catalogue has', () => {
    // @ts-expect-error: no such meaning in the catalogue
    errorReply('teapot', 'agents', id);
    // @ts-expect-error: a status is not a meaning
    errorReply(404, 'agents', id);
    // @ts-expect-error: a wire code is not a meaning either (meanings are keyed by what they mean)
    errorReply('not_found', 'convai', id);
    expectTypeOf<'teapot'>().not.toMatchTypeOf<ErrorMeaning>();
    expectTypeOf<'phone_number_not_found'>().toMatchTypeOf<ErrorMeaning>();
  });

  it('refuses a meaning on a surface that cannot produce it', () => {
    // @ts-expect-error: trunk settings exist on convai only
    errorReply('not_sip_trunk', 'agents', id);
    errorReply('not_sip_trunk', 'convai', id);
  });

  it('requires the parameters of a computed wording, and refuses them for a fixed one', () => {
    // @ts-expect-error: the 413 wording names the limit
    errorReply('payload_too_large', 'agents', id);
    // @ts-expect-error: the parameters must be complete
    errorReply('malformed_json', 'convai', id, { params: { reason: 'x' } });
    errorReply('malformed_json', 'convai', id, { params: { reason: 'x', position: 0 } });
    // @ts-expect-error: a fixed wording takes no parameters
    errorReply('unauthorized', 'agents', id, { params: { reason: 'x' } });
  });

  it('takes fields and issues only for a validation failure', () => {
    errorReply('validation_failed', 'agents', id, { fields: { label: 'must be a string' } });
    // @ts-expect-error: error.fields is only for validation_failed (the spec's Error.fields says so)
    errorReply('phone_number_not_found', 'agents', id, { fields: { id: 'x' } });
  });

  it('types the reply with the entry status and the surface body, as handlers need', () => {
    const agents = errorReply('phone_number_not_found', 'agents', id);
    expectTypeOf(agents.status).toEqualTypeOf<404>();
    expectTypeOf(agents.body).toEqualTypeOf<components['schemas']['Error']>();
    const convai = errorReply('not_bindable', 'convai', id);
    expectTypeOf(convai.status).toEqualTypeOf<422>();
    expectTypeOf(convai.body).toEqualTypeOf<components['schemas']['HTTPValidationError']>();
    expectTypeOf(errorReply('not_bindable', 'agents', id).status).toEqualTypeOf<400>();
    expectTypeOf(errorReply('agent_not_found', 'convai', id).status).toEqualTypeOf<422>();
    expectTypeOf(
      errorReply('payload_too_large', 'agents', id, { params: { limit: '1 KiB' } }).status,
    ).toEqualTypeOf<413>();
  });
});
