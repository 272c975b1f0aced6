import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SourceMap } from '../src/breaking/source-map.ts';

// A split spec as the repository lays it out: the root $refs a path file and a schema file.
const repo = mkdtempSync(path.join(os.tmpdir(), 'phone-api-source-map-'));
const files: Record<string, string> = {
  'spec/openapi.yaml': [
    'openapi: 3.1.0',
    'info:',
    '  title: Fixture',
    '  version: 1.0.0',
    'paths:',
    "  '/v1/items':",
    '    $ref: paths/v1_items.yaml',
    "  '/v1/inline':",
    '    get:',
    '      responses: {}',
  ].join('\n'),
  'spec/paths/v1_items.yaml': [
    'get:',
    '  summary: List items',
    '  parameters:',
    '    - name: limit',
    '      in: query',
    '    - name: sort',
    '      in: query',
  ].join('\n'),
  'spec/components/schemas/Item.yaml': [
    'type: object',
    'properties:',
    '  id:',
    '    type: string',
    '  label:',
    '    type: string',
  ].join('\n'),
};
for (const [file, text] of Object.entries(files)) {
  mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
  writeFileSync(path.join(repo, file), `${text}\n`);
}
afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('SourceMap: bundle pointers back to the split source file and line', () => {
  const sources = new SourceMap(repo, 'spec');
  it.each([
    [
      'a component property',
      { given: '#/components/schemas/Item/properties/label', want: ['spec/components/schemas/Item.yaml', 5] },
    ],
    [
      'a removed property: its parent',
      { given: '#/components/schemas/Item/properties/name', want: ['spec/components/schemas/Item.yaml', 2] },
    ],
    [
      'an operation field in a $ref-ed path file',
      { given: '#/paths/~1v1~1items/get/summary', want: ['spec/paths/v1_items.yaml', 2] },
    ],
    [
      'a parameter by index',
      { given: '#/paths/~1v1~1items/get/parameters/1', want: ['spec/paths/v1_items.yaml', 6] },
    ],
    [
      'a path written inline in the root',
      { given: '#/paths/~1v1~1inline/get', want: ['spec/openapi.yaml', 9] },
    ],
    ['info.version in the root', { given: '#/info/version', want: ['spec/openapi.yaml', 4] }],
    [
      'a component without its own file: the root',
      { given: '#/components/schemas/Missing', want: ['spec/openapi.yaml', 1] },
    ],
  ])('%s', (_name, { given, want }) => {
    const place = sources.place(given);
    expect([place?.file, place?.line]).toEqual(want);
  });
});
