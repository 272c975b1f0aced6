/**
 * The coverage gate for CI: reads the `coverage-<target>.json` reports a contract run wrote and exits 1
 * when one is below the minimum. `tsx src/coverage-gate.ts --min-coverage=100 [reports dir]`; the
 * minimum may also come from `CONTRACT_MIN_COVERAGE`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { belowMinimum, type CoverageSummary, minCoverage } from './coverage.ts';

const args = process.argv.slice(2);
const min = minCoverage(process.env, args);
const dir =
  args.find((a) => !a.startsWith('--') && !/^\d+(\.\d+)?$/.test(a)) ??
  process.env.CONTRACT_COVERAGE_DIR ??
  fileURLToPath(new URL('../reports/', import.meta.url));
const files = readdirSync(dir).filter((f) => /^coverage-.+\.json$/.test(f));
if (min === undefined || files.length === 0) {
  console.error(
    min === undefined
      ? 'No minimum given. Fix: pass --min-coverage=<percent> or set CONTRACT_MIN_COVERAGE.'
      : `No coverage reports in ${dir}. Fix: pnpm --filter @phone-api/contract-tests test`,
  );
  process.exit(1);
}
const summaries = files.map(
  (f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { summary: CoverageSummary }).summary,
);
const below = belowMinimum(summaries, min);
for (const s of summaries)
  console.log(`${s.target}: ${s.percent}% (${s.exercised} cells, ${s.unreachable} unreachable)`);
if (below.length > 0) {
  console.error(
    `${below.join('\n')}\nFix: exercise the MISSED cells of the report, or list what cannot be reached in src/coverage.ts`,
  );
  process.exit(1);
}
