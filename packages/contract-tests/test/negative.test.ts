import { beforeAll, describe } from 'vitest';
import { requiredNames } from '../src/arbitraries.ts';
import { type RawRequest, send, sendAndCheck, sendAndCheckError } from '../src/http.ts';
import { invalidParameterValues } from '../src/invalid.ts';
import { applicability, forbidsUnknownFields, isWrite, nonPathParameters } from '../src/matrix.ts';
import { fillPath, jsonRequestSchema, type SpecOperation } from '../src/spec.ts';
import { authHeaders } from '../src/target.ts';
import {
  assertAccepted,
  assertConforms,
  contract,
  contractTest,
  existingPhoneNumberId,
  firstExample,
  jsonHeaders,
  pathValues,
  resolve,
  SURFACE_ERRORS,
  target,
  unknownPhoneNumberId,
} from './support.ts';

let existingId: string | undefined;
beforeAll(async () => {
  existingId = await existingPhoneNumberId();
});

/**
 * A request that would succeed: valid path, credentials and (when the operation takes one) body. With
 * `harmless`, a write on a stateful target addresses a number that does not exist, so a target that
 * wrongly executes the request still changes nothing.
 */
function validRequest(op: SpecOperation, harmless = false): RawRequest {
  const schema = jsonRequestSchema(op);
  const id = harmless && !target.stateless && isWrite(op) ? unknownPhoneNumberId() : existingId;
  return {
    method: op.method,
    path: fillPath(op.path, pathValues(op, id)),
    headers: schema ? jsonHeaders(op) : authHeaders(target, op.surface),
    ...(schema ? { body: JSON.stringify(firstExample(op)) } : {}),
  };
}

/**
 * Deletes a number an accepted create made on a stateful target: it holds a spec example's e164, which the
 * other files' creates would otherwise meet as a 409.
 */
async function removeCreated(op: SpecOperation, json: unknown): Promise<void> {
  const created = json as { id?: string; phone_number_id?: string } | undefined;
  const numberId = created?.id ?? created?.phone_number_id;
  if (!numberId) throw new Error(`${op.operationId}: the created number has no id`);
  const path = `${op.path}/${numberId}`;
  const res = await send(target.baseUrl, {
    method: 'delete',
    path,
    headers: authHeaders(target, op.surface),
  });
  if (res.status >= 300)
    throw new Error(`cleanup DELETE ${path} got ${res.status}: ${res.body.slice(0, 200)}`);
}

const withoutAuth = (headers: Record<string, string> = {}) =>
  Object.fromEntries(
    Object.entries(headers).filter(
      ([k]) => k.toLowerCase() !== 'authorization' && k.toLowerCase() !== 'xi-api-key',
    ),
  );

