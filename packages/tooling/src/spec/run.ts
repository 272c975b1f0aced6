import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The spec's command-line tools, at the versions the spec package lints and bundles with. */
const TOOLS = {
  redocly: '@redocly/cli/bin/cli.js',
  spectral: '@stoplight/spectral-cli/dist/index.js',
} as const;

/** A spec tool. */
export type Tool = keyof typeof TOOLS;

/** How a tool run went: its exit code, what it printed (stdout then stderr) and how long it took. */
export interface ToolRun {
  code: number;
  output: string;
  ms: number;
}

/**
 * Runs a spec tool's CLI with this process's Node (no package-manager start-up, any cwd), never
 * rejecting: the exit code and output say how it went. The CLI rather than an in-process library keeps
 * the checks exactly those of the spec package's scripts: Redocly's standalone `openapi-core` is another
 * version than its CLI's.
 */
export function runTool(
  tool: Tool,
  args: readonly string[],
  options: { cwd: string; timeoutMs?: number },
): Promise<ToolRun> {
  const started = performance.now();
  return new Promise((done) => {
    execFile(
      process.execPath,
      [require.resolve(TOOLS[tool]), ...args],
      {
        cwd: options.cwd,
        timeout: options.timeoutMs ?? 120_000,
        maxBuffer: 64 * 1024 * 1024,
        env: {
          ...process.env,
          REDOCLY_TELEMETRY: 'off',
          REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
          NO_COLOR: '1',
          FORCE_COLOR: '0',
        },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({ code, output: `${stdout}${stderr}`, ms: performance.now() - started });
      },
    );
  });
}
