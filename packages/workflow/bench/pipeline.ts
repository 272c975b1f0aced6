/**
 * Pipeline benchmark: how long the spec-to-SDK loop takes on our spec, and how the same tools scale to
 * a large real spec (../shared/corpus/elevenlabs-openapi.json, 387 operations).
 *
 *   pnpm --filter @phone-api/workflow bench [--runs 3] [--skip-ours] [--skip-corpus] [--all] [--json]
 *
 * Our spec is measured in a temporary copy of the repo (tracked and untracked files, node_modules
 * linked), so the cold run is really cold, the one-line edit never touches the working tree, and the
 * turbo cache of the real checkout is left alone.
 */
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseCommandLine, usageError } from '@phone-api/tooling/args';
import { runTool, type ToolRun } from '@phone-api/tooling/spec';
import { parse, stringify } from 'yaml';
import { textTable } from '../src/breaking/format.ts';
import { startDev } from '../src/dev.ts';
import { copyRepo } from '../src/repo-copy.ts';
import { binPath, type RunResult, run, runBin } from '../src/tools.ts';
import { type MeasureOptions, measureRow, median, type Row, redoclyLinted, wrote } from './rows.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../..');

const cli = {
  usage:
    'pnpm --filter @phone-api/workflow bench -- [--runs 3] [--skip-ours] [--skip-corpus] [--skip-spectral-breakdown] [--all] [--json] [--corpus <file>]',
  options: {
    runs: { type: 'string', default: '3' },
    'skip-ours': { type: 'boolean', default: false },
    'skip-corpus': { type: 'boolean', default: false },
    'skip-spectral-breakdown': { type: 'boolean', default: false },
    all: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    corpus: { type: 'string' },
  },
} as const;
const { values: args } = parseCommandLine(cli);
if (!/^[1-9]\d*$/.test(args.runs))
  usageError(cli, `--runs takes a positive whole number, got "${args.runs}"`);
const RUNS = Number(args.runs);
const corpus = path.resolve(args.corpus ?? path.join(repoRoot, '../shared/corpus/elevenlabs-openapi.json'));

const rows: Row[] = [];
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function progress(line: string): void {
  if (!args.json) process.stderr.write(`${line}\n`);
}

/** Measures one step (see {@link measureRow}), adds its row to the table and reports progress. */
async function measure(
  group: string,
  step: string,
  once: () => Promise<RunResult>,
  options: MeasureOptions = {},
): Promise<Row> {
  const row = await measureRow({ group, step, runs: RUNS }, once, options);
  rows.push(row);
  progress(`  ${group} / ${step}: ${row.failed ? `FAILED ${row.failed}` : seconds(median(row.samples))}`);
  return row;
}

/** A spec tool's run (see `runTool`) as the bench's rows read runs. */
const asRun = (run: ToolRun): RunResult => ({ code: run.code, ms: run.ms, stdout: run.output, stderr: '' });

// ---------------------------------------------------------------------------------------------------
// A temporary copy of the repository

async function firstEditableLine(specDir: string): Promise<{ file: string; before: string; after: string }> {
  const schemas = path.join(specDir, 'components', 'schemas');
  for (const name of (await readdir(schemas)).sort()) {
    const file = path.join(schemas, name);
    const text = await readFile(file, 'utf8');
    const line = text.split('\n').find((l) => /^description: [^|>]/.test(l));
    if (line) return { file, before: line, after: `${line} Edited by the benchmark.` };
  }
  throw new Error('no one-line schema description to edit in spec/components/schemas');
}

/** Task id -> milliseconds of the latest `turbo run --summarize` in `dir` (in the order they started). */
async function lastRunTasks(dir: string): Promise<[string, number][]> {
  const runs = path.join(dir, '.turbo', 'runs');
  const files = (await readdir(runs)).filter((f) => f.endsWith('.json'));
  const summaries = await Promise.all(
    files.map(async (f) => {
      const text = await readFile(path.join(runs, f), 'utf8');
      await rm(path.join(runs, f));
      return JSON.parse(text) as {
        execution: { startTime: number };
        tasks: { taskId: string; execution?: { startTime: number; endTime: number } }[];
      };
    }),
  );
  const latest = summaries.sort((a, b) => b.execution.startTime - a.execution.startTime)[0];
  return (latest?.tasks ?? [])
    .flatMap((t) => (t.execution ? [{ id: t.taskId, ...t.execution }] : []))
    .sort((a, b) => a.startTime - b.startTime)
    .map((t) => [t.id, t.endTime - t.startTime]);
}

