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
    const spec = gateSpec({ created_at: { type: 'string' } }, '1.1.0');
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
    repo.write('spec/openapi.yaml', gateSpec({}, '2.0.0').root);
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

  it('--write-changeset --write-version write a major changeset and version that make the gate pass', async () => {
    const repo = releasedRepo();
    const { item } = gateSpec();
    delete (item as { properties: Record<string, unknown> }).properties.label;
    repo.write('spec/components/schemas/Item.yaml', item);

    const result = await breaking(repo, '--write-changeset', '--write-version');
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
    expect((await runGate({ cwd: repo.dir, writeChangeset: true, writeVersion: true })).exitCode).toBe(0);

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
      expect(log).toContain('**Breaking changes**');
    }
  });
});

describe('info.version moves with the most severe change', () => {
  it.each([
    [
      'an additive change at the same version fails',
      { given: { extra: true, version: '1.0.0' }, want: { code: 1, line: 'need a minor bump (1.1.0)' } },
    ],
    [
      'an additive change with a minor bump passes',
      { given: { extra: true, version: '1.1.0' }, want: { code: 0, line: 'covers a minor change' } },
    ],
    [
      'an additive change with a patch bump fails',
      { given: { extra: true, version: '1.0.1' }, want: { code: 1, line: 'need a minor bump (1.1.0)' } },
    ],
    [
      'a larger bump than needed passes',
      { given: { extra: true, version: '2.0.0' }, want: { code: 0, line: 'covers a minor change' } },
    ],
    [
      'no API change needs no bump',
      { given: { extra: false, version: '1.0.0' }, want: { code: 0, line: 'no version bump needed' } },
    ],
  ])('%s', async (_name, { given, want }) => {
    const repo = releasedRepo();
    const spec = gateSpec(given.extra ? { extra: { type: 'string' } } : {}, given.version);
    repo.write('spec/openapi.yaml', spec.root);
    repo.write('spec/components/schemas/Item.yaml', spec.item);
    const result = await runGate({ cwd: repo.dir });
    expect(result.exitCode).toBe(want.code);
    expect(result.version.message).toContain(want.line);
  });

  it('names the exact fix, and --write-version applies it without touching the rest of the file', async () => {
    const repo = releasedRepo();
    const { item } = gateSpec({ extra: { type: 'string' } });
    repo.write('spec/components/schemas/Item.yaml', item);
    const before = readFileSync(path.join(repo.dir, 'spec/openapi.yaml'), 'utf8');

    const failing = await breaking(repo);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain(
      'FAIL: info.version 1.0.0 -> 1.0.0, but the changes need a minor bump (1.1.0). Fix: pnpm breaking --write-version (sets info.version to 1.1.0 in spec/openapi.yaml).',
    );
    const fixed = await breaking(repo, '--write-version');
    expect(fixed.code, fixed.stdout).toBe(0);
    const after = readFileSync(path.join(repo.dir, 'spec/openapi.yaml'), 'utf8');
    expect(after).toBe(before.replace('version: 1.0.0', 'version: 1.1.0'));
  });
});

describe('the severity policy file (spec/breaking-policy.yaml)', () => {
  it('lets an accepted change through by fingerprint and prints which policy decided', async () => {
    const repo = releasedRepo();
    const spec = gateSpec({}, '1.1.0');
    delete (spec.item as { properties: Record<string, unknown> }).properties.label;
    repo.write('spec/components/schemas/Item.yaml', spec.item);
    repo.write('spec/openapi.yaml', spec.root);
    const first = await runGate({ cwd: repo.dir });
    expect(first.exitCode).toBe(1);
    const id = first.changes[0]?.fingerprint ?? '';
    repo.write('spec/breaking-policy.yaml', {
      accepted: [{ fingerprint: id, reason: 'never sent in production' }],
    });

    const result = await breaking(repo);
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toContain(
      'Policy: spec/breaking-policy.yaml (0 overrides, 1 accepted, sunset grace 90 days)',
    );
    expect(result.stdout).toMatch(
      new RegExp(
        `breaking \\(waived\\)\\s+response-property-removed.*accepted: never sent in production\\s+${id}`,
      ),
    );
    expect(result.stdout).toContain('PASS: the breaking changes are waived by the policy');
  });

  it('waives a breaking change to a beta operation, reported as such', async () => {
    const repo = createTempRepo(gateSpec());
    repos.push(repo);
    const spec = gateSpec({}, '1.1.0');
    const get = (spec.root as { paths: Record<string, Record<string, Record<string, unknown>>> }).paths[
      '/v1/items'
    ]?.get;
    Object.assign(get ?? {}, { 'x-stability-level': 'beta' });
    repo.write('spec/openapi.yaml', { ...spec.root, info: { title: 'Gate fixture', version: '1.0.0' } });
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'spec v1 with a beta operation');
    repo.git('tag', 'spec-v1.0.0');
    delete (spec.item as { properties: Record<string, unknown> }).properties.label;
    repo.write('spec/components/schemas/Item.yaml', spec.item);
    repo.write('spec/openapi.yaml', spec.root);

    const result = await breaking(repo);
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toMatch(/breaking \(waived\)\s+response-property-removed.*stability: beta/);
    expect(result.stdout).toContain('covers a minor change');
  });

  it('exits 2 on a policy it cannot apply, naming the entry', async () => {
    const repo = releasedRepo();
    repo.write('spec/breaking-policy.yaml', {
      rules: { 'response-property-gone': { severity: 'info', reason: 'x' } },
    });
    const result = await breaking(repo);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('spec/breaking-policy.yaml: rules.response-property-gone: no such rule');
  });
});

