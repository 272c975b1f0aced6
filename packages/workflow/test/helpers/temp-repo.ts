import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';

/** A throwaway git repository laid out like this monorepo (spec/, packages/client, packages/server). */
export interface TempRepo {
  dir: string;
  git: (...args: string[]) => string;
  write: (file: string, content: string | object) => void;
  remove: () => void;
}

/** Creates a git repo on branch main with a spec split into a root file and one `$ref`'d schema. */
export function createTempRepo(spec: { root: object; item: object }): TempRepo {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'phone-api-gate-'));
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'Test',
        GIT_AUTHOR_EMAIL: 'test@example.invalid',
        GIT_COMMITTER_NAME: 'Test',
        GIT_COMMITTER_EMAIL: 'test@example.invalid',
      },
    }).trim();
  const write = (file: string, content: string | object) => {
    const target = path.join(dir, file);
    mkdirSync(path.dirname(target), { recursive: true });
    const text =
      typeof content === 'string'
        ? content
        : file.endsWith('.json')
          ? `${JSON.stringify(content, null, 2)}\n`
          : stringify(content);
    writeFileSync(target, text);
  };
  git('init', '-q', '-b', 'main');
  git('config', 'commit.gpgsign', 'false');
  write('package.json', { name: 'temp-monorepo', private: true });
  write('pnpm-workspace.yaml', 'packages:\n  - packages/*\n');
  write('packages/client/package.json', { name: '@phone-api/client', version: '1.0.0' });
  write('packages/server/package.json', { name: '@phone-api/server', version: '1.0.0' });
  write('spec/openapi.yaml', spec.root);
  write('spec/components/schemas/Item.yaml', spec.item);
  return { dir, git, write, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The fixture API of the gate tests: one list operation whose items are a `$ref`'d schema file. */
export function gateSpec(
  itemProperties: Record<string, object> = {},
  version = '1.0.0',
): { root: object; item: object } {
  return {
    root: {
      openapi: '3.1.0',
      info: { title: 'Gate fixture', version },
      paths: {
        '/v1/items': {
          get: {
            operationId: 'listItems',
            responses: {
              '200': {
                description: 'Items.',
                content: {
                  'application/json': {
                    schema: { type: 'array', items: { $ref: 'components/schemas/Item.yaml' } },
                  },
                },
              },
            },
          },
        },
      },
    },
    item: {
      type: 'object',
      required: ['id'],
      properties: { id: { type: 'string' }, label: { type: 'string' }, ...itemProperties },
    },
  };
}
