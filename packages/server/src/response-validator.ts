import { parsePointer } from '@phone-api/openapi';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { type CompiledSpec, compileSpec } from './compile.ts';
import type { Reply } from './errors.ts';

interface CompiledResponse {
  body?: ValidateFunction;
  headers: { name: string; lower: string; required: boolean; integer: boolean; validate: ValidateFunction }[];
}

/** Checks a reply against one operation's documented responses. */
export type ResponseValidator = (operationId: string, reply: Reply) => string | null;

/**
 * Validates a handler's reply against the documented responses of the operation: the status must be
 * documented, the body must match that response's schema (or be absent when none is documented) and
 * required headers must be present and valid. Returns `null`, or a message naming the JSON path of the
 * first mismatch (e.g. `agentsGetPhoneNumber 200: $.agent_id must match pattern ...`).
 */
export function createResponseValidator(spec: object): ResponseValidator {
  return responseValidatorFor(compileSpec(spec));
}

/** {@link createResponseValidator} over an already compiled spec. */
export function responseValidatorFor(compiled: CompiledSpec): ResponseValidator {
  const table = new Map<string, Map<number, CompiledResponse>>();
  for (const op of compiled.model.operations.values()) {
    const byStatus = new Map<number, CompiledResponse>();
    for (const [status, response] of op.responses) {
      byStatus.set(status, {
        ...(response.bodyPointer ? { body: compiled.ajv.compile(compiled.ref(response.bodyPointer)) } : {}),
        headers: response.headers.map((h) => ({
          name: h.name,
          lower: h.name.toLowerCase(),
          required: h.required,
          integer: h.schema.type === 'integer',
          validate: compiled.ajv.compile(compiled.ref(h.schemaPointer)),
        })),
      });
    }
    table.set(op.operationId, byStatus);
  }

  return (operationId, reply) => {
    const byStatus = table.get(operationId);
    if (!byStatus) return `unknown operationId ${operationId}`;
    const response = byStatus.get(reply.status);
    if (!response) {
      return `${operationId}: status ${reply.status} is not documented (documented: ${[...byStatus.keys()].join(', ')})`;
    }
    if (!response.body) {
      if (reply.body !== undefined)
        return `${operationId} ${reply.status}: $ must be empty (no body is documented)`;
    } else if (reply.body === undefined) {
      return `${operationId} ${reply.status}: $ is missing (a JSON body is documented)`;
    } else if (!response.body(reply.body)) {
      return `${operationId} ${reply.status}: ${describe(response.body.errors ?? [])}`;
    }
    for (const h of response.headers) {
      let found = false;
      // Every spelling of the name is checked: node:http sends each of them as its own line.
      for (const name in reply.headers) {
        if (!sameName(name, h.name, h.lower)) continue;
        found = true;
        const value = reply.headers[name] as string;
        const typed = h.integer && /^-?\d+$/.test(value) ? Number(value) : value;
        if (!h.validate(typed)) {
          return `${operationId} ${reply.status}: header ${name} ${h.validate.errors?.[0]?.message ?? 'is invalid'}`;
        }
      }
      if (!found && h.required) return `${operationId} ${reply.status}: header ${h.name} is required`;
    }
    return null;
  };
}

/** Whether header `name` is `spelt` (the spec's spelling, `lower` its lower case) in any case, copying nothing. */
function sameName(name: string, spelt: string, lower: string): boolean {
  return name === spelt || (name.length === lower.length && name.toLowerCase() === lower);
}

/** The first error as `$.a.b[0] <message>`, preferring the most specific one over oneOf summaries. */
function describe(errors: ErrorObject[]): string {
  const specific = errors.find((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf' && e.keyword !== 'if');
  const error = specific ?? errors[0];
  if (!error) return '$ is invalid';
  let path = '$';
  for (const segment of parsePointer(error.instancePath)) {
    path += /^\d+$/.test(segment) ? `[${segment}]` : `.${segment}`;
  }
  const p = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties')
    return `${path}.${String(p.additionalProperty)} is not allowed`;
  if (error.keyword === 'required') return `${path}.${String(p.missingProperty)} is required`;
  return `${path} ${error.message ?? 'is invalid'}`;
}
