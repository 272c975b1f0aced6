import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Every command-line entry point of the repo, by the file `node` runs (what its package script runs). */
const ENTRY_POINTS: [name: string, file: string][] = [
  ['pnpm dev', 'scripts/dev.js'],
  ['pnpm breaking', 'scripts/breaking-changes.js'],
  ['the mock (npm run mock)', 'packages/mock/bin/phone-api-mock.js'],
  [
    'the reference server (npm run mock:stateful)',
    'packages/reference-server/bin/phone-api-reference-server.js',
  ],
  ['client generate / generate:check', 'packages/client/scripts/generate.js'],
  ['server generate / generate:check', 'packages/server/scripts/generate.js'],
  ['client size', 'packages/client/scripts/size.ts'],
  ['workflow docs:build', 'packages/workflow/src/docs-build.ts'],
  ['client bench', 'packages/client/bench/overhead.ts'],
  ['server bench', 'packages/server/bench/router.ts'],
  ['server bench target', 'packages/server/bench/server.ts'],
  ['mock bench', 'packages/mock/bench/throughput.ts'],
  ['mock bench fixed-body server', 'packages/mock/bench/fixed-server.ts'],
  ['mock bench Prism proxy', 'packages/mock/bench/prism-proxy.ts'],
  ['reference-server bench', 'packages/reference-server/bench/throughput.ts'],
  ['workflow bench', 'packages/workflow/bench/pipeline.ts'],
  ['browser-mock bench', 'packages/browser-mock/bench/mock.ts'],
];

/** What a command line can get wrong, and what every entry point answers. */
const CASES: [name: string, { given: string[]; want: { code: number; stream: 'stdout' | 'stderr' } }][] = [
  ['an unknown flag', { given: ['--no-such-flag'], want: { code: 2, stream: 'stderr' } }],
  [
    "a stray positional (after pnpm's --)",
    { given: ['--', 'x', 'y', 'z'], want: { code: 2, stream: 'stderr' } },
  ],
  ["--help after pnpm's --", { given: ['--', '--help'], want: { code: 0, stream: 'stdout' } }],
];

function run(file: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file, ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe.concurrent.each(ENTRY_POINTS)('%s (%s)', (_name, file) => {
  it.each(CASES)('answers %s with the usage in one line', async (_case, { given, want }) => {
    const result = await run(file, given);
    const text = result[want.stream];
    expect(result.code, `${result.stdout}${result.stderr}`).toBe(want.code);
    expect(text.split('\n').filter((line) => line.startsWith('usage: '))).toHaveLength(1);
    // A usage error names what was wrong in one line before the usage, and never shows a stack trace.
    if (want.code === 2) expect(result.stderr.trim().split('\n')).toHaveLength(2);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});
