/** The last step of a dev cycle: the contract tests of the affected operations, run against the mock. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { binPath, type RunResult, run } from '../tools.ts';
import { type DevContext, type StepOutcome, tail } from './context.ts';

/** The part of vitest's JSON report that dev mode reads. */
interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  testResults: {
    name?: string;
    status?: string;
    message?: string;
    assertionResults?: { fullName: string; status: string; failureMessages?: string[] }[];
  }[];
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The first four lines of a failure message, indented under its heading line. */
function firstLines(text: string): string {
  return text.split('\n').slice(0, 4).join('\n  ');
}

/** Runs the affected operations' contract tests against the session's mock and reads the verdict. */
export async function runContractTests(ctx: DevContext): Promise<StepOutcome> {
  const { mock, affected } = ctx;
  if (ctx.options.contractTests === false || mock === undefined) return { ok: true, detail: 'skipped' };
  if (affected.length === 0) return { ok: true, detail: 'no operation changed: nothing to run' };
  // The JSON reporter replaces the suite's own coverage reporter, whose "every check ran" gate
  // cannot hold for a run filtered to the changed operations.
  const report = path.join(ctx.workDir, 'contract-tests.json');
  const r = await runVitest(ctx, mock.url, report);
  const results = (await readFile(report, 'utf8')
    .then((text) => JSON.parse(text) as VitestJson)
    .catch(() => undefined)) ?? { numPassedTests: 0, numFailedTests: 0, testResults: [] };
  return judge(ctx, r, results);
}

/** The contract suite filtered to the affected operations, pointed at the mock, writing a JSON report. */
function runVitest(ctx: DevContext, mockUrl: string, report: string): Promise<RunResult> {
  // Contract test names carry the operationId: `GET /v1/... (agentsGetPhoneNumber)`.
  const filter = `\\((${ctx.affected.map(escapeRegExp).join('|')})\\)`;
  return run(
    process.execPath,
    [binPath('vitest', 'vitest'), 'run', '-t', filter, '--reporter=json', `--outputFile=${report}`],
    {
      cwd: path.join(ctx.options.repoRoot, 'packages', 'contract-tests'),
      env: {
        CONTRACT_TARGET: 'url',
        CONTRACT_BASE_URL: mockUrl,
        CONTRACT_AGENTS_API_KEY: 'sk_dev_mode',
        CONTRACT_CONVAI_API_KEY: 'xi_dev_mode',
        // The mock is stateless and accepts any well-formed key.
        CONTRACT_STATELESS: '1',
        CONTRACT_KNOWS_KEYS: '0',
        CONTRACT_ALLOW_WRITES: '1',
        // The client was regenerated from this save, not rebuilt: test with its source.
        CONTRACT_CLIENT_SOURCE: '1',
      },
    },
  );
}

/** Green only when every file loaded and no test failed; red shows the first five problems. */
function judge(ctx: DevContext, r: RunResult, results: VitestJson): StepOutcome {
  const failures = results.testResults
    .flatMap((file) => file.assertionResults ?? [])
    .filter((t) => t.status === 'failed')
    .map((t) => `${t.fullName}\n  ${firstLines((t.failureMessages ?? []).join('\n'))}`);
  // A test file that failed without running a single test did not load (a syntax or import error):
  // the operations it covers went unchecked, so the cycle is not green whatever else passed.
  const unloaded = results.testResults
    .filter((file) => file.status === 'failed' && (file.assertionResults ?? []).length === 0)
    .map(
      (file) =>
        `${path.relative(ctx.options.repoRoot, file.name ?? '?')} did not load:\n  ${firstLines(file.message ?? '')}`,
    );
  const counts = `${results.numPassedTests} passed, ${results.numFailedTests} failed`;
  if (unloaded.length > 0 || results.numFailedTests > 0 || (r.code !== 0 && results.numPassedTests === 0)) {
    return { ok: false, detail: [...unloaded, ...failures].slice(0, 5).join('\n') || tail(r, 30) };
  }
  return { ok: true, detail: `${ctx.affected.join(', ')}: ${counts}` };
}
