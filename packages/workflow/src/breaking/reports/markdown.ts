import type { GateResult } from '../../gate.ts';
import { changeSummary } from '../format.ts';
import { SEVERITIES } from '../rules.ts';
import { groupBySource, operationsOf, placesOf } from './group.ts';
import { policyLine } from './text.ts';

const HEADINGS = {
  breaking: 'Breaking',
  warning: 'Warnings',
  additive: 'Additive',
  info: 'Documentation only',
} as const;

// Pipes and newlines would end a table cell early.
const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** The Markdown report: what a reviewer reads in a pull request or a job summary, grouped by severity. */
export function markdownReport(result: GateResult): string {
  const { changes } = result;
  const out = [
    `## API changes since \`${result.base.ref}\``,
    '',
    `${result.verdict.some((l) => l.startsWith('FAIL')) ? '❌' : '✅'} ${changeSummary(changes)}. ${result.version.message}.`,
    '',
    `Policy: ${cell(policyLine(result))}`,
  ];
  for (const severity of SEVERITIES) {
    const group = changes.filter((c) => c.severity === severity);
    if (group.length === 0) continue;
    out.push('', `### ${HEADINGS[severity]} (${group.length})`, '');
    out.push(
      '| Rule | Operation | Change | Source | Decided by | Fingerprint |',
      '|---|---|---|---|---|---|',
    );
    // One row per edit: changes with one source pointer (a shared component) list where they land.
    for (const { first: c, changes: same } of groupBySource(group)) {
      const source = c.source ? `\`${c.source.file}:${c.source.line}\`` : '-';
      const decided = c.waived ? `**waived**, ${c.decidedBy}` : c.decidedBy;
      const many = same.length > 1;
      const operations = operationsOf({ first: c, changes: same });
      const message = many
        ? `${c.message} The same change at ${same.length} places: ${placesOf({ first: c, changes: same })}.`
        : c.message;
      out.push(
        `| \`${c.kind}\` | ${operations.length > 0 ? operations.map((o) => `\`${o}\``).join('<br>') : '-'} | ${cell(message)} | ${source} | ${cell(decided)} | ${same.map((s) => `\`${s.fingerprint}\``).join(' ')} |`,
      );
    }
  }
  out.push('', ...result.verdict.map((line) => `> ${line}`));
  return `${out.join('\n')}\n`;
}
