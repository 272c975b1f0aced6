import type { GateResult } from '../../gate.ts';
import { groupBySource, operationsOf, placesOf } from './group.ts';

// GitHub's workflow-command escaping: data loses %, CR, LF; properties also , and :.
const data = (s: string) => s.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
const property = (s: string) => data(s).replaceAll(':', '%3A').replaceAll(',', '%2C');

/**
 * GitHub Actions annotations (`::error file=...,line=...::...`): each change shows up on the split
 * spec file and line that changed, in the pull request's diff. Blocking changes are errors, waived
 * breaking changes and warnings are warnings, the rest notices. Changes with one source pointer (a
 * shared component reached by many operations) are one annotation listing where they land.
 */
export function githubReport(result: GateResult): string {
  const lines = groupBySource(result.changes).map((group) => {
    const c = group.first;
    const level = c.blocking
      ? 'error'
      : c.severity === 'breaking' || c.severity === 'warning'
        ? 'warning'
        : 'notice';
    const many = group.changes.length > 1;
    const operations = operationsOf(group);
    const where = many
      ? ` (${group.changes.length} places in ${operations.length} operation${operations.length === 1 ? '' : 's'})`
      : c.operation
        ? ` ${c.operation}`
        : '';
    const props = [
      ...(c.source ? [`file=${property(c.source.file)}`, `line=${c.source.line}`] : []),
      `title=${property(`${c.severity} ${c.kind}${where}`)}`,
    ].join(',');
    const text = many
      ? `${c.message} The same change at: ${placesOf(group)}. (${c.decidedBy}; fingerprints ${group.changes.map((g) => g.fingerprint).join(' ')})`
      : `${c.message} (${c.decidedBy}; fingerprint ${c.fingerprint})`;
    return `::${level} ${props}::${data(text)}`;
  });
  if (!result.version.ok) {
    const line = result.verdict.find((l) => l.includes('info.version')) ?? result.version.message;
    const { source } = result.version;
    const at = source ? `file=${property(source.file)},line=${source.line},` : '';
    lines.push(`::error ${at}title=info.version::${data(line)}`);
  }
  lines.push(...result.verdict);
  return `${lines.join('\n')}\n`;
}
