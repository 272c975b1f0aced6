import type { GateResult } from '../../gate.ts';
import { changeSummary, textTable } from '../format.ts';

/** The plain-text report printed to a terminal or a CI log (no colours). */
export function textReport(result: GateResult): string {
  const { changes } = result;
  const table = textTable(
    ['SEVERITY', 'KIND', 'OPERATION', 'WHERE', 'DECIDED BY', 'FINGERPRINT'],
    changes.map((c) => [
      c.waived ? `${c.severity} (waived)` : c.severity,
      c.kind,
      c.operation ?? '-',
      c.location,
      c.decidedBy,
      c.fingerprint,
    ]),
  );
  return [
    `Base: ${result.base.ref} (${result.base.how})`,
    `Policy: ${policyLine(result)}`,
    '',
    changes.length > 0 ? table : 'No API changes.',
    '',
    changeSummary(changes),
    `Version: ${result.version.message}`,
    ...result.verdict,
  ].join('\n');
}

/** `spec/breaking-policy.yaml (2 overrides, 1 accepted, sunset grace 90 days)`. */
export function policyLine({ policy }: GateResult): string {
  const unused = policy.unused.length > 0 ? `; accepted but unused: ${policy.unused.join(', ')}` : '';
  return `${policy.source} (${policy.overrides} override${policy.overrides === 1 ? '' : 's'}, ${policy.accepted} accepted, sunset grace ${policy.minSunsetDays} days${unused})`;
}
