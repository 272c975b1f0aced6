import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { DEFAULT_MIN_SUNSET_DAYS } from './context.ts';
import { fingerprint } from './fingerprint.ts';
import { isNode } from './resolve.ts';
import { type Change, type ChangeKind, RULES, SEVERITIES, type Severity } from './rules.ts';

/** The severity policy (`spec/breaking-policy.yaml`): what the gate does with each rule and change. */
export interface Policy {
  /** Where it was read from, for the report (`built-in defaults` when there is no file). */
  source: string;
  /** A new deprecation's `x-sunset` must be at least this many days after today. */
  minSunsetDays: number;
  /** Per-rule overrides of the default severity, each with the reason a reviewer reads. */
  rules: Partial<Record<ChangeKind, { severity: Severity; reason: string }>>;
  /** Reviewed changes that must not fail the gate, by fingerprint. */
  accepted: { fingerprint: string; reason: string }[];
}

/** A change with the verdict the policy gave it. */
export interface DecidedChange extends Change {
  fingerprint: string;
  /** Which part of the policy set its severity or waived it: `rule default`, `policy: ...`, `accepted: ...`, `stability: beta`. */
  decidedBy: string;
  /** True when the change fails the gate unless released as a major version. */
  blocking: boolean;
  /** Waived by an accepted fingerprint or by the operation's stability level. */
  waived?: 'accepted' | 'stability';
}

/** The policy when `spec/breaking-policy.yaml` does not exist: every rule at its default. */
export const DEFAULT_POLICY: Policy = {
  source: 'built-in defaults',
  minSunsetDays: DEFAULT_MIN_SUNSET_DAYS,
  rules: {},
  accepted: [],
};

/** Thrown for a policy file the gate cannot apply (exit 2: fix the file, not the spec). */
export class PolicyError extends Error {}

/** Reads and checks a policy file; a missing file gives {@link DEFAULT_POLICY}. */
export function loadPolicy(file: string, label = file): Policy {
  if (!existsSync(file)) return DEFAULT_POLICY;
  return parsePolicy(parse(readFileSync(file, 'utf8')) as unknown, label);
}

/**
 * Checks a parsed policy document. Unknown rules, severities or keys are errors rather than ignored:
 * a typo in an override would otherwise silently leave the default in force.
 */
export function parsePolicy(doc: unknown, source: string): Policy {
  const fail = (message: string): never => {
    throw new PolicyError(`${source}: ${message}`);
  };
  const root = doc ?? {};
  if (!isNode(root)) fail('expected a mapping at the top level');
  const node = root as Record<string, unknown>;
  for (const key of Object.keys(node)) {
    if (!['minSunsetDays', 'rules', 'accepted'].includes(key)) fail(`unknown key ${key}`);
  }
  const minSunsetDays = node.minSunsetDays ?? DEFAULT_MIN_SUNSET_DAYS;
  if (typeof minSunsetDays !== 'number' || !Number.isInteger(minSunsetDays) || minSunsetDays < 0) {
    fail('minSunsetDays must be a whole number of days, 0 or more');
  }
  // A present but misshapen section is refused, not read as empty: `rules:` left as a list would
  // otherwise drop every override without a word.
  if ('rules' in node && !isNode(node.rules)) fail('rules must be a mapping of rule name to override');
  if ('accepted' in node && !Array.isArray(node.accepted)) fail('accepted must be a list');
  const rules: Policy['rules'] = {};
  for (const [kind, raw] of Object.entries(isNode(node.rules) ? node.rules : {})) {
    // Own keys only: `toString` or `__proto__` are "in" every object through its prototype.
    if (!Object.hasOwn(RULES, kind)) fail(`rules.${kind}: no such rule (see packages/workflow/README.md)`);
    const entry = isNode(raw) ? raw : {};
    const severity = entry.severity;
    if (!SEVERITIES.includes(severity as Severity)) {
      fail(`rules.${kind}.severity must be one of ${SEVERITIES.join(', ')}`);
    }
    rules[kind as ChangeKind] = {
      severity: severity as Severity,
      reason: reasonOf(entry, `rules.${kind}`, fail),
    };
  }
  const accepted = (Array.isArray(node.accepted) ? node.accepted : []).map((raw, index) => {
    const entry = isNode(raw) ? raw : {};
    const id = entry.fingerprint;
    if (typeof id !== 'string' || !/^[0-9a-f]{12}$/.test(id)) {
      fail(`accepted[${index}].fingerprint must be the 12-character id the gate prints`);
    }
    return { fingerprint: id as string, reason: reasonOf(entry, `accepted[${index}]`, fail) };
  });
  // A second entry for one fingerprint would be shadowed by the first, its reason never printed.
  accepted.forEach(({ fingerprint: id }, index) => {
    const first = accepted.findIndex((a) => a.fingerprint === id);
    if (first !== index) fail(`accepted[${index}].fingerprint ${id} is already accepted[${first}]`);
  });
  return { source, minSunsetDays: minSunsetDays as number, rules, accepted };
}

function reasonOf(entry: Record<string, unknown>, where: string, fail: (m: string) => never): string {
  const reason = entry.reason;
  if (typeof reason !== 'string' || reason.trim() === '') fail(`${where}.reason is required: say why`);
  return (reason as string).trim();
}

/**
 * Gives each change its effective severity and says what decided it: the rule's default or the
 * policy's override; then an accepted fingerprint, or a draft/alpha/beta operation, waives a
 * breaking change (still reported, no longer blocking).
 */
export function applyPolicy(changes: readonly Change[], policy: Policy): DecidedChange[] {
  const accepted = new Map(policy.accepted.map((a) => [a.fingerprint, a.reason]));
  return changes.map((change) => {
    const id = fingerprint(change);
    const override = policy.rules[change.kind];
    const severity = override?.severity ?? change.severity;
    const decided: DecidedChange = {
      ...change,
      severity,
      fingerprint: id,
      decidedBy: override ? `policy: ${override.reason}` : 'rule default',
      blocking: severity === 'breaking',
    };
    const acceptedReason = accepted.get(id);
    if (acceptedReason !== undefined) {
      return { ...decided, blocking: false, waived: 'accepted', decidedBy: `accepted: ${acceptedReason}` };
    }
    if (change.stability !== undefined && severity === 'breaking') {
      return {
        ...decided,
        blocking: false,
        waived: 'stability',
        decidedBy: `stability: ${change.stability}`,
      };
    }
    return decided;
  });
}

/** Accepted fingerprints that matched no change: stale entries a reviewer can delete. */
export function unusedAcceptances(changes: readonly DecidedChange[], policy: Policy): string[] {
  const seen = new Set(changes.map((c) => c.fingerprint));
  return policy.accepted.map((a) => a.fingerprint).filter((id) => !seen.has(id));
}
