import type { ReportedChange } from '../../gate.ts';

/** Changes with one source pointer, rule, values and verdict: one edit seen from several operations. */
export interface ChangeGroup {
  first: ReportedChange;
  changes: ReportedChange[];
}

/**
 * Groups changes that share one source pointer, rule, values and verdict, in report order: a shared
 * component edited once (a header's pattern) reaches every operation and status that uses it, and a
 * reviewer wants one annotation or row for that one edit, listing where it lands.
 */
export function groupBySource(changes: readonly ReportedChange[]): ChangeGroup[] {
  const groups = new Map<string, ChangeGroup>();
  for (const change of changes) {
    const key = [
      change.pointer,
      change.kind,
      change.severity,
      change.decidedBy,
      String(change.blocking),
      change.waived ?? '',
      JSON.stringify(change.values ?? null),
    ].join('\n');
    const group = groups.get(key);
    if (group) group.changes.push(change);
    else groups.set(key, { first: change, changes: [change] });
  }
  return [...groups.values()];
}

/** Where a group's change lands: `DELETE /a (response 204 header X, response 401 header X); GET /b (...)`. */
export function placesOf(group: ChangeGroup): string {
  const byOperation = new Map<string, string[]>();
  for (const c of group.changes) {
    const operation = c.operation ?? '(document)';
    byOperation.set(operation, [...(byOperation.get(operation) ?? []), c.location]);
  }
  return [...byOperation]
    .map(([operation, locations]) => `${operation} (${locations.join(', ')})`)
    .join('; ');
}

/** The operations of a group, each once, in report order. */
export function operationsOf(group: ChangeGroup): string[] {
  return [...new Set(group.changes.flatMap((c) => (c.operation === undefined ? [] : [c.operation])))];
}
