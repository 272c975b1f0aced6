import type { GateResult } from '../../gate.ts';
import { changeSummary } from '../format.ts';
import { SEVERITIES } from '../rules.ts';
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
    for (const c of group) {
      const source = c.source ? `\`${c.source.file}:${c.source.line}\`` : '-';
      const decided = c.waived ? `**waived**, ${c.decidedBy}` : c.decidedBy;
      out.push(
        `| \`${c.kind}\` | ${c.operation ? `\`${c.operation}\`` : '-'} | ${cell(c.message)} | ${source} | ${cell(decided)} | \`${c.fingerprint}\` |`,
      );
    }
  }
  out.push('', ...result.verdict.map((line) => `> ${line}`));
  return `${out.join('\n')}\n`;
}