async function benchOurs(): Promise<void> {
  progress('Our spec (temporary copy of the repository)');
  const dir = await copyRepo(repoRoot);
  try {
    const turbo = (...turboArgs: string[]) =>
      // --continue: a failing task (say, another package's broken test types) must not cut the timing short.
      run(
        process.execPath,
        [
          binPath('turbo', 'turbo'),
          'run',
          ...turboArgs,
          '--continue',
          '--output-logs=errors-only',
          '--ui=stream',
        ],
        {
          cwd: dir,
          env: { TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1', CI: '' },
        },
      );
    const filters = args.all ? [] : ['--filter=@phone-api/client...', '--filter=@phone-api/server...'];
    const scope = args.all ? 'all packages' : 'spec, client, server';
    await measure(
      'ours',
      `cold full pipeline (turbo run build generate typecheck --force; ${scope})`,
      () => turbo('build', 'generate', 'typecheck', '--force', ...filters),
      { repeat: false },
    );
    await measure(
      'ours',
      'fully cached no-op (same command, cache hit)',
      () => turbo('build', 'generate', 'typecheck', ...filters),
      { targetMs: 1_000 },
    );
    const edit = await firstEditableLine(path.join(dir, 'spec'));
    const original = await readFile(edit.file, 'utf8');
    let edits = 0;
    const generated = path.join(dir, 'packages', 'client', 'src', 'schema.gen.ts');
    // Per-task times from turbo's run summary (--summarize), to show where the time goes.
    const taskMs = new Map<string, number[]>();
    const editRow = await measure(
      'ours',
      `one-line spec edit -> regenerated + typechecked SDK (turbo run typecheck --filter=@phone-api/client)`,
      async () => {
        // A new text every run: repeating an earlier one would be a turbo cache hit, not a rebuild.
        edits++;
        const line = `${edit.after} Edit ${edits}.`;
        await writeFile(edit.file, original.replace(edit.before, line));
        const result = await turbo('typecheck', '--filter=@phone-api/client', '--summarize');
        for (const [task, ms] of await lastRunTasks(dir)) taskMs.set(task, [...(taskMs.get(task) ?? []), ms]);
        const regenerated = (await readFile(generated, 'utf8')).includes(line.replace(/^description: /, ''));
        return regenerated || result.code !== 0
          ? result
          : { ...result, code: 99, stderr: 'the edit did not reach packages/client/src/schema.gen.ts' };
      },
      { targetMs: 3_000 },
    );
    editRow.note = `s per task: ${[...taskMs]
      .map(([task, ms]) => `${task.replace('@phone-api/', '')} ${(median(ms) / 1000).toFixed(2)}`)
      .join(', ')}`;
    // dev mode: a save to green affected contract tests (lint, bundle, generate, typecheck, reload, tests).
    const session = await startDev({ repoRoot: dir, watch: false, log: () => {} });
    try {
      const opFile = path.join(dir, 'spec', 'paths', 'v1_agents_phone-numbers_{id}.yaml');
      const opText = await readFile(opFile, 'utf8');
      let n = 0;
      let lastSteps = '';
      const devRow = await measure(
        'ours',
        'dev mode: save -> green affected contract tests (one operation changed)',
        async () => {
          n++;
          await writeFile(opFile, opText.replace(/^(\s*description: .*?)\s*$/m, `$1 Edit ${n}.`));
          const t = performance.now();
          const result = await session.cycle([opFile]);
          lastSteps = result.steps.map((st) => `${st.name} ${(st.ms / 1000).toFixed(1)}`).join(', ');
          return {
            code: result.ok && result.affected.length > 0 ? 0 : 1,
            stdout: result.verdict,
            stderr: result.steps
              .map((st) => `${st.name} ${st.ok ? 'ok' : `FAIL ${st.detail ?? ''}`}`)
              .join(' | '),
            ms: performance.now() - t,
          };
        },
      );
      devRow.note = `last run, s: ${lastSteps}`;
    } finally {
      await session.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------
// The large corpus

async function spectralVariant(
  specDir: string,
  name: string,
  transform: (ruleset: Record<string, unknown>) => void,
) {
  const ruleset = parse(await readFile(path.join(specDir, '.spectral.yaml'), 'utf8')) as Record<
    string,
    unknown
  >;
  transform(ruleset);
  const file = path.join(specDir, `.spectral.bench-${name}.yaml`);
  await writeFile(file, stringify(ruleset));
  return file;
}

async function benchCorpus(): Promise<void> {
  progress(`Large spec (${path.relative(repoRoot, corpus)})`);
  const work = await mkdtemp(path.join(os.tmpdir(), 'phone-api-corpus-'));
  // Spectral resolves the ruleset's functionsDir and extends from the ruleset's folder, so rulesets
  // (the real one and the per-group variants) are used from a copy of spec/ with its node_modules linked.
  const specCopy = path.join(work, 'spec');
  try {
    await mkdir(specCopy, { recursive: true });
    await run('cp', ['-R', path.join(repoRoot, 'spec', 'rules'), path.join(specCopy, 'rules')]);
    await copyFile(path.join(repoRoot, 'spec', '.spectral.yaml'), path.join(specCopy, '.spectral.yaml'));
    await copyFile(path.join(repoRoot, 'spec', 'redocly.yaml'), path.join(specCopy, 'redocly.yaml'));
    await symlink(path.join(repoRoot, 'spec', 'node_modules'), path.join(specCopy, 'node_modules'));
    const spectralReport = path.join(work, 'spectral.json');
    const spectral = async (ruleset: string) => {
      await rm(spectralReport, { force: true });
      const lint = await runTool(
        'spectral',
        ['lint', corpus, '--ruleset', ruleset, '-f', 'json', '-o', spectralReport],
        {
          cwd: specCopy,
          timeoutMs: 600_000,
        },
      );
      return asRun(lint);
    };
    const redoclyLint = async () =>
      asRun(await runTool('redocly', ['lint', corpus, '--format=summary'], { cwd: specCopy }));
    // Findings on the corpus are expected (exit 1), so each lint row checks that its tool did lint.
    const spectralLinted = wrote(spectralReport);

    await measure('corpus', 'Redocly lint (spec/redocly.yaml rules)', redoclyLint, {
      okCodes: [0, 1],
      didWork: redoclyLinted,
    });
    await measure(
      'corpus',
      'Spectral lint (spec/.spectral.yaml: spectral:oas + OWASP + house rules)',
      () => spectral(path.join(specCopy, '.spectral.yaml')),
      { okCodes: [0, 1], didWork: spectralLinted, repeat: false },
    );
    // The target row: both linters at once, as the spec package's `lint` runs them (one per core).
    await measure(
      'corpus',
      'governance: both linters, concurrently (as `pnpm lint` runs them)',
      async () => {
        const started = performance.now();
        const [redocly, spectralRun] = await Promise.all([
          redoclyLint(),
          spectral(path.join(specCopy, '.spectral.yaml')),
        ]);
        // Findings on the corpus are expected (exit 1); a crash is not.
        const code = Math.max(redocly.code, spectralRun.code);
        const stdout = `${redocly.stdout}\n${spectralRun.stdout}`;
        return { code, stdout, stderr: '', ms: performance.now() - started };
      },
      {
        okCodes: [0, 1],
        didWork: (result) => redoclyLinted(result) ?? spectralLinted(result),
        targetMs: 10_000,
        repeat: true,
      },
    );
    if (!args['skip-spectral-breakdown']) {
      const groups: [string, (r: Record<string, unknown>) => void][] = [
        [
          // The upstream rulesets as published, slow rules included: what the house replacements avoid.
          'upstream spectral:oas alone, as published',
          (r) => {
            r.extends = ['spectral:oas'];
            r.rules = {};
          },
        ],
        [
          'upstream OWASP ruleset alone, as published',
          (r) => {
            r.extends = ['@stoplight/spectral-owasp-ruleset'];
            r.rules = {};
          },
        ],
        [
          'house rules only (replacements included)',
          (r) => {
            r.extends = [];
            r.rules = Object.fromEntries(
              Object.entries((r.rules as Record<string, unknown>) ?? {}).filter(
                ([, v]) => typeof v === 'object',
              ),
            );
          },
        ],
      ];
      for (const [label, transform] of groups) {
        const file = await spectralVariant(specCopy, label.replace(/\W+/g, '-'), transform);
        await measure('corpus', `  Spectral, ${label}`, () => spectral(file), {
          okCodes: [0, 1],
          didWork: spectralLinted,
          repeat: false,
        });
      }
    }
    const bundled = path.join(work, 'bundle.json');
    await measure(
      'corpus',
      'Redocly bundle',
      async () => asRun(await runTool('redocly', ['bundle', corpus, '-o', bundled], { cwd: specCopy })),
      { didWork: wrote(bundled) },
    );
    const generated = path.join(work, 'schema.gen.ts');
    await measure(
      'corpus',
      'generate (openapi-typescript)',
      () => runBin('openapi-typescript', 'openapi-typescript', [corpus, '-o', generated]),
      { targetMs: 5_000, didWork: wrote(generated) },
    );
    const lines = (await readFile(generated, 'utf8').catch(() => '')).split('\n').length;
    // ESM like every package of the repo (NodeNext reads the module kind from package.json).
    await writeFile(path.join(work, 'package.json'), '{ "type": "module" }\n');
    await writeFile(
      path.join(work, 'tsconfig.json'),
      JSON.stringify({
        extends: path.join(repoRoot, 'tsconfig.base.json'),
        compilerOptions: { types: [], skipLibCheck: true },
        files: ['schema.gen.ts'],
      }),
    );
    await measure(
      'corpus',
      `typecheck the generated file (tsc --noEmit, strict; ${lines} lines)`,
      () => runBin('typescript', 'tsc', ['--noEmit', '-p', work]),
      { targetMs: 15_000 },
    );
    await measure(
      'corpus',
      '  same with TS 7 (native; what the client and dev mode typecheck with)',
      () => runBin('typescript-native', 'tsc', ['--noEmit', '-p', work]),
      { targetMs: 15_000 },
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------

const load = os.loadavg().map((x) => x.toFixed(1));
if (!args['skip-ours']) await benchOurs();
if (!args['skip-corpus']) await benchCorpus();
const loadAfter = os.loadavg().map((x) => x.toFixed(1));

if (args.json) {
  console.log(JSON.stringify({ cpus: os.cpus().length, load, loadAfter, rows }, null, 2));
} else {
  console.log(
    `\nPipeline benchmark: Node ${process.version}, ${os.cpus().length} cores, load average ${load.join(' ')} before, ` +
      `${loadAfter.join(' ')} after; median of up to ${RUNS} runs (steps over 5 s run once).\n`,
  );
  console.log(
    textTable(
      ['GROUP', 'STEP', 'TIME', 'RUNS', 'TARGET', 'VERDICT'],
      rows.map((r) => [
        r.group,
        r.step,
        r.failed ? '-' : seconds(median(r.samples)),
        String(r.samples.length),
        r.targetMs === undefined ? '-' : `< ${seconds(r.targetMs)}`,
        r.failed
          ? `FAILED (${r.failed})`
          : r.targetMs === undefined
            ? (r.note ?? '')
            : `${median(r.samples) < r.targetMs ? 'ok' : 'over target'}${r.note ? ` (${r.note})` : ''}`,
      ]),
    ),
  );
}
// A failed row is a failed benchmark: the table says why, the exit code says so to CI.
if (rows.some((r) => r.failed !== undefined)) process.exitCode = 1;
