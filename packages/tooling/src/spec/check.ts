import { existsSync } from 'node:fs';
import { copyFile, cp, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBundle } from './bundle-file.ts';
import { failureReport, redoclyProblems, spectralProblems } from './problems.ts';
import { runTool } from './run.ts';

/** The outcome of one check: clean, or what is wrong (one `file:line:col severity rule: message` a line). */
export interface CheckResult {
  ok: boolean;
  /** Empty when `ok`. */
  problems: string;
  ms: number;
}

/** Why a spec was refused: which tool, and its problems. */
export class SpecRejectedError extends Error {
  override readonly name = 'SpecRejectedError';
}

/** Redocly `lint` of a split source root, with the `redocly.yaml` beside it (as the spec's `lint:redocly`). */
export async function lintSources(rootPath: string): Promise<CheckResult> {
  const run = await runTool('redocly', ['lint', basename(rootPath), '--format=stylish'], {
    cwd: dirname(rootPath),
  });
  const ok = run.code === 0;
  return { ok, problems: ok ? '' : failureReport(redoclyProblems(run.output), run.output), ms: run.ms };
}

/** Redocly `bundle` of a split source root into `outFile` (`.yaml` or `.json`, by its name). */
export async function bundleSources(rootPath: string, outFile: string): Promise<CheckResult> {
  const run = await runTool('redocly', ['bundle', basename(rootPath), '-o', outFile], {
    cwd: dirname(rootPath),
  });
  // Redocly has exited 0 without writing anything (a root it could not read): no file is a failure.
  const ok = run.code === 0 && existsSync(outFile);
  return { ok, problems: ok ? '' : failureReport(redoclyProblems(run.output), run.output), ms: run.ms };
}

/** Bundles a split source root and returns the document, or throws with Redocly's problems. */
export async function bundleSpec(rootPath: string): Promise<object> {
  const dir = await mkdtemp(join(tmpdir(), 'phone-api-bundle-'));
  try {
    const out = join(dir, 'openapi.json');
    const bundled = await bundleSources(rootPath, out);
    if (!bundled.ok) throw new SpecRejectedError(`redocly bundle ${rootPath} failed:\n${bundled.problems}`);
    return await readBundle(out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// This package's dependencies, where a linted copy resolves the ruleset's `extends` (the OWASP ruleset).
const OWN_NODE_MODULES = fileURLToPath(new URL('../../node_modules', import.meta.url));

/**
 * Puts the spec's ruleset (`.spectral.yaml` and its `rules/`) into `dir`, beside `dir/dist/openapi.yaml`:
 * the ruleset's overrides are keyed on that relative path, so a bundle linted anywhere else must be linted
 * from such a copy for them to apply as in `pnpm --filter @phone-api/spec lint`.
 */
async function copyRuleset(specDir: string, dir: string): Promise<void> {
  await copyFile(join(specDir, '.spectral.yaml'), join(dir, '.spectral.yaml'));
  if (existsSync(join(specDir, 'rules')))
    await cp(join(specDir, 'rules'), join(dir, 'rules'), { recursive: true });
  await symlink(OWN_NODE_MODULES, join(dir, 'node_modules'), 'dir');
}

/** Spectral on `dir/dist/openapi.yaml` with `dir/.spectral.yaml`, failing on warnings as the spec's lint does. */
async function spectralIn(dir: string): Promise<CheckResult> {
  const run = await runTool(
    'spectral',
    ['lint', 'dist/openapi.yaml', '--ruleset', '.spectral.yaml', '--fail-severity=warn', '--format=text'],
    { cwd: dir },
  );
  const ok = run.code === 0;
  return { ok, problems: ok ? '' : failureReport(spectralProblems(run.output, dir), run.output), ms: run.ms };
}

/**
 * Lints a bundle with the spec's Spectral ruleset (spectral:oas, OWASP and the house rules): in place
 * when it is the spec's own `dist/openapi.yaml`, else from a temporary copy laid out the same way. A spec
 * folder without a ruleset passes.
 */
export async function lintBundle(specDir: string, bundlePath: string): Promise<CheckResult> {
  if (!existsSync(join(specDir, '.spectral.yaml'))) return { ok: true, problems: '', ms: 0 };
  if (resolve(bundlePath) === resolve(specDir, 'dist', 'openapi.yaml')) return spectralIn(specDir);
  const dir = await mkdtemp(join(tmpdir(), 'phone-api-spectral-'));
  try {
    await mkdir(join(dir, 'dist'));
    await copyFile(bundlePath, join(dir, 'dist', 'openapi.yaml'));
    await copyRuleset(specDir, dir);
    return await spectralIn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Everything the spec package checks, on a split source root: Redocly lint and bundle at once (one per
 * core), then Spectral on the bundle. Resolves to the bundled document, or rejects with
 * {@link SpecRejectedError} naming the tool that refused it and its problems. Writes nothing beside the
 * sources (the bundle lives in a temporary folder).
 */
export async function checkSpec(rootPath: string): Promise<object> {
  const specDir = dirname(rootPath);
  const dir = await mkdtemp(join(tmpdir(), 'phone-api-check-'));
  const bundle = join(dir, 'dist', 'openapi.yaml');
  try {
    await mkdir(join(dir, 'dist'));
    const [lint, bundled] = await Promise.all([lintSources(rootPath), bundleSources(rootPath, bundle)]);
    if (!lint.ok) throw new SpecRejectedError(`redocly lint failed:\n${lint.problems}`);
    if (!bundled.ok) throw new SpecRejectedError(`redocly bundle failed:\n${bundled.problems}`);
    if (existsSync(join(specDir, '.spectral.yaml'))) {
      await copyRuleset(specDir, dir);
      const spectral = await spectralIn(dir);
      if (!spectral.ok) throw new SpecRejectedError(`spectral lint failed:\n${spectral.problems}`);
    }
    return await readBundle(bundle);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
