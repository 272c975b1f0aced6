import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runGate } from '../src/gate.ts';
import { binPath, run } from '../src/tools.ts';
import { createTempRepo, gateSpec, type TempRepo } from './helpers/temp-repo.ts';

const require = createRequire(import.meta.url);
const cli = fileURLToPath(new URL('../../../scripts/breaking-changes.js', import.meta.url));

/** Runs the real CLI (`pnpm breaking` runs the same file) inside a temp repo. */
function breaking(repo: TempRepo, ...args: string[]) {
  return run(process.execPath, [cli, ...args], { cwd: repo.dir });
}

let repos: TempRepo[] = [];
afterEach(() => {
  for (const repo of repos) repo.remove();
  repos = [];
});

/** main with a released spec (tagged spec-v1.0.0), then a pull-request branch. */
function releasedRepo(): TempRepo {
  const repo = createTempRepo(gateSpec());
  repos.push(repo);
  repo.git('add', '-A');
  repo.git('commit', '-q', '-m', 'spec v1');
  repo.git('tag', 'spec-v1.0.0');
  repo.git('checkout', '-q', '-b', 'pull-request');
  return repo;
}

const majorChangeset = "---\n'@phone-api/client': major\n'@phone-api/server': major\n---\n\nDrop label.\n";

describe('pnpm breaking (the gate, on pull-request-like changes in a temp git repo)', () => {
  it('fails a change that removes a response property, naming the change and the fix', async () => {
    const repo = releasedRepo();
    const { item } = gateSpec();
    delete (item as { properties: Record<string, unknown> }).properties.label;
    repo.write('spec/components/schemas/Item.yaml', item);
    repo.git('commit', '-q', '-am', 'remove label');

    const result = await breaking(repo);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain('Base: spec-v1.0.0 (latest spec-v* tag)');
    expect(result.stdout).toMatch(
      /breaking\s+response-property-removed\s+GET \/v1\/items\s+response 200 application\/json body\[\]\.label/,
    );
    expect(result.stdout).toContain('FAIL: 1 breaking change');
    expect(result.stdout).toContain('pnpm breaking --write-changeset');
  });

  it('passes an additive change (new optional response property, new operation)', async () => {
    const repo = releasedRepo();
    const spec = gateSpec({ created_at: { type: 'string' } });
    const paths = (spec.root as { paths: Record<string, Record<string, unknown>> }).paths;
    const items = paths['/v1/items'] as Record<string, unknown>;
    items.post = { operationId: 'createItem', responses: { '201': { description: 'Created.' } } };
    repo.write('spec/openapi.yaml', spec.root);
    repo.write('spec/components/schemas/Item.yaml', spec.item);

    const result = await breaking(repo);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/additive\s+operation-added\s+POST \/v1\/items/);
    expect(result.stdout).toMatch(/additive\s+response-property-added\s+GET \/v1\/items/);
    expect(result.stdout).toContain('PASS: no breaking change.');
  });

  it('passes a breaking change that comes with a major changeset for client and server', async () => {
    const repo = releasedRepo();
    const { item } = gateSpec();
    delete (item as { properties: Record<string, unknown> }).properties.label;
    repo.write('spec/components/schemas/Item.yaml', item);
    repo.write('.changeset/drop-label.md', majorChangeset);

    const result = await breaking(repo);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('PASS: breaking changes are released as a major bump');
  });

  it('still fails when the changeset bumps only one package, or only as minor', async () => {
    const repo = releasedRepo();
    const { item } = gateSpec();
    delete (item as { properties: Record<string, unknown> }).properties.label;
    repo.write('spec/components/schemas/Item.yaml', item);
    repo.write('.changeset/client-only.md', "---\n'@phone-api/client': major\n---\n\nDrop label.\n");
    repo.write('.changeset/server-minor.md', "---\n'@phone-api/server': minor\n---\n\nDrop label.\n");

    const result = await runGate({ cwd: repo.dir });
    expect(result.exitCode).toBe(1);
    expect(result.majorBumped).toBe(false);
  });

  it('--write-changeset writes a major changeset that lists the spec change and makes the gate pass', async () => {
    const repo = releasedRepo();
    const { item } = gateSpec();
    delete (item as { properties: Record<string, unknown> }).properties.label;
    repo.write('spec/components/schemas/Item.yaml', item);

    const result = await breaking(repo, '--write-changeset');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const written = /Wrote (\.changeset\/spec-change-[0-9a-f]{8}\.md)/.exec(result.stdout)?.[1];
    expect(written).toBeDefined();
    const text = readFileSync(path.join(repo.dir, written ?? ''), 'utf8');
    expect(text).toContain("'@phone-api/client': major");
    expect(text).toContain("'@phone-api/server': major");
    expect(text).toContain('`response-property-removed` GET /v1/items');
    expect((await breaking(repo)).code).toBe(0);
  });

  it('changeset version turns that changeset into 2.0.0 changelogs naming the spec change', async () => {
    const repo = releasedRepo();
    const changelog = require.resolve('@changesets/cli/changelog');
    repo.write('.changeset/config.json', {
      changelog,
      commit: false,
      fixed: [['@phone-api/client', '@phone-api/server']],
      access: 'restricted',
      baseBranch: 'main',
      privatePackages: { version: false, tag: false },
    });
    const { item } = gateSpec();
    delete (item as { properties: Record<string, unknown> }).properties.label;
    repo.write('spec/components/schemas/Item.yaml', item);
    expect((await runGate({ cwd: repo.dir, writeChangeset: true })).exitCode).toBe(0);

    const version = await run(process.execPath, [binPath('@changesets/cli', 'changeset'), 'version'], {
      cwd: repo.dir,
    });
    expect(version.code, version.stdout + version.stderr).toBe(0);
    for (const pkg of ['client', 'server']) {
      const manifest = JSON.parse(readFileSync(path.join(repo.dir, 'packages', pkg, 'package.json'), 'utf8'));
      expect(manifest.version).toBe('2.0.0');
      const log = readFileSync(path.join(repo.dir, 'packages', pkg, 'CHANGELOG.md'), 'utf8');
      expect(log).toContain('## 2.0.0');
      expect(log).toContain('`response-property-removed` GET /v1/items: Response property');
    }
  });
});

