import type { Change } from './rules.ts';

/** Renders rows as a plain-text table with aligned columns (no colours: it lands in CI logs). */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The gate's change table: one row per change, breaking ones first. */
export function changeTable(changes: readonly Change[]): string {
  return textTable(
    ['SEVERITY', 'KIND', 'OPERATION', 'WHERE'],
    changes.map((c) => [c.severity, c.kind, c.operation ?? '-', c.location]),
  );
}

/** One-line count: `3 changes: 1 breaking, 2 additive`. */
export function changeSummary(changes: readonly Change[]): string {
  const breaking = changes.filter((c) => c.severity === 'breaking').length;
  return `${changes.length} change${changes.length === 1 ? '' : 's'}: ${breaking} breaking, ${changes.length - breaking} additive`;
}

/**
 * The text of a changeset for these changes. Its first line becomes the changelog entry and the list
 * under it says which spec change caused it, so a release's changelog names the spec edits.
 */
export function changesetText(
  changes: readonly Change[],
  packages: readonly string[],
  baseLabel: string,
): { bump: 'major' | 'minor'; text: string } {
  const bump = changes.some((c) => c.severity === 'breaking') ? 'major' : 'minor';
  const header = packages.map((p) => `'${p}': ${bump}`).join('\n');
  const headline =
    bump === 'major'
      ? `Breaking API change from the spec (${changeSummary(changes)} since ${baseLabel}).`
      : `API additions from the spec (${changeSummary(changes)} since ${baseLabel}).`;
  const list = changes
    .map((c) => `- ${c.severity} \`${c.kind}\`${c.operation ? ` ${c.operation}` : ''}: ${c.message}`)
    .join('\n');
  return { bump, text: `---\n${header}\n---\n\n${headline}\n\n${list}\n` };
}
