import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, cp, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

const require = createRequire(import.meta.url);

/** Where the mock's contract comes from: a bundle to read, and/or a split source tree to bundle. */
export interface SpecSource {
  /** A bundled document (JSON or YAML) to read as is, when there is one. */
  bundlePath: string | undefined;
  /** The split source root (`openapi.yaml` with relative `$ref`s), when known: bundled and linted on reload. */
  rootPath: string | undefined;
}

/** The default contract: the bundle that `pnpm --filter @phone-api/spec build` writes. */
export function defaultSpecPath(): string {
  return require.resolve('@phone-api/spec/openapi.json');
}

/**
 * Works out what to read and what to watch. A file inside a `dist/` folder is a bundle whose sources are
 * `../openapi.yaml` (the spec package's layout); another JSON file is a bundle without known sources; a
 * YAML file elsewhere is a source root, bundled (and linted) first.
 */
export function resolveSpecSource(specPath: string): SpecSource {
  const abs = resolve(specPath);
  if (basename(dirname(abs)) === 'dist') {
    const root = join(dirname(abs), '..', 'openapi.yaml');
    return { bundlePath: abs, rootPath: existsSync(root) ? root : undefined };
  }
  if (abs.endsWith('.json')) return { bundlePath: abs, rootPath: undefined };
  return { bundlePath: undefined, rootPath: abs };
}

/** Reads a bundled document (JSON or YAML). */
export async function readBundle(path: string): Promise<object> {
  const text = await readFile(path, 'utf8');
  const doc: unknown = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  if (doc === null || typeof doc !== 'object') throw new Error(`${path} is not an OpenAPI document`);
  return doc;
}

const EXCLUDED_DIRS = new Set(['dist', 'node_modules', 'test', '.turbo']);
const SOURCE_FILE = /\.(ya?ml|json)$/;

/**
 * Whether a path under the spec folder cannot feed the bundle: anything in `dist/` (our own output),
 * `test/` (lint fixtures), `node_modules/`, and files that are not YAML or JSON. Directories pass.
 */
export function isOutsideSpecSources(path: string, specDir: string, isFile: boolean | undefined): boolean {
  const rel = path.slice(specDir.length + 1).split(/[\\/]/);
  if (rel.some((part) => EXCLUDED_DIRS.has(part))) return true;
  return isFile === true && (!SOURCE_FILE.test(path) || path.endsWith('package.json'));
}

/** The newest modification time among the source files, to tell whether a bundle is stale. */
export async function newestSourceMtime(root: string): Promise<number> {
  let newest = 0;
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (isOutsideSpecSources(path, dirname(root), entry.isFile())) continue;
      if (entry.isDirectory()) {
        await walk(path);
      } else if (entry.isFile()) {
        newest = Math.max(newest, (await stat(path)).mtimeMs);
      }
    }
  };
  await walk(dirname(root));
  return newest;
}

/** Why a spec could not be used: the tool's own words (Redocly's stylish output names file and line). */
export class SpecRejectedError extends Error {
  override readonly name = 'SpecRejectedError';
}

interface Run {
  code: number;
  output: string;
}

/** Runs the Redocly CLI the spec package uses, never rejecting: the exit code and output say how it went. */
export function redocly(args: string[], cwd: string): Promise<Run> {
  const cli = require.resolve('@redocly/cli/bin/cli.js');
  return new Promise((done) => {
    execFile(
      process.execPath,
      [cli, ...args],
      {
        cwd,
        timeout: 60_000,
        maxBuffer: 16 * 1024 * 1024,
        env: {
          ...process.env,
          REDOCLY_TELEMETRY: 'off',
          REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
          NO_COLOR: '1',
        },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

/** Keeps the lines that say what is wrong, without Redocly's banners, hints and repeated lines. */
function problemLines(output: string): string {
  const lines: string[] = [];
  for (const raw of output.split('\n')) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colour codes.
    const line = raw.replace(/\u001b\[[0-9;]*m/g, '').trimEnd();
    if (line.trim() === '' || /[╔╚║]|--generate-ignore-file|^validating |validated in \d+ms/.test(line))
      continue;
    if (lines.at(-1) !== line) lines.push(line);
  }
  return lines.join('\n');
}

/** Runs the Spectral CLI (the version the spec package lints with), never rejecting. */
function spectral(args: string[], cwd: string): Promise<Run> {
  const cli = require.resolve('@stoplight/spectral-cli/dist/index.js');
  return new Promise((done) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { cwd, timeout: 120_000, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

// This package's dependencies: the linted copy resolves the ruleset's `extends` (the OWASP ruleset) there.
const OWN_NODE_MODULES = fileURLToPath(new URL('../node_modules', import.meta.url));

/**
 * Lints a bundle with the spec's own Spectral ruleset (`.spectral.yaml` and its `rules/`, next to the root),
 * the house rules included, exactly as `pnpm --filter @phone-api/spec lint` does: the bundle is linted as
 * `dist/openapi.yaml` beside a copy of the ruleset, so the ruleset's overrides (keyed on that path) apply.
 * Resolves to `undefined` when clean, else to Spectral's findings.
 */
async function spectralProblems(specDir: string, dir: string): Promise<string | undefined> {
  const ruleset = join(specDir, '.spectral.yaml');
  if (!existsSync(ruleset)) return undefined;
  await copyFile(ruleset, join(dir, '.spectral.yaml'));
  if (existsSync(join(specDir, 'rules')))
    await cp(join(specDir, 'rules'), join(dir, 'rules'), { recursive: true });
  await symlink(OWN_NODE_MODULES, join(dir, 'node_modules'), 'dir');
  const run = await spectral(
    ['lint', 'dist/openapi.yaml', '--ruleset', '.spectral.yaml', '--fail-severity=warn', '--format=text'],
    dir,
  );
  return run.code === 0 ? undefined : problemLines(run.output);
}

/**
 * Bundles and lints a split spec the way the spec package does: Redocly lint and bundle (same CLI version,
 * same `redocly.yaml`) at once, then Spectral with the spec's ruleset on the bundle. Resolves to the
 * bundled document, or rejects with {@link SpecRejectedError} carrying the messages.
 */
export async function bundleAndLint(rootPath: string): Promise<object> {
  const cwd = dirname(rootPath);
  const dir = await mkdtemp(join(tmpdir(), 'phone-api-mock-'));
  const out = join(dir, 'dist', 'openapi.yaml');
  try {
    await mkdir(join(dir, 'dist'));
    const [lint, bundle] = await Promise.all([
      redocly(['lint', basename(rootPath), '--format=stylish'], cwd),
      redocly(['bundle', basename(rootPath), '-o', out], cwd),
    ]);
    if (lint.code !== 0) throw new SpecRejectedError(`redocly lint failed:\n${problemLines(lint.output)}`);
    if (bundle.code !== 0 || !existsSync(out)) {
      throw new SpecRejectedError(`redocly bundle failed:\n${problemLines(bundle.output)}`);
    }
    const problems = await spectralProblems(cwd, dir);
    if (problems !== undefined) throw new SpecRejectedError(`spectral lint failed:\n${problems}`);
    return await readBundle(out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
