import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
// The guard itself (plain JavaScript, so that any Node can load it).
import { pinnedNodeVersion, runtimeMismatch } from '../../../scripts/pinned-node.js';

const root = path.resolve(import.meta.dirname, '../../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const json = (file: string) => JSON.parse(read(file)) as Record<string, unknown>;
const pinned = pinnedNodeVersion();

/** Every command-line entry point a person may start with `node` (or its shebang), relative to the root. */
function entryPoints(): string[] {
  const launchers = ['scripts/dev.js', 'scripts/breaking-changes.js'];
  for (const dir of ['packages/mock', 'packages/reference-server']) {
    const bin = (json(`${dir}/package.json`).bin ?? {}) as Record<string, string>;
    for (const file of Object.values(bin)) launchers.push(path.join(dir, file));
  }
  return launchers;
}

describe('the pinned Node.js', () => {
  it('is one version everywhere the repo states it', () => {
    const pkg = json('package.json') as {
      engines: { node: string };
      devEngines: { runtime: { name: string; version: string } };
      devDependencies: Record<string, string>;
    };
    const workspace = parse(read('pnpm-workspace.yaml')) as {
      catalog: Record<string, string>;
      nodeVersion: string;
    };
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect({
      engines: pkg.engines.node,
      devEngines: pkg.devEngines.runtime,
      devDependency: pkg.devDependencies.node,
      catalog: workspace.catalog.node,
      nodeVersion: workspace.nodeVersion,
    }).toEqual({
      engines: pinned,
      devEngines: { name: 'node', version: pinned, onFail: 'ignore' },
      devDependency: 'catalog:',
      catalog: pinned,
      nodeVersion: pinned,
    });
    expect(read('.github/workflows/ci.yml')).toContain('node-version-file: .node-version');
    expect(read('README.md')).toContain(`Node.js ${pinned}`);
  });

  it('runs this turbo task, and the node that scripts find on PATH', () => {
    expect(process.versions.node).toBe(pinned);
    expect(execFileSync('node', ['--version'], { encoding: 'utf8' }).trim()).toBe(`v${pinned}`);
  });
});

describe('the runtime check of the entry points', () => {
  it.each([
    ['the pinned version', { running: pinned, want: undefined }],
    [
      'an older major',
      { running: '20.20.2', want: /needs Node\.js .* not 20\.20\.2\. Run it with `pnpm dev`/ },
    ],
    ['a newer patch of the same line', { running: '99.0.0', want: /not 99\.0\.0/ }],
  ] as const)('refuses anything but %s in one line', (_name, { running, want }) => {
    const message = runtimeMismatch(running, pinned, 'pnpm dev');
    if (want === undefined) expect(message).toBeUndefined();
    else {
      expect(message).toMatch(want);
      expect(message).not.toContain('\n');
    }
  });

  it.each(entryPoints())('%s checks the runtime before it loads anything else', (file) => {
    const source = read(file);
    expect(source.startsWith('#!/usr/bin/env node\n')).toBe(true);
    // The only static import is the guard: an implementation imported statically would be loaded (and
    // fail on an older Node) before the check runs.
    const imports = [...source.matchAll(/^import .* from '(.+)';$/gm)].map((m) => m[1]);
    expect(imports).toHaveLength(1);
    expect(imports[0]).toMatch(/scripts\/pinned-node\.js$|^\.\/pinned-node\.js$/);
    expect(source).toMatch(/requirePinnedNode\('[^']+'\);\nawait import\('[^']+\.ts'\);\n$/);
  });

  it('stops a launcher started with another Node with one line and exit status 1', () => {
    // A copy of the repo's scripts/ whose .node-version pins another version: the running Node is then
    // "the wrong one", as an older system Node would be.
    const copy = mkdtempSync(path.join(os.tmpdir(), 'phone-api-runtime-'));
    try {
      cpSync(path.join(root, 'scripts'), path.join(copy, 'scripts'), { recursive: true });
      writeFileSync(path.join(copy, '.node-version'), '1.2.3\n');
      const result = spawnSync(process.execPath, [path.join(copy, 'scripts/dev.js')], { encoding: 'utf8' });
      expect(result.status).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr.trimEnd().split('\n')).toEqual([
        `This needs Node.js 1.2.3 (the version the repo pins), not ${process.versions.node}. ` +
          'Run it with `pnpm dev`, which uses the pinned Node (`npm run bootstrap` installs it).',
      ]);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