describe('pnpm breaking --output', () => {
  it('appends the report to the file (as $GITHUB_STEP_SUMMARY expects) and prints the text report', async () => {
    const repo = releasedRepo();
    repo.write('summary.md', '# Earlier step\n');
    const result = await breaking(repo, '--format', 'markdown', '--output', 'summary.md');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('PASS: no breaking change.');
    const summary = readFileSync(path.join(repo.dir, 'summary.md'), 'utf8');
    expect(summary.startsWith('# Earlier step\n## API changes since `spec-v1.0.0`')).toBe(true);
  });
});

describe('pnpm breaking --format github', () => {
  it('annotates the split source file and line that changed', async () => {
    const repo = releasedRepo();
    const spec = gateSpec({ created_at: { type: 'string' } }, '1.1.0');
    repo.write('spec/openapi.yaml', spec.root);
    repo.write('spec/components/schemas/Item.yaml', spec.item);
    const line =
      readFileSync(path.join(repo.dir, 'spec/components/schemas/Item.yaml'), 'utf8')
        .split('\n')
        .findIndex((l) => l.trim().startsWith('created_at:')) + 1;
    expect(line).toBeGreaterThan(0);

    const result = await breaking(repo, '--format', 'github');
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toContain(
      `::notice file=spec/components/schemas/Item.yaml,line=${line},title=additive response-property-added GET /v1/items::New response property`,
    );
  });
});

describe('removing a deprecated operation before and after its sunset (two verdicts)', () => {
  /** Released: GET /v1/items deprecated with a sunset of 2026-09-01; the branch removes it. */
  function removalRepo(): TempRepo {
    const repo = createTempRepo(gateSpec());
    repos.push(repo);
    const spec = gateSpec();
    const paths = (spec.root as { paths: Record<string, Record<string, Record<string, unknown>>> }).paths;
    Object.assign(paths['/v1/items']?.get ?? {}, { deprecated: true, 'x-sunset': '2026-09-01' });
    paths['/v1/health'] = { get: { operationId: 'health', responses: { '204': { description: 'Up.' } } } };
    repo.write('spec/openapi.yaml', spec.root);
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'spec v1');
    repo.git('tag', 'spec-v1.0.0');
    delete paths['/v1/items'];
    (spec.root as { info: { version: string } }).info.version = '2.0.0';
    repo.write('spec/openapi.yaml', spec.root);
    return repo;
  }

  it.each([
    [
      'before the sunset: a breaking change',
      {
        given: '2026-08-01',
        want: { kind: 'removed-before-sunset', verdict: 'FAIL: 1 breaking change and no changeset' },
      },
    ],
    [
      'after the sunset: an announced removal, still a major release',
      {
        given: '2026-10-01',
        want: {
          kind: 'removed-after-sunset',
          verdict: 'FAIL: 1 announced removal (sunset passed) and no changeset',
        },
      },
    ],
  ])('%s', async (_name, { given, want }) => {
    const repo = removalRepo();
    const result = await breaking(repo, '--today', given);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`breaking\\s+${want.kind}\\s+-\\s+/v1/items`));
    expect(result.stdout).toContain(want.verdict);
    repo.write('.changeset/major.md', majorChangeset);
    expect((await breaking(repo, '--today', given)).code).toBe(0);
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

  it.each([
    ['an unknown format', { given: ['--format', 'yaml'], want: 'unknown --format yaml' }],
    [
      'a --today that is not a date',
      { given: ['--today', 'tomorrow'], want: '--today takes a date as YYYY-MM-DD' },
    ],
    [
      'a --today on a day that does not exist',
      { given: ['--today', '2027-02-29'], want: '--today takes a date as YYYY-MM-DD, got 2027-02-29' },
    ],
  ])('exits 2 on %s, with the usage', async (_name, { given, want }) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'phone-api-usage-'));
    try {
      const result = await run(process.execPath, [binPath('tsx', 'tsx'), cli, ...given], { cwd: dir });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(want);
      expect(result.stderr).toContain('usage: pnpm breaking');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
