import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { Contract } from './checks.ts';
import type { SpecOperation } from './spec.ts';
import type { TargetKind } from './target.ts';

/** One response the suite saw from the target: the operation, the status and the body's kind. */
export interface Observation {
  operationId: string;
  status: number;
  kind?: string;
}

/** One cell of the coverage report: a documented status of an operation, or a named example under it. */
export interface CoverageCell {
  operationId: string;
  status: string;
  /** The named response example this cell stands for; absent for the status itself. */
  example?: string;
  state: 'exercised' | 'missed' | 'unreachable';
  /** Why an unreachable cell cannot be reached on this target. */
  reason?: string;
}

/** The totals of a report; `percent` is over the cells the target can reach. */
export interface CoverageSummary {
  target: TargetKind;
  cells: number;
  unreachable: number;
  exercised: number;
  percent: number;
}

/**
 * The kind of a response body, which names which of an operation's examples it is like: the agents
 * `source`, the convai `provider`, the agents `error.code` or the convai `detail[0].type`.
 */
export function bodyKind(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const b = body as {
    source?: unknown;
    provider?: unknown;
    error?: { code?: unknown };
    detail?: { type?: unknown }[];
  };
  const kind =
    b.source ?? b.provider ?? b.error?.code ?? (Array.isArray(b.detail) ? b.detail[0]?.type : undefined);
  return typeof kind === 'string' ? kind : undefined;
}

/** Appends one observation to the run's log (one JSON line; several test workers write to it). */
export function logObservation(path: string, operationId: string, status: number, json: unknown): void {
  const kind = bodyKind(json);
  const observation: Observation = {
    operationId,
    status,
    ...(kind ? { kind } : {}),
  };
  appendFileSync(path, `${JSON.stringify(observation)}\n`);
}

/** The observations a run logged. */
export function readObservations(path: string): Observation[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Observation);
}

/** What the report needs to know of a target: its kind, and whether it has a verified caller ID to use. */
export interface CoverageTarget {
  kind: TargetKind;
  verifiedCaller: boolean;
}

/** A cell no request can reach on some targets, with the reason. */
interface Unreachable {
  targets: (target: CoverageTarget) => boolean;
  status?: string;
  /** The example's body kind (see {@link bodyKind}); absent: the status itself and all its examples. */
  kinds?: readonly string[];
  /** Which operations it concerns; absent: every operation. */
  when?: (op: SpecOperation) => boolean;
  reason: string;
}

const ALL = () => true;
const STATEFUL = (t: CoverageTarget) => t.kind !== 'mock';
const noBody = (op: SpecOperation) => op.requestBody === undefined;
const onlyPathId = (op: SpecOperation) =>
  op.parameters.every((p) => p.in === 'path' && p.idPrefix !== undefined) && noBody(op);

/**
 * What a target cannot answer however it is asked, with the reason; everything else it must reach. The
 * stateless mock answers any documented status and example when asked with `Prefer` (test/examples), so
 * only the 5xx are listed for it. Shared error responses carry examples of every operation that uses them;
 * those that no request of an operation can cause on a real server are listed here.
 */
const UNREACHABLE: readonly Unreachable[] = [
  {
    targets: ALL,
    status: '500',
    reason: 'a conformant target answers no 5xx; the suite fails every 5xx (not_a_server_error)',
  },
  {
    targets: ALL,
    status: '503',
    reason: 'a conformant target answers no 5xx; the suite fails every 5xx (not_a_server_error)',
  },
  {
    targets: (t) => t.kind === 'reference',
    status: '429',
    reason: 'the reference server does not rate-limit',
  },
  {
    targets: STATEFUL,
    kinds: ['bad_request', 'json_invalid', 'payload_too_large', 'unsupported_media_type'],
    when: noBody,
    reason: 'the operation takes no body to be malformed, too large or of another type',
  },
  {
    targets: STATEFUL,
    status: '422',
    when: onlyPathId,
    reason:
      'its only input is the path id, and an id of another form is a 404 (legacy-id), so nothing fails validation',
  },
  {
    targets: STATEFUL,
    kinds: ['missing'],
    when: (op) => op.operationId === 'convaiListPhoneNumbers',
    reason: 'the list requires no field',
  },
  {
    targets: STATEFUL,
    kinds: ['agent_not_found', 'phone_number_not_agent_bindable'],
    when: (op) => op.method === 'get',
    reason: 'a read binds no agent (a list filter by an unknown agent is an empty list)',
  },
  {
    targets: (t) => STATEFUL(t) && !t.verifiedCaller,
    kinds: ['verified_caller_id', 'phone_number_not_agent_bindable'],
    reason: 'no verified caller ID of the Twilio account directory is known (CONTRACT_VERIFIED_CALLER_E164)',
  },
  {
    targets: STATEFUL,
    kinds: ['twilio_purchased'],
    reason: 'numbers bought on the platform are not created through this API',
  },
];

