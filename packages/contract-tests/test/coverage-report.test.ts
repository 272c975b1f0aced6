import { describe, expect, it } from 'vitest';
import { Contract } from '../src/checks.ts';
import {
  belowMinimum,
  bodyKind,
  type CoverageCell,
  coverageCells,
  coverageJUnit,
  minCoverage,
  summarize,
} from '../src/coverage.ts';

// The coverage report on its own: which cells a run's observations fill, the totals, the CI formats.

const contract = new Contract();
const cellOf = (cells: CoverageCell[], operationId: string, status: string, example?: string) =>
  cells.find((c) => c.operationId === operationId && c.status === status && c.example === example);

describe('coverage report', () => {
  it.each([
    ['an agents number', { source: 'twilio' }, 'twilio'],
    ['a convai number', { provider: 'exotel' }, 'exotel'],
    ['an agents error', { error: { code: 'conflict' } }, 'conflict'],
    ['a convai error', { detail: [{ type: 'missing' }] }, 'missing'],
    ['a list', [{ provider: 'twilio' }], undefined],
  ])('names the kind of %s', (_name, body, want) => {
    expect(bodyKind(body)).toBe(want);
  });

  it('marks a status exercised by any answer, an example only by an answer of its kind', () => {
    const cells = coverageCells(contract, { kind: 'reference', verifiedCaller: false }, [
      { operationId: 'agentsImportPhoneNumber', status: 201, kind: 'twilio' },
    ]);
    expect(cellOf(cells, 'agentsImportPhoneNumber', '201')?.state).toBe('exercised');
    expect(cellOf(cells, 'agentsImportPhoneNumber', '201', 'twilio')?.state).toBe('exercised');
    expect(cellOf(cells, 'agentsImportPhoneNumber', '201', 'livekit')?.state).toBe('missed');
    expect(cellOf(cells, 'agentsImportPhoneNumber', '201', 'verified_caller_id')).toMatchObject({
      state: 'unreachable',
      reason: expect.stringMatching(/verified caller/),
    });
    expect(cellOf(cells, 'agentsGetPhoneNumber', '500')?.state).toBe('unreachable');
  });

  it('counts the percentage over reachable cells, and writes misses as JUnit failures', () => {
    const cells: CoverageCell[] = [
      { operationId: 'a', status: '200', state: 'exercised' },
      { operationId: 'a', status: '404', state: 'missed' },
      { operationId: 'a', status: '500', state: 'unreachable', reason: 'no 5xx' },
    ];
    const summary = summarize('mock', cells);
    expect(summary).toEqual({ target: 'mock', cells: 3, unreachable: 1, exercised: 1, percent: 50 });
    const xml = coverageJUnit(summary, cells);
    expect(xml).toContain('failures="1"');
    expect(xml).toContain('<skipped message="no 5xx"/>');
    expect(belowMinimum([summary], 100)).toEqual([
      'mock: 50% of reachable cells exercised, below the minimum 100%',
    ]);
    expect(belowMinimum([summary], 50)).toEqual([]);
  });

  it.each([
    ['the argument', {}, ['--min-coverage=90'], 90],
    ['the argument, spaced', {}, ['--min-coverage', '75'], 75],
    ['the environment', { CONTRACT_MIN_COVERAGE: '100' }, [], 100],
    ['nothing', {}, [], undefined],
  ])('reads the minimum from %s', (_name, env, argv, want) => {
    expect(minCoverage(env, argv)).toBe(want);
  });

  it('refuses a minimum that is not a percentage', () => {
    expect(() => minCoverage({ CONTRACT_MIN_COVERAGE: '120' }, [])).toThrow(/percentage/);
  });
});
