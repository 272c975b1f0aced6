/**
 * The router bench's peer anchor: what a team would write with Fastify 5 for the same two routes. Fastify
 * validates with its own ajv (here the 2020-12 dialect the spec declares, `coerceTypes` off as the spec
 * means it) against the very schemas of the bundled spec, checks the bearer key in an `onRequest` hook,
 * sends the same bodies and an `X-Request-Id` like the router, and serialises the reply with Fastify's
 * schema-compiled serializer (its usual fast path, which the router does not have: it uses JSON.stringify).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import Fastify from 'fastify';

type OpenApi = {
  components: { schemas: Record<string, object>; parameters: Record<string, { schema: object }> };
};

/** Starts the Fastify target on 127.0.0.1 and resolves to its port. */
export async function startFastify(phoneNumber: Record<string, unknown>): Promise<number> {
  const spec = JSON.parse(
    readFileSync(new URL(import.meta.resolve('@phone-api/spec/openapi.json')), 'utf8'),
  ) as OpenApi;
  // The spec's components under one $id, so `#/components/...` references inside them resolve.
  const ajv = new Ajv2020({ strict: false, allErrors: false, coerceTypes: false });
  addFormats.default(ajv);
  ajv.addSchema({ $id: 'openapi', components: spec.components });
  const ref = (pointer: string) => ({ $ref: `openapi${pointer}` });

  const app = Fastify({ logger: false });
  app.setValidatorCompiler(({ schema }) => ajv.compile(schema));
  app.addHook('onRequest', (request, reply, done) => {
    // randomUUID draws from a cached entropy pool, as the router's ids do (randomBytes per request is slower).
    reply.header('X-Request-Id', `req_${randomUUID()}`);
    if (request.headers.authorization === 'Bearer sk_bench') return done();
    reply.code(401).send({ error: { code: 'unauthorized', message: 'Missing or invalid API key.' } });
  });
  const idParam = spec.components.parameters.PhoneNumberIdPath?.schema;
  if (!idParam) throw new Error('the spec lacks the phone number id parameter');
  // fast-json-stringify cannot build from the spec's PhoneNumber (it fails to merge its allOf/const
  // rules), so, as a Fastify user would, the reply gets a hand-written schema of its fields' types.
  const text = { type: 'string' };
  const nullableText = { type: ['string', 'null'] };
  const reply = {
    type: 'object',
    properties: {
      id: text,
      e164: text,
      source: text,
      capabilities: { type: 'array', items: text },
      created_at: text,
      updated_at: text,
      label: text,
      trunk_id: nullableText,
      agent_id: nullableText,
      livekit_phone_number_id: nullableText,
    },
  };

  app.get(
    '/v1/agents/phone-numbers/:id',
    {
      schema: {
        params: { type: 'object', properties: { id: idParam }, required: ['id'] },
        response: { 200: reply },
      },
    },
    async () => phoneNumber,
  );
  app.post(
    '/v1/agents/phone-numbers',
    { schema: { body: ref('#/components/schemas/PhoneNumberImport'), response: { 201: reply } } },
    async (request, res) => {
      res.code(201);
      return { ...phoneNumber, e164: (request.body as { e164: string }).e164 };
    },
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
