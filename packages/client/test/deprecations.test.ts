import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { describe, expect, it } from 'vitest';
import { markDeprecatedOperations, withSunsetDescriptions } from '../scripts/deprecations.js';

/** A one-operation document: `getItem` and its `limit` and `label` deprecated as the spec would do it. */
const spec = {
  openapi: '3.1.0',
  info: { title: 'Fixture', version: '1.0.0' },
  paths: {
    '/items': {
      get: {
        operationId: 'getItem',
        summary: 'An item.',
        deprecated: true,
        'x-sunset': '2027-01-01',
        parameters: [{ name: 'limit', in: 'query', deprecated: true, schema: { type: 'integer' } }],
        responses: {
          '200': {
            description: 'ok',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    label: { type: 'string', deprecated: true, 'x-sunset': '2026-12-01' },
                    name: { type: 'string' },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
};

async function generate(): Promise<string> {
  const annotated = withSunsetDescriptions(spec);
  const ast = await openapiTS(annotated as unknown as OpenAPI3, { silent: true });
  markDeprecatedOperations(ast, annotated);
  return astToString(ast);
}

/** The JSDoc block right above the first line matching `declaration`. */
function docAbove(source: string, declaration: RegExp): string {
  const lines = source.split('\n');
  const at = lines.findIndex((l) => declaration.test(l));
  if (!lines[at - 1]?.trim().endsWith('*/')) return ''; // no comment of its own
  let start = at - 1;
  while (start >= 0 && !lines[start]?.includes('/**')) start--;
  return start < 0 ? '' : lines.slice(start, at).join('\n');
}

describe('generated SDK types mark deprecations (@deprecated, so editors strike them through)', () => {
  it.each([
    [
      'the operations["getItem"] entry, with its sunset',
      { given: /^\s+getItem: \{/, want: ['@deprecated', '2027-01-01'] },
    ],
    [
      'the paths entry of the operation',
      { given: /^\s+get: operations\["getItem"\]/, want: ['@deprecated'] },
    ],
    ['a deprecated parameter', { given: /^\s+limit\?: number/, want: ['@deprecated'] }],
    [
      'a deprecated property, with its sunset',
      { given: /^\s+label\?: string/, want: ['@deprecated', 'removed on or after 2026-12-01'] },
    ],
  ])('%s', async (_name, { given, want }) => {
    const doc = docAbove(await generate(), given);
    for (const text of want) expect(doc).toContain(text);
  });

  it('leaves a field that is not deprecated unmarked', async () => {
    expect(docAbove(await generate(), /^\s+name\?: string/)).not.toContain('@deprecated');
  });
});
