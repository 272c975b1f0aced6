import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The spec package directory (where `.spectral.yaml`, `redocly.yaml` and `node_modules/.bin` live). */
export const SPEC_DIR = fileURLToPath(new URL('..', import.meta.url));

/** Outcome of one CLI run; a non-zero exit is data here, not an exception. */
export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a binary of this package's `node_modules/.bin` (resolved from `binDir`) in `cwd`.
 * @param bin e.g. `spectral`, `redocly`
 */
export function runBin(bin: string, args: string[], cwd: string, binDir = SPEC_DIR): Promise<RunResult> {
  const env = {
    ...process.env,
    REDOCLY_TELEMETRY: 'off',
    REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
    NO_COLOR: '1',
  };
  return new Promise((resolve, reject) => {
    execFile(
      join(binDir, 'node_modules', '.bin', bin),
      args,
      { cwd, env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== 'number') {
          reject(error);
          return;
        }
        resolve({ exitCode: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
      },
    );
  });
}

/** One Spectral result as `spectral lint -f json` prints it. */
export interface SpectralResult {
  code: string;
  message: string;
  path: Array<string | number>;
  /** 0 error, 1 warning, 2 info, 3 hint. */
  severity: 0 | 1 | 2 | 3;
  source: string;
}

/**
 * Lints `files` (relative to `cwd`) with the ruleset `cwd/.spectral.yaml` in one Spectral run.
 */
export async function spectralLint(
  files: string[],
  cwd = SPEC_DIR,
): Promise<{ exitCode: number; results: SpectralResult[] }> {
  const run = await runBin(
    'spectral',
    ['lint', ...files, '-r', '.spectral.yaml', '-f', 'json', '--quiet'],
    cwd,
  );
  const start = run.stdout.indexOf('[');
  if (start < 0)
    throw new Error(`spectral printed no JSON (exit ${run.exitCode}):\n${run.stdout}\n${run.stderr}`);
  return { exitCode: run.exitCode, results: JSON.parse(run.stdout.slice(start)) as SpectralResult[] };
}

/** A Spectral path as dotted text, e.g. `paths./v1/x.get.responses.200`. */
export const dotted = (path: Array<string | number>): string => path.join('.');
