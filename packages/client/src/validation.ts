import { escapeSegment } from '@phone-api/openapi';
// Loaded only through a dynamic import when `validateResponses` is on: ajv and the schemas stay out of the core.
import { responseSchemas, schemaDocument } from './response-schemas.gen.ts';

type ValidateFunction = ((data: unknown) => boolean) & {
  errors?: { instancePath: string; message?: string; params?: Record<string, unknown> }[] | null;
};

/** CommonJS packages arrive wrapped once or twice in `default`, depending on the loader and bundler. */
function unwrapDefault<T>(module: unknown): T {
  let value = module as { default?: unknown };
  while (typeof value !== 'function' && value && 'default' in value)
    value = value.default as { default?: unknown };
  return value as T;
}

/**
 * Builds a validator for response bodies against the spec (JSON Schema 2020-12). Returns the JSON Pointer and
 * reason of the first mismatch, or undefined when the body matches or no schema is documented.
 */
export async function createValidator() {
  let modules: [unknown, unknown];
  try {
    modules = await Promise.all([import('ajv/dist/2020.js'), import('ajv-formats')]);
  } catch (error) {
    throw new Error(
      'validateResponses needs the optional peer dependencies ajv and ajv-formats (npm install ajv ajv-formats)',
      { cause: error },
    );
  }
  const Ajv2020 = unwrapDefault<new (options: object) => AjvLike>(modules[0]);
  const addFormats = unwrapDefault<(ajv: AjvLike) => void>(modules[1]);
  // discriminator: follow `provider`/`source` to one branch, so the first error is in the branch that applies.
  const ajv = new Ajv2020({ discriminator: true, strict: true, strictTypes: false, allErrors: false });
  addFormats(ajv);
  ajv.addSchema(schemaDocument);
  const compiled = new Map<string, ValidateFunction | null>();

  return (operationId: string, status: number, body: unknown) => {
    const key = `${operationId}/${status}`;
    let validate = compiled.get(key);
    if (validate === undefined) {
      const schema = responseSchemas[operationId]?.[String(status)];
      validate = schema === undefined ? null : ajv.compile(schema);
      compiled.set(key, validate);
    }
    if (validate === null || validate(body)) return undefined;
    const first = validate.errors?.[0];
    const params = first?.params ?? {};
    // `required`/`additionalProperties` errors sit on the parent object; point at the offending property.
    const child = params.missingProperty ?? params.additionalProperty;
    const pointer = `${first?.instancePath ?? ''}${typeof child === 'string' ? `/${escapeSegment(child)}` : ''}`;
    return { pointer, reason: first?.message ?? 'does not match the schema' };
  };
}

interface AjvLike {
  addSchema(schema: object): unknown;
  compile(schema: object): ValidateFunction;
}