function unreachable(target: CoverageTarget, op: SpecOperation, status: string, kind: string | undefined) {
  return UNREACHABLE.find(
    (u) =>
      u.targets(target) &&
      (u.status === undefined || u.status === status) &&
      (u.kinds === undefined || (kind !== undefined && u.kinds.includes(kind))) &&
      (u.when === undefined || u.when(op)),
  )?.reason;
}

/** Every cell of the report for one target, from what the run observed. */
export function coverageCells(
  contract: Contract,
  target: CoverageTarget,
  seen: readonly Observation[],
): CoverageCell[] {
  const cells: CoverageCell[] = [];
  for (const op of contract.operations) {
    const mine = seen.filter((o) => o.operationId === op.operationId);
    for (const [status, response] of Object.entries(op.responses)) {
      const atStatus = mine.filter((o) => String(o.status) === status);
      const cell = (example: string | undefined, kind: string | undefined, hit: boolean): CoverageCell => {
        const reason = unreachable(target, op, status, kind);
        const state = hit ? 'exercised' : reason ? 'unreachable' : 'missed';
        return {
          operationId: op.operationId,
          status,
          ...(example ? { example } : {}),
          state,
          ...(state === 'unreachable' ? { reason } : {}),
        };
      };
      cells.push(cell(undefined, undefined, atStatus.length > 0));
      for (const [example, value] of Object.entries(response.examples)) {
        const kind = bodyKind(value);
        cells.push(
          cell(
            example,
            kind,
            atStatus.some((o) => kind === undefined || o.kind === kind),
          ),
        );
      }
    }
  }
  return cells;
}

/** The totals of a target's cells. */
export function summarize(target: TargetKind, cells: readonly CoverageCell[]): CoverageSummary {
  const unreachableCount = cells.filter((c) => c.state === 'unreachable').length;
  const exercised = cells.filter((c) => c.state === 'exercised').length;
  const reachable = cells.length - unreachableCount;
  const percent = reachable === 0 ? 100 : Math.floor((exercised / reachable) * 1000) / 10;
  return { target, cells: cells.length, unreachable: unreachableCount, exercised, percent };
}

/** The report as a text table: one row per cell, then the totals. */
export function renderCoverage(summary: CoverageSummary, cells: readonly CoverageCell[]): string {
  const rows = cells.map((c) => [
    c.operationId,
    c.status,
    c.example ?? '',
    c.state === 'exercised' ? 'yes' : c.state === 'missed' ? 'MISSED' : `n.a.: ${c.reason}`,
  ]);
  const header = ['operation', 'status', 'example', 'exercised'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cols: string[]) => `| ${cols.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    `${summary.exercised} of ${summary.cells - summary.unreachable} reachable cells exercised (${summary.percent}%), ${summary.unreachable} unreachable on ${summary.target}`,
  ].join('\n');
}

const xml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The report as JUnit XML: one test case per cell, a missed cell a failure, an unreachable one skipped. */
export function coverageJUnit(summary: CoverageSummary, cells: readonly CoverageCell[]): string {
  const missed = cells.filter((c) => c.state === 'missed').length;
  const cases = cells.map((c) => {
    const name = xml(`${c.status}${c.example ? ` ${c.example}` : ''}`);
    const open = `    <testcase classname="${xml(`contract-coverage.${summary.target}.${c.operationId}`)}" name="${name}"`;
    if (c.state === 'exercised') return `${open}/>`;
    if (c.state === 'unreachable')
      return `${open}>\n      <skipped message="${xml(c.reason ?? '')}"/>\n    </testcase>`;
    return `${open}>\n      <failure message="not exercised by any test of this run"/>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="contract coverage" tests="${cells.length}" failures="${missed}">`,
    `  <testsuite name="contract-coverage.${summary.target}" tests="${cells.length}" failures="${missed}" skipped="${summary.unreachable}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/**
 * The threshold a run must meet, in percent of reachable cells: the `--min-coverage=<n>` (or
 * `--min-coverage <n>`) argument, else `CONTRACT_MIN_COVERAGE`; `undefined` when neither is given.
 */
export function minCoverage(env: NodeJS.ProcessEnv, argv: readonly string[]): number | undefined {
  const at = argv.findIndex((a) => a === '--min-coverage' || a.startsWith('--min-coverage='));
  const arg = at === -1 ? undefined : (argv[at]?.split('=')[1] ?? argv[at + 1]);
  const raw = arg ?? env.CONTRACT_MIN_COVERAGE;
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 100) {
    throw new Error(`the minimum coverage must be a percentage from 0 to 100, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** One line per target below the minimum (empty when every report meets it). */
export function belowMinimum(summaries: readonly CoverageSummary[], min: number): string[] {
  return summaries
    .filter((s) => s.percent < min)
    .map((s) => `${s.target}: ${s.percent}% of reachable cells exercised, below the minimum ${min}%`);
}
