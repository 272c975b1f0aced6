import { describe, expect, it } from 'vitest';
import { createFaults, parseFaultKinds, parseLatency } from '../src/index.ts';

const plans = (faults: ReturnType<typeof createFaults>, n: number, operationId = 'agentsListPhoneNumbers') =>
  Array.from({ length: n }, () => faults.plan(operationId, undefined));

describe('createFaults', () => {
  it('replays a run: the same seed gives the same delays and faults', () => {
    const options = {
      seed: 42,
      rate: 0.3,
      faults: ['429', 'reset'] as const,
      latency: parseLatency('normal:300,80'),
    };
    const first = plans(createFaults(options), 200);
    expect(plans(createFaults(options), 200)).toEqual(first);
    expect(plans(createFaults({ ...options, seed: 43 }), 200)).not.toEqual(first);
  });

  it('fails about the share of requests the rate says, with the kinds given', () => {
    const got = plans(createFaults({ seed: 1, rate: 0.25, faults: ['429', 'timeout'] }), 4000);
    const failed = got.filter((p) => p.fault !== undefined);
    expect(failed.length / got.length).toBeGreaterThan(0.22);
    expect(failed.length / got.length).toBeLessThan(0.28);
    expect(new Set(failed.map((p) => p.fault))).toEqual(new Set(['429', 'timeout']));
  });

  it('scripts an outage: the first N requests of an operation fail, taking the kinds in turn', () => {
    const faults = createFaults({
      operations: { agentsListPhoneNumbers: { first: 3, faults: ['429', 'reset'] } },
    });
    expect(plans(faults, 5).map((p) => p.fault)).toEqual(['429', 'reset', '429', undefined, undefined]);
    expect(faults.plan('convaiListPhoneNumbers', undefined).fault).toBeUndefined();
  });

  it('draws latency from the distribution: fixed, uniform within bounds, normal never negative', () => {
    expect(plans(createFaults({ latency: parseLatency('800') }), 3).map((p) => p.delayMs)).toEqual([
      800, 800, 800,
    ]);
    const uniform = plans(createFaults({ seed: 7, latency: parseLatency('200-400') }), 500).map(
      (p) => p.delayMs,
    );
    expect(Math.min(...uniform)).toBeGreaterThanOrEqual(200);
    expect(Math.max(...uniform)).toBeLessThanOrEqual(400);
    expect(new Set(uniform).size).toBeGreaterThan(50);
    const normal = plans(createFaults({ seed: 7, latency: parseLatency('normal:50,100') }), 500).map(
      (p) => p.delayMs,
    );
    expect(Math.min(...normal)).toBe(0);
  });

  it('lets Prefer override the draws, unless told not to', () => {
    const faults = createFaults({});
    expect(faults.plan('x', 'delay=120, fault=truncated')).toEqual({
      delayMs: 120,
      fault: 'truncated',
      applied: ['delay=120', 'fault=truncated'],
    });
    expect(createFaults({ prefer: false }).plan('x', 'delay=120, fault=reset')).toEqual({
      delayMs: 0,
      fault: undefined,
      applied: [],
    });
  });

  it('refuses latency and fault lists it cannot read, naming the accepted forms', () => {
    expect(() => parseLatency('fast')).toThrow(/800, 200-800, normal:300,50/);
    expect(() => parseLatency('400-200')).toThrow();
    expect(() => parseFaultKinds('429,teapot')).toThrow(/unknown fault "teapot"/);
    expect(parseFaultKinds('429, reset')).toEqual(['429', 'reset']);
  });
});
