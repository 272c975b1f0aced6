import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Reporter, TestModule } from 'vitest/node';
import { Contract } from './checks.ts';
import {
  belowMinimum,
  type CoverageTarget,
  coverageCells,
  coverageJUnit,
  minCoverage,
  readObservations,
  renderCoverage,
  summarize,
} from './coverage.ts';
import {
  type Applicability,
  applicability,
  CONFORMANCE_CHECKS,
  type ConformanceCheck,
  type ConformanceTaskMeta,
  NEEDS_STATE,
  scenarioNotRunReason,
} from './matrix.ts';
import { targetFromEnv } from './target.ts';

/** One cell of the conformance table. */
export type Cell = 'pass' | 'FAIL' | 'MISSING' | 'not run' | Exclude<Applicability, 'run'>;

/** The test file that fills each column, so a run filtered to some files does not report the rest missing. */
const FILE_OF_CHECK: Record<ConformanceCheck, string> = {
  positive: 'positive.test.ts',
  auth: 'negative.test.ts',
  'invalid-params': 'negative.test.ts',
  'invalid-body': 'negative.test.ts',
  'malformed-json': 'negative.test.ts',
  'media-type': 'negative.test.ts',
  'unknown-fields': 'negative.test.ts',
  'legacy-id': 'negative.test.ts',
  'property-based': 'property.test.ts',
  mutation: 'negative-mutation.test.ts',
  'round-trip': 'property-roundtrip.test.ts',
  lifecycle: 'stateful.test.ts',
  'cross-surface': 'stateful.test.ts',
  tenancy: 'stateful.test.ts',
  links: 'stateful-links.test.ts',
};

/** Results of the tests tagged with `meta.conformance`, grouped per operation and check. */
export type Outcomes = Map<string, { passed: number; failed: number }>;

const key = (operationId: string, check: ConformanceCheck) => `${operationId} ${check}`;

/** The table as text: one row per operation, one column per check. */
export function renderTable(
  operationIds: readonly string[],
  cell: (operationId: string, check: ConformanceCheck) => Cell,
): string {
  const header = ['operation', ...CONFORMANCE_CHECKS];
  const rows = operationIds.map((id) => [id, ...CONFORMANCE_CHECKS.map((c) => cell(id, c))]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/**
 * Prints the operation x check conformance table after the run: `pass`, `FAIL`, `n.a.` (the spec gives the
 * check nothing to test), `off` (a write on a target without `CONTRACT_ALLOW_WRITES=1`) or `MISSING` (an
 * applicable check no test covered: a gap in the suite).
 */
export default class ConformanceReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const outcomes: Outcomes = new Map();
    const ranFiles = new Set(testModules.map((m) => m.moduleId.split(/[\\/]/).pop()));
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const meta = (test.meta() as ConformanceTaskMeta).conformance;
        if (!meta) continue;
        const state = test.result().state;
        for (const operationId of meta.operationIds) {
          const entry = outcomes.get(key(operationId, meta.check)) ?? { passed: 0, failed: 0 };
          if (state === 'passed') entry.passed++;
          if (state === 'failed') entry.failed++;
          outcomes.set(key(operationId, meta.check), entry);
        }
      }
    }
    // A partial run (a filtered file or test name) says nothing about the rest of the table.
    if (outcomes.size === 0) return;
    const contract = new Contract();
    const settings = targetFromEnv();
    const resolve = (ref: string) => contract.resolveSchema(ref);
    const table = renderTable(
      contract.operations.map((o) => o.operationId),
      (operationId, check) => {
        const applies = applicability(contract.operation(operationId), check, settings, resolve);
        if (applies !== 'run') return applies;
        if (!ranFiles.has(FILE_OF_CHECK[check])) return 'not run';
        const entry = outcomes.get(key(operationId, check));
        if (!entry || entry.passed + entry.failed === 0) return 'MISSING';
        return entry.failed > 0 ? 'FAIL' : 'pass';
      },
    );
    // The stateful columns are n.a. or off for a reason of the target, not of the spec: say which.
    const notes = NEEDS_STATE.flatMap((scenario) => {
      const why = scenarioNotRunReason(scenario, settings);
      return why ? [`${scenario}: ${why}`] : [];
    });
    process.stdout.write(
      `\nContract conformance (target ${settings.kind}, seed ${settings.seed}, ${settings.numRuns} runs per property)\n${table}\n` +
        (notes.length
          ? `Stateful checks not run on target ${settings.kind}:\n  ${notes.join('\n  ')}\n`
          : '') +
        '\n',
    );
    // Coverage needs the whole suite: a run filtered to some files says nothing of what the rest reach.
    if (!table.includes('not run')) {
      writeCoverage(contract, {
        kind: settings.kind,
        verifiedCaller: settings.verifiedCallerE164 !== undefined,
      });
    }
    if (table.includes('MISSING')) {
      // An applicable check without a single test is a hole in the suite, not a pass.
      process.stdout.write(
        'MISSING cells: the spec calls for checks no test ran. Add cases in test/*.test.ts.\n',
      );
      process.exitCode = 1;
    }
  }
}

/**
 * Writes the coverage report of the run (operation x documented status x named example, each exercised
 * or not): a table on stdout, `coverage-<target>.json` and `coverage-<target>.junit.xml` in
 * `CONTRACT_COVERAGE_DIR` (default `reports/`), and fails the run below `CONTRACT_MIN_COVERAGE`.
 */
function writeCoverage(contract: Contract, coverageTarget: CoverageTarget): void {
  const target = coverageTarget.kind;
  const log = process.env.CONTRACT_COVERAGE_LOG;
  if (!log) return;
  const cells = coverageCells(contract, coverageTarget, readObservations(log));
  rmSync(log, { force: true });
  const summary = summarize(target, cells);
  const dir = process.env.CONTRACT_COVERAGE_DIR ?? fileURLToPath(new URL('../reports/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `coverage-${target}.json`), `${JSON.stringify({ summary, cells }, null, 2)}\n`);
  writeFileSync(join(dir, `coverage-${target}.junit.xml`), coverageJUnit(summary, cells));
  process.stdout.write(
    `\nContract coverage (target ${target}; reports in ${dir})\n${renderCoverage(summary, cells)}\n`,
  );
  // vitest refuses arguments it does not know, so a run takes the threshold from the environment only.
  const min = minCoverage(process.env, []);
  const below = min === undefined ? [] : belowMinimum([summary], min);
  if (below.length > 0) {
    process.stdout.write(`${below.join('\n')} (CONTRACT_MIN_COVERAGE)\n`);
    process.exitCode = 1;
  }
}
