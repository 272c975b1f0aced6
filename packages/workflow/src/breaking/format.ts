import type { DecidedChange } from './policy.ts';
import { type Change, SEVERITIES } from './rules.ts';
import { requiredBump } from './version.ts';

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

/** One-line count: `3 changes: 1 breaking, 2 additive` (levels with no change are left out). */
export function changeSummary(changes: readonly Change[]): string {
  const counts = SEVERITIES.map((s) => [s, changes.filter((c) => c.severity === s).length] as const)
    .filter(([s, n]) => n > 0 || s === 'breaking')
    .map(([s, n]) => `${n} ${s}`);
  return `${changes.length} change${changes.length === 1 ? '' : 's'}: ${counts.join(', ')}`;
}

const CHANGELOG_HEADINGS = {
  breaking: 'Breaking changes',
  warning: 'Warnings (deprecations, looser responses)',
  additive: 'Additions',
  info: 'Documentation',
} as const;

/**
 * The text of a changeset for these changes. Its first line becomes the changelog entry and the lists
 * under it, grouped by severity, say which spec change caused it, so a release's changelog names the
 * spec edits. The bump is the one `info.version` needs too.
 */
export function changesetText(
  changes: readonly DecidedChange[],
  packages: readonly string[],
  baseLabel: string,
): { bump: 'major' | 'minor' | 'patch'; text: string } {
  const bump = requiredBump(changes) ?? 'patch';
  const header = packages.map((p) => `'${p}': ${bump}`).join('\n');
  const headline =
    bump === 'major'
      ? `Breaking API change from the spec (${changeSummary(changes)} since ${baseLabel}).`
      : bump === 'minor'
        ? `API additions from the spec (${changeSummary(changes)} since ${baseLabel}).`
        : `API documentation changes from the spec (${changeSummary(changes)} since ${baseLabel}).`;
  const groups = SEVERITIES.flatMap((severity) => {
    const group = changes.filter((c) => c.severity === severity);
    if (group.length === 0) return [];
    const list = group.map(
      (c) => `- ${c.severity} \`${c.kind}\`${c.operation ? ` ${c.operation}` : ''}: ${c.message}`,
    );
    return [`**${CHANGELOG_HEADINGS[severity]}**\n\n${list.join('\n')}`];
  });
  return { bump, text: `---\n${header}\n---\n\n${headline}\n\n${groups.join('\n\n')}\n` };
}
