import fc from 'fast-check';
import {
  arbitraryFor,
  foreignFieldsArbitrary,
  type Mutation,
  mutatedBodyArbitrary,
  type RefResolver,
  requiredNames,
} from './arbitraries.ts';
import type { Contract } from './checks.ts';
import type { RawRequest } from './http.ts';
import { invalidParameterValues } from './invalid.ts';
import { forbidsUnknownFields, nonPathParameters } from './matrix.ts';
import { fillPath, type JsonSchema, jsonRequestSchema, type SpecOperation } from './spec.ts';

/** How a generated invalid request is wrong, which decides the error it must get. */
export type Defect =
  | { where: 'body'; mutation: Mutation }
  | { where: 'query' | 'header'; name: string; value: string }
  | { where: 'path'; name: string; value: string };

/** A generated request without credentials (the test adds them). */
export interface GeneratedRequest extends RawRequest {
  defect?: Defect;
}

/** The component schema that ids with this `x-id-prefix` follow (the one whose pattern starts `^<prefix>_`). */
export function idSchemaFor(contract: Contract, prefix: string): JsonSchema {
  const schemas = (contract.doc.components?.schemas ?? {}) as Record<string, JsonSchema>;
  const found = Object.values(schemas).find(
    (s) => typeof s.pattern === 'string' && s.pattern.startsWith(`^${prefix}_`),
  );
  if (!found) throw new Error(`no component schema describes ids with prefix ${prefix}`);
  return found;
}

const stringify = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

function pathArbitrary(contract: Contract, op: SpecOperation, resolve: RefResolver) {
  const params = op.parameters.filter((p) => p.in === 'path');
  const model = Object.fromEntries(
    params.map((p) => [
      p.name,
      (p.idPrefix
        ? arbitraryFor(idSchemaFor(contract, p.idPrefix), resolve)
        : arbitraryFor(p.schema, resolve)
      ).map(String),
    ]),
  );
  return fc.record(model).map((values) => fillPath(op.path, values as Record<string, string>));
}

function parameterArbitrary(op: SpecOperation, where: 'query' | 'header', resolve: RefResolver) {
  const params = nonPathParameters(op).filter((p) => p.in === where);
  const model = Object.fromEntries(
    params.map((p) => [p.name, arbitraryFor(p.schema, resolve).map(stringify)]),
  );
  return fc.record(model, {
    requiredKeys: params.filter((p) => p.required).map((p) => p.name),
  }) as fc.Arbitrary<Record<string, string>>;
}

/**
 * Requests valid against everything the spec says about the operation's input: path ids of the prefixed
 * form, query and header parameters from their schemas, a body from the request schema.
 */
export function validRequestArbitrary(
  contract: Contract,
  op: SpecOperation,
  resolve: RefResolver,
): fc.Arbitrary<GeneratedRequest> {
  const schema = jsonRequestSchema(op);
  return fc
    .record({
      path: pathArbitrary(contract, op, resolve),
      query: parameterArbitrary(op, 'query', resolve),
      headers: parameterArbitrary(op, 'header', resolve),
      body: schema ? arbitraryFor(schema, resolve) : fc.constant(undefined),
    })
    .map(({ path, query, headers, body }) => ({
      method: op.method,
      path,
      query,
      headers: schema ? { ...headers, 'content-type': 'application/json' } : headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }));
}

/**
 * Requests with exactly one defect: a body mutated so the request schema rejects it, a query or header
 * parameter outside its schema, or a path id not of the prefixed form. Every defect is confirmed with the
 * spec's own validator, so a target is never blamed for refusing what the spec allows.
 */
export function invalidRequestArbitrary(
  contract: Contract,
  op: SpecOperation,
  resolve: RefResolver,
): fc.Arbitrary<GeneratedRequest> | undefined {
  const valid = validRequestArbitrary(contract, op, resolve);
  const options: fc.Arbitrary<GeneratedRequest>[] = [];
  const schema = jsonRequestSchema(op);
  if (schema) {
    const validate = contract.validator(schema);
    const mutated = mutatedBodyArbitrary(
      arbitraryFor(schema, resolve),
      requiredNames(schema, resolve),
      forbidsUnknownFields(op, resolve),
    ).filter(({ body }) => !validate(body));
    options.push(
      fc.tuple(valid, mutated).map(([req, { body, mutation }]) => ({
        ...req,
        body: JSON.stringify(body),
        defect: { where: 'body', mutation },
      })),
    );
  }
  const badParams = nonPathParameters(op).flatMap((p) =>
    invalidParameterValues(p.schema, resolve, contract.validator(p.schema)).map((value) => ({ p, value })),
  );
  if (badParams.length > 0) {
    options.push(
      fc.tuple(valid, fc.constantFrom(...badParams)).map(([req, { p, value }]) => {
        const where = p.in as 'query' | 'header';
        return {
          ...req,
          ...(where === 'query'
            ? { query: { ...req.query, [p.name]: value } }
            : { headers: { ...req.headers, [p.name]: value } }),
          defect: { where, name: p.name, value },
        };
      }),
    );
  }
  const idParam = op.parameters.find((p) => p.in === 'path' && p.idPrefix);
  if (idParam?.idPrefix) {
    const idPattern = new RegExp(String(idSchemaFor(contract, idParam.idPrefix).pattern), 'u');
    // Ids a client might have stored before prefixed ids existed, or ids of other kinds; never `.`/`..`,
    // which URL resolution would swallow.
    const foreignId = fc
      .oneof(
        fc.uuid(),
        fc.stringMatching(/^[a-z]{2,8}_[0-9a-z]{10,30}$/),
        fc.stringMatching(/^[0-9A-Za-z]{1,40}$/),
      )
      .filter((id) => !idPattern.test(id));
    options.push(
      fc.tuple(valid, foreignId).map(([req, value]) => ({
        ...req,
        path: fillPath(op.path, { [idParam.name]: value }),
        defect: { where: 'path', name: idParam.name, value },
      })),
    );
  }
  return options.length > 0 ? fc.oneof(...options) : undefined;
}

/**
 * Bodies the spec accepts for an operation: generated from its schema and, for a union of open bodies, also
 * bodies carrying other branches' fields (see {@link foreignFieldsArbitrary}), kept when the spec's validator
 * accepts them. What a round trip sends.
 */
export function acceptedBodyArbitrary(
  contract: Contract,
  op: SpecOperation,
  resolve: RefResolver,
): fc.Arbitrary<unknown> {
  const schema = jsonRequestSchema(op) ?? {};
  const plain = arbitraryFor(schema, resolve);
  const foreign = foreignFieldsArbitrary(schema, resolve);
  if (!foreign) return plain;
  const validate = contract.validator(schema);
  return fc.oneof(
    plain,
    foreign.filter((body) => validate(body)),
  );
}
