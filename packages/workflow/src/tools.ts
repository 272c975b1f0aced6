import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/**
 * The path of a dependency's bin script, resolved from this package. Running `node <bin>` avoids a
 * pnpm/npx start-up (hundreds of ms each) and works from any cwd, including temp repos in tests.
 */
export function binPath(pkg: string, bin: string): string {
  const manifestPath = require.resolve(`${pkg}/package.json`);
  const manifest = require(manifestPath) as { bin?: string | Record<string, string> };
  const rel = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.[bin];
  if (rel === undefined) throw new Error(`${pkg} has no bin named ${bin}`);
  return path.join(path.dirname(manifestPath), rel);
}

/** Outcome of a finished child process. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a command to completion without a shell, capturing its output. Never rejects on exit codes. */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: {
        ...process.env,
        REDOCLY_TELEMETRY: 'off',
        REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
        TURBO_TELEMETRY_DISABLED: '1',
        NO_COLOR: '1',
        FORCE_COLOR: '0',
        ...options.env,
      },
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 300_000,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ms: performance.now() - started,
      }),
    );
    if (options.input !== undefined) {
      child.stdin?.on('error', () => {}); // a child may exit before reading its input
      child.stdin?.end(options.input);
    }
  });
}

/** Runs a Node bin script of a dependency (see {@link binPath}). */
export function runBin(
  pkg: string,
  bin: string,
  args: readonly string[],
  options: Parameters<typeof run>[2] = {},
): Promise<RunResult> {
  return run(process.execPath, [binPath(pkg, bin), ...args], options);
}

/**
 * Runs a package's npm script the way `pnpm run` does, minus pnpm: `sh -c` in the package folder with
 * its `node_modules/.bin` first on PATH, extra arguments appended. Dev mode uses it so each step runs
 * exactly what `pnpm build` / `pnpm generate` run in that package (and gets faster when they do),
 * without a package-manager start-up per step.
 */
export async function runScript(
  pkgDir: string,
  script: string,
  extraArgs: readonly string[] = [],
  options: Parameters<typeof run>[2] = {},
): Promise<RunResult> {
  const manifest = JSON.parse(await readFile(path.join(pkgDir, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  const command = manifest.scripts?.[script];
  if (command === undefined) throw new Error(`${pkgDir}/package.json has no "${script}" script`);
  const binDir = path.join(pkgDir, 'node_modules', '.bin');
  // `"$@"` passes the extra arguments through unchanged (no quoting to get wrong); `sh` names $0.
  return run('sh', ['-c', `${command} "$@"`, 'sh', ...extraArgs], {
    ...options,
    cwd: pkgDir,
    env: { PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ''}`, ...options.env },
  });
}