for (const op of contract.operations) {
  const applies = (check: Parameters<typeof applicability>[1]) =>
    applicability(op, check, target, resolve) === 'run';
  const errors = SURFACE_ERRORS[op.surface];
  const id = op.operationId;

  describe(`${op.method.toUpperCase()} ${op.path} (${id})`, () => {
    if (applies('auth')) {
      const credentialCases: [string, Record<string, string>][] =
        op.surface === 'agents'
          ? [
              ['no credentials', {}],
              ['a Basic instead of a Bearer credential', { authorization: 'Basic dXNlcjpwYXNz' }],
              ['the convai header instead of a Bearer key', { 'xi-api-key': target.agentsApiKey }],
              // Wrong keys: only a target that knows its keys can tell (the stateless mock accepts any key,
              // even one without the sk_ prefix the security scheme describes).
              ...(target.knowsKeys
                ? ([
                    ['a Bearer token that is not an sk_ key', { authorization: 'Bearer not-an-api-key' }],
                    ['an unknown sk_ key', { authorization: 'Bearer sk_contract_tests_unknown_key' }],
                  ] as [string, Record<string, string>][])
                : []),
            ]
          : [
              ['no credentials', {}],
              ['an empty xi-api-key', { 'xi-api-key': '' }],
              ['a Bearer key instead of xi-api-key', { authorization: `Bearer ${target.convaiApiKey}` }],
              ...(target.knowsKeys
                ? [
                    ['an unknown key', { 'xi-api-key': 'contract_tests_unknown_key' }] as [
                      string,
                      Record<string, string>,
                    ],
                  ]
                : []),
            ];
      for (const [name, credentials] of credentialCases) {
        contractTest(op, 'auth', `answers 401 to ${name}`, async () => {
          const req = validRequest(op, true);
          req.headers = { ...withoutAuth(req.headers), ...credentials };
          assertConforms(await sendAndCheckError(contract, target.baseUrl, id, req, errors.unauthorized));
        });
      }
      // A wrong key must learn nothing about how its request would be judged: 401 comes before the body.
      if (target.knowsKeys && op.requestBody) {
        const unknownKey: Record<string, string> =
          op.surface === 'agents'
            ? { authorization: 'Bearer sk_contract_tests_unknown_key' }
            : { 'xi-api-key': 'contract_tests_unknown_key' };
        contractTest(
          op,
          'auth',
          'answers 401, not a validation error, to an unknown key with malformed JSON',
          async () => {
            const req = validRequest(op, true);
            req.headers = { ...withoutAuth(req.headers), ...unknownKey, 'content-type': 'application/json' };
            req.body = '{"unterminated": ';
            assertConforms(await sendAndCheckError(contract, target.baseUrl, id, req, errors.unauthorized));
          },
        );
      }
    }

    if (applies('invalid-params')) {
      for (const param of nonPathParameters(op)) {
        const values = invalidParameterValues(param.schema, resolve, contract.validator(param.schema));
        for (const value of values) {
          contractTest(
            op,
            'invalid-params',
            `rejects ${param.in} ${param.name}=${value.slice(0, 24)}`,
            async () => {
              const req = validRequest(op);
              if (param.in === 'query') req.query = { [param.name]: value };
              else req.headers = { ...req.headers, [param.name]: value };
              assertConforms(
                await sendAndCheckError(contract, target.baseUrl, id, req, {
                  ...errors.validation,
                  fields: [param.name],
                }),
              );
            },
          );
        }
      }
    }

    const schema = jsonRequestSchema(op);
    if (schema && applies('invalid-body')) {
      const validate = contract.validator(schema);
      const example = firstExample(op) as Record<string, unknown>;
      const cases: [string, unknown, string[]][] = [];
      for (const field of requiredNames(schema, resolve)) {
        if (!(field in example)) continue;
        const { [field]: _dropped, ...rest } = example;
        if (!validate(rest)) cases.push([`without required ${field}`, rest, [field]]);
      }
      for (const field of Object.keys(example)) {
        const mutated = { ...example, [field]: typeof example[field] === 'number' ? 'a string' : 12345 };
        if (!validate(mutated)) cases.push([`with ${field} of the wrong type`, mutated, [field]]);
      }
      cases.push(['that is an array, not an object', [example], []]);
      for (const [name, body, fields] of cases) {
        contractTest(op, 'invalid-body', `rejects a body ${name}`, async () => {
          const req = { ...validRequest(op), body: JSON.stringify(body) };
          assertConforms(
            await sendAndCheckError(contract, target.baseUrl, id, req, { ...errors.validation, fields }),
          );
        });
      }
    }

    if (applies('malformed-json')) {
      const bodies: [string, string][] = [
        ['a truncated JSON body', '{"label": "Front desk"'],
        ['a body that is not JSON at all', 'label=Front desk'],
        ['JSON with a trailing comma', '{"label": "x",}'],
      ];
      for (const [name, body] of bodies) {
        contractTest(op, 'malformed-json', `answers ${name} within 2 s with a documented error`, async () => {
          const req = { ...validRequest(op), body };
          assertConforms(await sendAndCheckError(contract, target.baseUrl, id, req, errors.malformed, 2000));
        });
      }
    }

    if (applies('media-type')) {
      const types: [string, string][] = [
        ['text/plain', JSON.stringify(firstExample(op))],
        ['application/x-www-form-urlencoded', 'label=Front+desk'],
        ['application/xml', '<label>Front desk</label>'],
      ];
      for (const [type, body] of types) {
        contractTest(op, 'media-type', `answers 415 to a ${type} body`, async () => {
          const req = validRequest(op);
          req.headers = { ...req.headers, 'content-type': type };
          req.body = body;
          assertConforms(
            await sendAndCheckError(contract, target.baseUrl, id, req, errors.unsupportedMediaType),
          );
        });
      }
    }

    if (applies('unknown-fields')) {
      const forbidden = forbidsUnknownFields(op, resolve);
      const field = 'contract_tests_unknown_field';
      contractTest(
        op,
        'unknown-fields',
        forbidden
          ? 'rejects an unknown body property, naming it (the schema forbids them)'
          : 'accepts and ignores an unknown body property (the schema allows them)',
        async () => {
          const body = { ...(firstExample(op) as object), [field]: 'surplus' };
          const req = { ...validRequest(op), body: JSON.stringify(body) };
          if (forbidden) {
            assertConforms(
              await sendAndCheckError(contract, target.baseUrl, id, req, {
                ...errors.validation,
                fields: [field],
              }),
            );
          } else {
            const report = await sendAndCheck(contract, target.baseUrl, id, req);
            assertAccepted(report);
            if (!target.stateless && op.method === 'post') await removeCreated(op, report.json);
          }
        },
      );
    }

    if (applies('legacy-id')) {
      const ids: [string, string][] = [
        ['a legacy UUID', '3f2c1b8e-6d4a-4f9e-8b7c-2a1d0e9f8c7b'],
        ['a UUIDv7 without the prefix', '01936f6e-3c2a-7b8d-9e0f-1a2b3c4d5e6f'],
        ['an upper-case prefixed id', 'PHONE_01KWJRP1XPA7Z3DJ8FSSZ5AWSH'],
        ['an id of another kind', 'agent_01kbcnnn80f9w89eekvvxb6ss8'],
      ];
      for (const [name, value] of ids) {
        contractTest(op, 'legacy-id', `answers 404 to ${name} as the id`, async () => {
          const param = op.parameters.find((p) => p.in === 'path' && p.idPrefix);
          if (!param) throw new Error('no prefixed id parameter');
          const req = { ...validRequest(op), path: fillPath(op.path, { [param.name]: value }) };
          assertConforms(await sendAndCheckError(contract, target.baseUrl, id, req, errors.notFound));
        });
      }
    }
  });
}
