import { createInstance, getHttpOperationsFromSpec } from '@stoplight/prism-http';
import { describe, expect, it } from 'vitest';
import { prismConfig, silentLogger, tuneDataGenerator } from '../src/engine.ts';
import { prepareForGeneration } from '../src/generation.ts';
import { expectSchema, spec } from './helpers.ts';

/** Numbers as Prism's dynamic mode generates them for GET /v1/agents/phone-numbers/{id} from `doc`. */
// biome-ignore lint/suspicious/noExplicitAny: raw OpenAPI document.
async function generatePhoneNumbers(doc: any, count: number): Promise<unknown[]> {
  tuneDataGenerator();
  const operations = await getHttpOperationsFromSpec(doc);
  const op = operations.find((o) => o.iid === 'agentsGetPhoneNumber');
  if (op === undefined) throw new Error('agentsGetPhoneNumber is missing');
  const config = prismConfig({ dynamic: true });
  const prism = createInstance(config, { logger: silentLogger });
  const out: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const result = await prism.request(
      { method: 'get', url: { path: '/v1/agents/phone-numbers/phone_01kjqh7vm8fg9vjw2pv29p5pjw' } },
      [op],
      config,
    )();
    if (result._tag === 'Left') throw result.left;
    out.push(result.right.output.body);
  }
  return out;
}

describe('prepareForGeneration', () => {
  it('makes every PhoneNumber Prism generates satisfy its if/then/else rules', async () => {
    const numbers = await generatePhoneNumbers(prepareForGeneration(spec), 150);
    for (const number of numbers) expectSchema('PhoneNumber', number);
    const sources = new Set(numbers.map((n) => (n as { source: string }).source));
    expect([...sources].sort()).toEqual([...spec.components.schemas.PhoneNumberSource.enum].sort());
  });

  it('is needed: from the unprepared spec Prism generates numbers that break those rules', async () => {
    const numbers = await generatePhoneNumbers(spec, 150);
    const broken = numbers.filter((number) => {
      try {
        expectSchema('PhoneNumber', number);
        return false;
      } catch {
        return true;
      }
    });
    expect(broken.length).toBeGreaterThan(0);
  });

  it('leaves the given document untouched and other schemas as they are', () => {
    const before = JSON.stringify(spec);
    const prepared = prepareForGeneration(spec);
    expect(JSON.stringify(spec)).toBe(before);
    expect(prepared.components.schemas.PhoneNumber.oneOf).toHaveLength(
      spec.components.schemas.PhoneNumberSource.enum.length,
    );
    expect(prepared.components.schemas.GetPhoneNumberTwilioResponseModel).toEqual(
      spec.components.schemas.GetPhoneNumberTwilioResponseModel,
    );
  });

  it('leaves an allOf alone when its blocks are not all const tests of one enum property', () => {
    const doc = {
      components: {
        schemas: {
          Mixed: {
            type: 'object',
            properties: { kind: { enum: ['a', 'b'] }, other: { type: 'string' } },
            allOf: [
              {
                if: { properties: { kind: { const: 'a' } } },
                // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword.
                then: { properties: { other: { const: 'x' } } },
              },
              { required: ['other'] },
            ],
          },
        },
      },
    };
    expect(prepareForGeneration(doc)).toEqual(doc);
  });
});