describe('choosing the base', () => {
  it('uses the merge-base with main when there is no spec-v* tag', async () => {
    const repo = createTempRepo(gateSpec());
    repos.push(repo);
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'spec');
    const mainHead = repo.git('rev-parse', 'HEAD');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('spec/components/schemas/Item.yaml', gateSpec({ extra: { type: 'string' } }).item);
    repo.git('commit', '-q', '-am', 'add extra');

    const result = await runGate({ cwd: repo.dir });
    expect(result.base).toEqual({ ref: mainHead, how: 'merge-base with main' });
    expect(result.changes.map((c) => c.kind)).toEqual(['response-property-added']);
  });

  it('compares against an explicit --base ref, and treats a base without spec/ as all-additive', async () => {
    const repo = createTempRepo(gateSpec());
    repos.push(repo);
    repo.git('add', 'package.json');
    repo.git('commit', '-q', '-m', 'before the spec existed');
    const first = repo.git('rev-parse', 'HEAD');
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'spec');

    const result = await runGate({ cwd: repo.dir, base: first });
    expect(result.base.how).toBe('given with --base');
    expect(result.changes.map((c) => [c.kind, c.severity])).toEqual([['path-added', 'additive']]);
    expect(result.exitCode).toBe(0);
  });

  it('exits 2 with a message outside a git repository', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'phone-api-no-repo-'));
    try {
      const result = await run(process.execPath, [cli], { cwd: dir });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('is not inside a git repository');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
